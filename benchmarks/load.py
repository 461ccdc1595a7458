"""Load: 1,000 questions on one AsyncGenieClient and from 32 threads on one GenieClient.

The simulator serves from a child process (no POST rate limit, one lifecycle step per poll), so
the client's CPU time and memory are its own. Each SDK run is done twice: once timed (wall and
CPU), once sampling the client's open connections (``/proc/net/tcp``) and tracing its memory.

Run: ``python benchmarks/load.py [--questions N] [--threads N] [--crowd N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from harness import ROOT, SALES, Section, SimProcess, mib, ms, sim_process, table, timed

from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.auth import PAT

sys.path.insert(0, str(ROOT))  # the connection counter the reliability tests use
from tests.reliability.harness import ConnectionSampler, can_count_connections

POLLING = PollingPolicy(initial=0.05, maximum=0.5, timeout=300.0)
POOL = 100
"""httpx's default pool size, which the SDK's own client uses."""

Run = Callable[[SimProcess, list[str]], list[Any]]


def async_sdk() -> Run:
    """``ask_many`` on one AsyncGenieClient, every question at once."""

    def ask(sim: SimProcess, questions: list[str]) -> list[Any]:
        async def everything() -> list[Any]:
            async with AsyncGenieClient(sim.url, auth=PAT(sim.token), polling=POLLING) as client:
                return await client.ask_many(sim.space_id, questions, concurrency=len(questions))

        return asyncio.run(everything())

    return ask


def threaded_sdk(threads: int) -> Run:
    def ask(sim: SimProcess, questions: list[str]) -> list[Any]:
        with GenieClient(sim.url, auth=PAT(sim.token), polling=POLLING) as client:
            return client.ask_many(sim.space_id, questions, concurrency=threads)

    return ask


def raw_async(gate: int | None) -> Run:
    """The same flow by hand on one ``httpx.AsyncClient``, ``gate`` requests in flight at most."""

    def ask(sim: SimProcess, questions: list[str]) -> list[Any]:
        base = f"{sim.url}/api/2.0/genie/spaces/{sim.space_id}"

        async def everything() -> list[Any]:
            headers = {"Authorization": f"Bearer {sim.token}"}
            limit = asyncio.Semaphore(gate) if gate else None
            async with httpx.AsyncClient(headers=headers, timeout=300.0) as http:

                @contextlib.asynccontextmanager
                async def slot() -> AsyncIterator[None]:
                    if limit is None:
                        yield
                    else:
                        async with limit:
                            yield

                async def send(method: str, url: str, **options: Any) -> Any:
                    async with slot():
                        return (await http.request(method, url, **options)).json()

                async def one(question: str) -> Any:
                    started = await send(
                        "POST", f"{base}/start-conversation", json={"content": question}
                    )
                    ids = started["conversation_id"], started["message_id"]
                    url = f"{base}/conversations/{ids[0]}/messages/{ids[1]}"
                    wait = POLLING.initial
                    while True:
                        await asyncio.sleep(wait)
                        wait = min(wait * POLLING.multiplier, POLLING.maximum)
                        message = await send("GET", url)
                        if message["status"] == "COMPLETED":
                            break
                    attachment = message["attachments"][0]["attachment_id"]
                    return await send("GET", f"{url}/attachments/{attachment}/query-result")

                return list(await asyncio.gather(*(one(q) for q in questions)))

        return asyncio.run(everything())

    return ask


def measure(sim: SimProcess, ask: Run, questions: list[str], *, instrument: bool) -> dict[str, Any]:
    """Run once timed, then (``instrument``) once sampling connections and tracing memory."""
    sim.reset()
    outcomes: list[Any] = []
    timing = timed(lambda: outcomes.extend(ask(sim, questions)))
    stats = sim.stats()
    connections: int | None = None
    peak: float | None = None
    if instrument:
        sim.reset()
        tracemalloc.start()
        with ConnectionSampler(urlsplit(sim.url).port or 80, interval=0.005) as sampler:
            ask(sim, questions)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        connections = sampler.peak if can_count_connections() else None
    kinds = Counter(type(o).__name__ for o in outcomes)
    failed = {k: v for k, v in kinds.items() if k not in ("Answer", "AsyncAnswer", "dict")}
    return {
        "questions": len(questions),
        "answered": len(outcomes) - sum(failed.values()),
        "errors": failed,
        "wall": timing.wall,
        "cpu": timing.cpu,
        "connections": connections,
        "peak": peak,
        **stats,
    }


def row(name: str, r: dict[str, Any]) -> list[object]:
    measured = r["peak"] is not None
    count = r["questions"]
    return [
        name,
        f"{r['answered']:,} / {count:,}",
        ", ".join(f"{k} x{v}" for k, v in r["errors"].items()) or "none",
        f"{r['messages']:,}",
        f"{r['requests']:,}",
        f"{r['wall']:.1f}",
        ms(r["cpu"] / count),
        "-" if r["connections"] is None else r["connections"],
        mib(r["peak"]) if measured else "-",
        f"{r['peak'] / count / 1024:,.1f}" if measured else "-",
    ]


def run(questions: int = 1000, threads: int = 32, crowd: int = 300) -> Section:
    """Run the loads; return the report section."""
    batch = [f"{SALES} #{n}" for n in range(questions)]
    loads: dict[str, Run] = {
        f"AsyncGenieClient, {questions:,} concurrent asks": async_sdk(),
        f"GenieClient, {questions:,} asks from {threads} threads": threaded_sdk(threads),
        f"baseline: raw httpx.AsyncClient, {questions:,} flows at once, "
        f"{POOL} requests in flight": raw_async(POOL),
    }
    crowds: dict[str, Run] = {
        f"AsyncGenieClient, {crowd} concurrent asks": async_sdk(),
        f"raw httpx.AsyncClient, {crowd} flows, {POOL} requests in flight": raw_async(POOL),
        f"raw httpx.AsyncClient, {crowd} flows, ungated": raw_async(None),
    }
    results: dict[str, dict[str, Any]] = {}
    with sim_process() as sim:
        for name, ask in loads.items():
            results[name] = measure(sim, ask, batch, instrument=True)
            print(f"  {name}: {results[name]['wall']:.1f} s", file=sys.stderr)
        for name, ask in crowds.items():
            results[name] = measure(sim, ask, batch[:crowd], instrument=False)
            print(f"  {name}: {results[name]['wall']:.1f} s", file=sys.stderr)
    header = ["run", "answered", "errors", "messages created", "requests", "wall (s)"]
    header += ["client CPU ms/question", "peak connections", "peak memory (MiB)", "KiB/question"]
    align = "lrlrrrrrrr"
    text = (
        "Each client with its own default pool (httpx's: at most "
        f"{POOL} connections), polling every {POLLING.initial} s doubling to "
        f"{POLLING.maximum} s; the simulator answers each question after 4 polls, then the "
        "client fetches its 5-row result. *Requests* and *messages created* are the "
        "simulator's counts; *peak connections* are the client's established connections, "
        "sampled every 5 ms in a second run that also traces memory (wall and CPU come from a "
        "run without either). The simulator, a single process, bounds the throughput. The "
        "baseline does the same flow by hand.\n\n"
        + table(header, [row(name, results[name]) for name in loads], align)
        + "\n\n**Requests past the pool size.** `AsyncGenieClient` keeps at most a pool's "
        "worth of requests in flight and lets the rest wait on a semaphore: past the pool's "
        "size, requests queue inside httpcore's connection pool, whose bookkeeping scans every "
        "queued request against every connection each time one is sent or finished, so its "
        f"CPU cost grows with the square of the crowd. {crowd} questions at once, timed only "
        "(an ungated raw client at 1,000 questions had not finished after 15 minutes of "
        "CPU):\n\n" + table(header, [row(name, results[name]) for name in crowds], align)
    )
    headline = [name for name in loads if not name.startswith("baseline")]
    return Section(
        "Load: 1,000 questions on one client", text, {"results": results, "headline": headline}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--crowd", type=int, default=300)
    args = parser.parse_args()
    print(run(args.questions, args.threads, args.crowd).markdown)


if __name__ == "__main__":
    main()
