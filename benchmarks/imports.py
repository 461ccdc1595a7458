"""Import cost: time, modules loaded and memory of ``import genie_sdk`` and its peers.

Each import runs in a fresh interpreter (``python -c``), timed from inside with
``time.perf_counter`` (so interpreter start-up is excluded); the median of ``--runs`` runs.
Memory is what ``tracemalloc`` saw allocated by the import, in a separate run.

Run: ``python benchmarks/imports.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from typing import Any

from harness import Section, mib, ms, table

IMPORTS = {
    "genie_sdk": "import genie_sdk",
    "genie_sdk, GenieClient": "from genie_sdk import GenieClient",
    "httpx, pydantic, tenacity": "import httpx, pydantic, tenacity",
    "databricks-sdk": "from databricks.sdk import WorkspaceClient",
    "httpx": "import httpx",
}
BARE = "httpx, pydantic, tenacity"
"""The libraries genie_sdk is built on, imported bare: the floor ``import genie_sdk`` is held to."""
TARGET = 1.2
"""Goal for ``import genie_sdk`` against the bare import of its libraries."""
HEAVY = (
    "numpy",
    "pandas",
    "pyarrow",
    "duckdb",
    "starlette",
    "uvicorn",
    "typer",
    "rich",
    "requests",
    "google",
)
"""Large packages whose loading the table reports."""

_PROBE = """
import json, sys, time, tracemalloc
before = set(sys.modules)
if {trace}:
    tracemalloc.start()
started = time.perf_counter()
exec({statement!r})
elapsed = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1] if {trace} else 0
loaded = set(sys.modules) - before
heavy = sorted(name for name in {heavy!r} if name in loaded)
print(json.dumps({{"seconds": elapsed, "modules": len(loaded), "peak": peak, "heavy": heavy}}))
"""


def probe(statement: str, *, trace: bool) -> dict[str, Any]:
    code = _PROBE.format(statement=statement, trace=trace, heavy=HEAVY)
    # Imports run from compiled bytecode, as after an install: a shell that forbids writing it
    # would have this project's sources (and no installed package) compiled on every import.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    result: dict[str, Any] = json.loads(output)
    return result


def run(runs: int = 7) -> Section:
    """Measure every import; return the report section."""
    rows = []
    rounds: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for statement in IMPORTS.values():  # a warm-up that writes the bytecode the rounds read
        probe(statement, trace=False)
    for _ in range(runs):  # the imports take turns, so that a drift in load hits them alike
        for name, statement in IMPORTS.items():
            rounds[name].append(probe(statement, trace=False)["seconds"])
    seconds = {name: statistics.median(times) for name, times in rounds.items()}
    for name, statement in IMPORTS.items():
        traced = probe(statement, trace=True)
        heavy = ", ".join(traced["heavy"]) or "none"
        rows.append([name, ms(seconds[name]), traced["modules"], mib(traced["peak"]), heavy])

    def ratio_to_bare(name: str) -> float:
        """The median over rounds of the ratio to the bare import of the same round."""
        pairs = zip(rounds[name], rounds[BARE], strict=True)
        return statistics.median(ours / bare for ours, bare in pairs)

    ratio = ratio_to_bare("genie_sdk")
    client_ratio = ratio_to_bare("genie_sdk, GenieClient")
    text = (
        f"Fresh interpreter per import, median of {runs} rounds in which the imports take "
        "turns (ratios: median over rounds of the ratio in the same round); start-up of Python "
        "itself excluded. *Memory* is what tracemalloc saw allocated during the import; the last "
        f"column names which of {', '.join(HEAVY)} the import loaded (httpx loads rich "
        "itself when its command line is installed). `import genie_sdk` loads the errors and "
        "defers the rest to first use; `from genie_sdk import GenieClient` adds the client, "
        "the models and pydantic's model machinery, which the bare `import pydantic` does not "
        "load.\n\n"
        f"`import genie_sdk` vs the bare `import {BARE}`: {ratio:.2f}x (target <= {TARGET}x, "
        f"{'met' if ratio <= TARGET else 'missed'}); `from genie_sdk import GenieClient`: "
        f"{client_ratio:.2f}x (same goal, "
        f"{'met' if client_ratio <= TARGET else 'missed'}).\n\n"
        + table(
            ["import", "time (ms)", "modules loaded", "memory (MiB)", "large packages loaded"],
            rows,
            align="lrrrl",
        )
    )
    data = {"seconds": seconds, "ratio": ratio, "client_ratio": client_ratio}
    return Section("Import time", text, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    print(run(parser.parse_args().runs).markdown)


if __name__ == "__main__":
    main()
