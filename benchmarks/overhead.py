"""Per-request overhead: sequential GETs of a message and of the space list, per client.

The simulator serves from a child process, so the client's CPU time per call is the client's own
work: building, sending, parsing and typing the response. Wall time per call also includes the
simulator's work and the loopback round trip, the same for every client.

Run: ``python benchmarks/overhead.py [--calls N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
from collections.abc import Callable
from typing import Any

import httpx
from databricks.sdk import WorkspaceClient
from harness import Section, SimProcess, Timing, sim_process, table, timed, us

from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.auth import PAT

FAST = PollingPolicy(initial=0.01, maximum=0.05)
TARGET = 1.10
"""Issue 14's goal: client CPU per GET of a message at most this many times raw httpx's."""


def one_message(sim: SimProcess) -> tuple[str, str]:
    """Ask a question and return its conversation and message ids."""
    with GenieClient(sim.url, auth=PAT(sim.token), polling=FAST) as client:
        answer = client.ask(sim.space_id, "total sales by region")
    return answer.conversation_id, answer.message_id


def clients(sim: SimProcess, conversation: str, message: str) -> dict[str, dict[str, Any]]:
    """For each client: a callable per operation, and what to close afterwards."""
    space = sim.space_id
    headers = {"Authorization": f"Bearer {sim.token}"}
    base = f"{sim.url}/api/2.0/genie/spaces"
    message_url = f"{base}/{space}/conversations/{conversation}/messages/{message}"
    ours = GenieClient(sim.url, auth=PAT(sim.token))
    theirs = WorkspaceClient(host=sim.url, token=sim.token)
    raw = httpx.Client(headers=headers)
    loop = asyncio.new_event_loop()
    ours_async = AsyncGenieClient(sim.url, auth=PAT(sim.token))
    raw_async = httpx.AsyncClient(headers=headers)

    def in_loop(make: Callable[[], Any]) -> Callable[[int], None]:
        def run(calls: int) -> None:
            async def many() -> None:
                for _ in range(calls):
                    await make()

            loop.run_until_complete(many())

        return run

    def repeat(call: Callable[[], Any]) -> Callable[[int], None]:
        def run(calls: int) -> None:
            for _ in range(calls):
                call()

        return run

    async def raw_async_message() -> Any:
        return (await raw_async.get(message_url)).json()

    async def raw_async_spaces() -> Any:
        return (await raw_async.get(base)).json()

    async def ours_async_spaces() -> Any:
        return [space async for space in ours_async.spaces.list()]

    def close() -> None:
        ours.close()
        raw.close()
        loop.run_until_complete(ours_async.aclose())
        loop.run_until_complete(raw_async.aclose())
        loop.close()

    return {
        "genie_sdk (sync)": {
            "message": repeat(lambda: ours.messages.get(space, conversation, message)),
            "spaces": repeat(lambda: list(ours.spaces.list())),
        },
        "genie_sdk (async)": {
            "message": in_loop(lambda: ours_async.messages.get(space, conversation, message)),
            "spaces": in_loop(ours_async_spaces),
        },
        "databricks-sdk": {
            "message": repeat(lambda: theirs.genie.get_message(space, conversation, message)),
            "spaces": repeat(lambda: theirs.genie.list_spaces().spaces),
        },
        "raw httpx (sync)": {
            "message": repeat(lambda: raw.get(message_url).json()),
            "spaces": repeat(lambda: raw.get(base).json()),
        },
        "raw httpx (async)": {
            "message": in_loop(raw_async_message),
            "spaces": in_loop(raw_async_spaces),
        },
        "_close": {"close": close},
    }


def interleaved(
    made: dict[str, dict[str, Callable[[int], None]]], calls: int, runs: int, seed: int = 14
) -> dict[tuple[str, str], list[Timing]]:
    """Every run of every client's operations, measured in rounds that take turns.

    On a shared machine the load drifts; taking turns, in a new (seeded) order each round,
    spreads the drift over every client instead of favouring the one that happened to run in a
    quiet minute, and lets each round compare clients measured moments apart.
    """
    jobs = [
        (name, operation, work) for name, ops in made.items() for operation, work in ops.items()
    ]
    for _, _, work in jobs:
        work(calls)  # warm-up
    order = random.Random(seed)
    timings: dict[tuple[str, str], list[Timing]] = {(n, o): [] for n, o, _ in jobs}
    for _ in range(runs):
        order.shuffle(jobs)
        for name, operation, work in jobs:
            timings[name, operation].append(timed(lambda work=work: work(calls)))
    return timings


def median_ratio(ours: list[Timing], base: list[Timing]) -> float:
    """The median over rounds of the CPU ratio of two clients measured in the same round."""
    return statistics.median(a.cpu / b.cpu for a, b in zip(ours, base, strict=True))


def run(calls: int = 200, runs: int = 25) -> Section:
    """Measure every client; return the report section."""
    with sim_process() as sim:
        conversation, message = one_message(sim)
        made = clients(sim, conversation, message)
        close = made.pop("_close")["close"]
        try:
            rounds = interleaved(made, calls, runs)
        finally:
            close()
    results = {
        name: {
            operation: Timing(
                statistics.median(t.wall for t in rounds[name, operation]),
                statistics.median(t.cpu for t in rounds[name, operation]),
            )
            for operation in ops
        }
        for name, ops in made.items()
    }
    ratios: dict[tuple[str, str], float] = {}
    rows = []
    for name, timings in results.items():
        base_name = "raw httpx (async)" if "async" in name else "raw httpx (sync)"
        row: list[object] = [name]
        for operation in ("message", "spaces"):
            timing = timings[operation]
            ratio = median_ratio(rounds[name, operation], rounds[base_name, operation])
            ratios[name, operation] = ratio
            row += [us(timing.wall / calls), us(timing.cpu / calls)]
            extra = statistics.median(
                (a.cpu - b.cpu) / calls
                for a, b in zip(rounds[name, operation], rounds[base_name, operation], strict=True)
            )
            row.append(f"{extra * 1e6:+,.0f} ({ratio:.2f}x)")
        rows.append(row)
    targets = []
    for kind in ("sync", "async"):
        ratio = ratios[f"genie_sdk ({kind})", "message"]
        targets.append((f"CPU per GET vs raw httpx ({kind})", ratio, TARGET, ratio <= TARGET))
    header = ["client", "GET message: wall µs", "CPU µs", "CPU vs raw httpx"]
    header += ["list spaces: wall µs", "CPU µs", "CPU vs raw httpx"]
    text = (
        f"{calls:,} sequential calls per run, {runs} rounds after a warm-up run, in which "
        "every client runs once, in a new order each round; µs are medians over the rounds, "
        "and *CPU vs raw httpx* is the median over rounds of the difference and of the ratio of "
        "the two clients' CPU in the same round (the machine's load drifts; a round's clients "
        "run moments apart). The "
        "simulator serves from a child process, so *CPU* is the client's own work per call "
        "(request building, auth, retries, logging, JSON parsing and typed models), and *wall* "
        "adds the simulator's time and the loopback round trip, the same for every client. *vs raw "
        "httpx* compares with raw httpx of the same kind (sync or async).\n\n" + table(header, rows)
    )
    goals = [
        [name, f"{ratio:.2f}x", f"<= {goal:.2f}x", "met" if met else "**missed**"]
        for name, ratio, goal, met in targets
    ]
    text += "\n\nTargets (issue 14):\n\n" + table(["figure", "ratio", "goal", ""], goals)
    data = {"results": results, "calls": calls, "targets": targets, "ratios": ratios}
    return Section("Per-request overhead", text, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    print(run(args.calls, args.runs).markdown)


if __name__ == "__main__":
    main()
