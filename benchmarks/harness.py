"""What the benchmark scripts share: the simulator in a child process, virtual time, tables.

The simulator serves from its own process so that the client's CPU time (``time.process_time``)
and allocations (``tracemalloc``) are the client's alone.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import multiprocessing
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SALES = "total sales by region"
WIDE = "wide result"

WIDE_TABLE = """
CREATE TABLE wide AS
SELECT
  i::BIGINT AS id,
  (i % 100)::TINYINT AS tiny,
  (i % 30000)::SMALLINT AS small,
  (i * 7 % 100000)::INTEGER AS quantity,
  (i * 1.25)::DECIMAL(10, 2) AS price,
  (i * 3.14159)::DECIMAL(38, 6) AS amount,
  i / 7.0 AS ratio,
  (i / 3.0)::FLOAT AS score,
  i % 2 = 0 AS active,
  DATE '2023-01-01' + (i % 730)::INTEGER AS day,
  TIMESTAMP '2023-01-01 08:00:00' + to_seconds(i * 37) AS created,
  'customer ' || i AS name,
  ['EMEA', 'AMER', 'APAC', 'LATAM'][i % 4 + 1] AS region,
  chr((65 + i % 26)::INTEGER) || chr((65 + i % 7)::INTEGER) AS code,
  [i % 10, i % 7] AS tags,
  {'x': i % 100, 'y': i % 9} AS point,
  map(['a', 'b'], [i * 0.5, i * 0.25]) AS attributes,
  (i % 17)::BIGINT * 1000 AS views,
  'note ' || (i % 97) AS note,
  (i % 5)::INTEGER AS stars
FROM range(5000) AS t(i)
"""
"""A 5,000 x 20 result of mixed types (ints, decimals, floats, dates, timestamps, nested)."""


# -- the simulator in a child process ---------------------------------------------------------


def _serve(conn: Any, settings: dict[str, Any]) -> None:
    from genie_sdk.simulator import GenieSimulator

    with GenieSimulator(**settings) as sim:

        def prepare() -> None:
            sim.execute_sql(WIDE_TABLE)
            sim.add_answer(f"^{WIDE}$", sql="SELECT * FROM wide ORDER BY id")

        prepare()
        conn.send({"url": sim.url, "token": sim.token, "space_id": sim.space_id})
        while True:
            command = conn.recv()
            if command == "stats":
                conn.send({"messages": sim.messages_created, "requests": len(sim.requests)})
            elif command == "reset":
                sim.reset(**settings)
                prepare()
                conn.send("ok")
            else:
                return


@dataclass
class SimProcess:
    """A simulator served by a child process; ``stats()`` and ``reset()`` ask it over a pipe."""

    url: str
    token: str
    space_id: str
    _conn: Any = field(repr=False)

    def stats(self) -> dict[str, int]:
        self._conn.send("stats")
        stats: dict[str, int] = self._conn.recv()
        return stats

    def reset(self) -> None:
        self._conn.send("reset")
        self._conn.recv()


@contextmanager
def sim_process(**settings: Any) -> Iterator[SimProcess]:
    """A simulator in a child process (``rate_limit=None`` and ``advance="poll"`` unless given)."""
    settings.setdefault("rate_limit", None)
    settings.setdefault("advance", "poll")
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(theirs, settings), daemon=True)
    child.start()
    details = ours.recv()
    try:
        yield SimProcess(details["url"], details["token"], details["space_id"], ours)
    finally:
        ours.send("stop")
        child.join(timeout=10)


# -- virtual time -----------------------------------------------------------------------------


class VirtualTime:
    """Clocks that only sleeping moves, instantly, together with a frozen simulator clock."""

    def __init__(self, advance: Callable[[float], None]) -> None:
        self._advance = advance
        self._monotonic, self._time = time.monotonic(), time.time()
        self.elapsed = 0.0

    def monotonic(self) -> float:
        return self._monotonic + self.elapsed

    def time(self) -> float:
        return self._time + self.elapsed

    def sleep(self, seconds: float) -> None:
        self.elapsed += seconds
        self._advance(seconds)


# -- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one measured run."""

    wall: float
    cpu: float


def timed(work: Callable[[], object]) -> Timing:
    """Run ``work`` once; return its wall time and this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def median_timing(work: Callable[[], object], runs: int) -> Timing:
    """Warm up once, then the median wall and CPU time of ``runs`` runs."""
    work()
    timings = [timed(work) for _ in range(runs)]
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


# -- reporting --------------------------------------------------------------------------------


@dataclass
class Section:
    """One part of the report: a heading, markdown, and data for plots."""

    title: str
    markdown: str
    data: dict[str, Any] = field(default_factory=dict)


def table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> str:
    """A GitHub markdown table; ``align`` has one ``l``/``r`` per column (default: left, right…)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---" if a == "l" else "---:" for a in align]
    lines = [header, rule, *[[str(cell) for cell in row] for row in rows]]
    return "\n".join("| " + " | ".join(map(str, line)) + " |" for line in lines)


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """A markdown paragraph describing where and when the benchmarks ran."""
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("genie-sdk", "databricks-sdk", "httpx", "pydantic", "pandas", "pyarrow")
    )
    return (
        f"Run on {today}: Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu_model()}). "
        f"Packages: {packages}."
    )


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f}"


def mib(size: float) -> str:
    return f"{size / 2**20:,.1f}"
