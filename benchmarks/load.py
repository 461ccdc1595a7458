"""Load: 1,000 questions on one AsyncGenieClient and from 32 threads on one GenieClient.

The simulator serves from a child process (no POST rate limit, one lifecycle step per poll), so
the client's CPU time and memory are its own. Each SDK run is done twice: once timed (wall and
CPU), once sampling the client's open connections (``/proc/net/tcp``) and tracing its memory.

A second table shows why the async runs keep at most a pool's worth of requests in flight:
past httpx's pool size, requests queue inside httpcore's connection pool, whose bookkeeping
scans every queued request against every connection each time one is sent or finished.

Run: ``python benchmarks/load.py [--questions N] [--threads N] [--crowd N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from harness import SALES, ConnectionPeak, Section, SimProcess, mib, ms, sim_process, table, timed

from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.auth import PAT

POLLING = PollingPolicy(initial=0.05, maximum=0.5, timeout=300.0)
POOL = httpx.Limits().max_connections
"""httpx's default pool size, which the SDK's own client uses."""

Run = Callable[[SimProcess, list[str]], list[Any]]


def async_sdk(concurrency: int | None, pool: int | None = None) -> Run:
    """``ask_many`` on one AsyncGenieClient (its own pool, or a ``pool``-connection client)."""

    def ask(sim: SimProcess, questions: list[str]) -> list[Any]:
        async def everything() -> list[Any]:
            limits = httpx.Limits(max_connections=pool) if pool else None
            async with contextlib.AsyncExitStack() as stack:
                http = None
                if limits is not None:
                    http = await stack.enter_async_context(httpx.AsyncClient(limits=limits))
                client = AsyncGenieClient(
                    sim.url, auth=PAT(sim.token), polling=POLLING, http_client=http
                )
                stack.push_async_callback(client.aclose)
                width = concurrency or len(questions)
                return await client.ask_many(sim.space_id, questions, concurrency=width)

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
        with ConnectionPeak(urlsplit(sim.url).port or 80) as sampler:
            ask(sim, questions)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        connections = sampler.peak
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


def run(questions: int = 1000, threads: int = 32, crowd: int = 200) -> Section:
    """Run the loads; return the report section."""
    batch = [f"{SALES} #{n}" for n in range(questions)]
    crowded = batch[:crowd]
    loads: dict[str, tuple[Run, list[str]]] = {
        f"AsyncGenieClient, {questions:,} asks, {POOL} at a time (its own pool)": (
            async_sdk(POOL),
            batch,
        ),
        f"AsyncGenieClient, {questions:,} asks all at once, {questions:,}-connection pool": (
            async_sdk(None, pool=questions),
            batch,
        ),
        f"GenieClient, {questions:,} asks from {threads} threads (its own pool)": (
            threaded_sdk(threads),
            batch,
        ),
    }
    crowds: dict[str, tuple[Run, list[str]]] = {
        f"AsyncGenieClient, {crowd} asks all at once, its own pool": (async_sdk(None), crowded),
        f"raw httpx.AsyncClient, {crowd} flows all at once": (raw_async(None), crowded),
        f"raw httpx.AsyncClient, {crowd} flows, {POOL} requests in flight": (
            raw_async(POOL),
            crowded,
        ),
    }
    results: dict[str, dict[str, Any]] = {}
    with sim_process() as sim:
        for name, (ask, asked) in loads.items():
            results[name] = measure(sim, ask, asked, instrument=True)
        for name, (ask, asked) in crowds.items():
            results[name] = measure(sim, ask, asked, instrument=False)
    header = ["run", "answered", "errors", "messages created", "requests", "wall (s)"]
    header += ["client CPU ms/question", "peak connections", "peak memory (MiB)", "KiB/question"]
    align = "lrlrrrrrrr"
    text = (
        f"Polling every {POLLING.initial} s doubling to {POLLING.maximum} s; the simulator "
        "answers each question after 4 polls, then the client fetches its 5-row result. "
        "*Requests* and *messages created* are the simulator's counts; *peak connections* are "
        "the client's established connections, sampled every 5 ms in a second run that also "
        "traces memory (wall and CPU come from a run without either). The simulator, a single "
        "process, bounds the throughput.\n\n"
        + table(header, [row(name, results[name]) for name in loads], align)
        + f"\n\n**Requests past the pool size.** The same flow, {crowd} questions at once, "
        "timed only: the SDK's async client (it hands every request to httpx at once), the "
        "flow by hand on a raw `httpx.AsyncClient`, and the same with at most "
        f"{POOL} requests in flight (an `asyncio.Semaphore`). The difference is CPU spent in "
        "httpcore's connection pool on the queued requests.\n\n"
        + table(header, [row(name, results[name]) for name in crowds], align)
    )
    return Section("Load: 1,000 questions on one client", text, {"results": results})


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--crowd", type=int, default=200)
    args = parser.parse_args()
    print(run(args.questions, args.threads, args.crowd).markdown)


if __name__ == "__main__":
    main()
