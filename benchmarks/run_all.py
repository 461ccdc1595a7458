"""Run every benchmark and regenerate ``docs/benchmarks.md``, its plots and ``docs/reliability.md``.

Run: ``python benchmarks/run_all.py`` (about 5 minutes on 2 cores; ``--quick`` for a smoke run
with smaller sizes, whose figures are not meant to be committed).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import decode
import fault_report
import imports
import load
import matplotlib
import memory
import overhead
import polling
import result_rows
from harness import DOCS, ROOT, Section, machine

matplotlib.use("Agg")
import matplotlib.pyplot as plt

TARGET = DOCS / "benchmarks.md"
IMAGES = DOCS / "img"

INTRO = """\
# Benchmarks

genie_sdk compared, in one run against the same local Genie simulator, with the official
`databricks-sdk` Genie client (`WorkspaceClient(host=..., token=...).genie`) and with hand-written
raw `httpx` code. Regenerate everything (this page, its plots and [reliability](reliability.md))
with:

```
python benchmarks/run_all.py
```

Each section also runs alone (`python benchmarks/<name>.py --help`). The simulator runs in a
child process wherever CPU time or memory is measured, so that the figures are the client's
own; timings on a shared 2-core machine vary by some 10 %.
"""


def summary(sections: dict[str, Section]) -> str:
    """Headline ratios, computed from the sections' data."""
    lines = []
    calls = sections["overhead"].data["calls"]
    cpu = {
        k: v["message"].cpu / calls * 1e6 for k, v in sections["overhead"].data["results"].items()
    }
    lines.append(
        f"- **Per request** (GET a message): genie_sdk costs {cpu['genie_sdk (sync)']:,.0f} µs of "
        f"client CPU per call, raw httpx {cpu['raw httpx (sync)']:,.0f} µs, databricks-sdk "
        f"{cpu['databricks-sdk']:,.0f} µs."
    )
    polled = sections["polling"].data["results"]
    default, interactive = polled[polling.DEFAULT], polled[polling.INTERACTIVE]
    peer = polled[polling.PEER]
    lines.append(
        "- **Polling** answers of 1 s to 10 min: genie_sdk's default schedule sends "
        f"{default['polls']:.1f} polls per answer with a mean detection lag of "
        f"{default['mean']:.1f} s (`interactive()`: {interactive['polls']:.1f} polls, "
        f"{interactive['mean']:.1f} s); databricks-sdk's waiter {peer['polls']:.1f} polls, "
        f"{peer['mean']:.1f} s."
    )
    for name, ratio, goal, met in sections["polling"].data["targets"]:
        verdict = "met" if met else "missed"
        lines.append(f"  - {name} vs databricks-sdk's: {ratio:.2f}x (goal {goal}, {verdict})")
    rows = {k: v["rows"] * 1e3 for k, v in sections["rows"].data["seconds"].items()}
    lines.append(
        f"- **Decoding** 5,000 x 20 to typed rows: genie_sdk {rows['genie_sdk']:.0f} ms, a "
        f"per-value converter {rows['raw json + per-value converter']:.0f} ms (databricks-sdk "
        f"does not decode: {rows['databricks-sdk (strings, not decoded)']:.0f} ms to strings)."
    )
    peer, decoded = sections["decode"].data["peer"], sections["decode"].data["seconds"]
    ratios = "; ".join(
        f"{output} {peer / seconds:.1f}x (target {target:.0f}x, "
        f"{'met' if peer / seconds >= target else 'missed'})"
        for output, seconds in decoded.items()
        for target in [decode.PEER_TARGETS[output]]
    )
    lines.append(
        f"- **Decoding** against databricks-ai-bridge's parser, faster by: {ratios}; see "
        "[decoding](benchmarks-decoding.md) for why."
    )
    imported, ratio = sections["imports"].data["seconds"], sections["imports"].data["ratio"]
    lines.append(
        f"- **Import**: genie_sdk {imported['genie_sdk'] * 1e3:.0f} ms "
        f"(`from genie_sdk import GenieClient` {imported['genie_sdk, GenieClient'] * 1e3:.0f} ms), "
        f"databricks-sdk {imported['databricks-sdk'] * 1e3:.0f} ms; vs the bare "
        f"`import {imports.BARE}` {ratio:.2f}x (target <= {imports.TARGET}x, "
        f"{'met' if ratio <= imports.TARGET else 'missed'})."
    )
    peaks = sections["memory"].data["peaks"]
    lines.append(
        f"- **Peak memory** of a 5,000-row answer: genie_sdk {peaks['genie_sdk'] / 2**20:.1f} MiB, "
        f"databricks-sdk {peaks['databricks-sdk'] / 2**20:.1f} MiB, raw httpx "
        f"{peaks['raw httpx'] / 2**20:.1f} MiB."
    )
    load = sections["load"].data
    for name in load["headline"]:
        result = load["results"][name]
        connections = result["connections"]
        peak = "not measured" if connections is None else f"at most {connections}"
        lines.append(
            f"- **Load** ({name}): {result['answered']:,} answered, {result['messages']:,} "
            f"messages created, in {result['wall']:.1f} s, open connections: {peak}."
        )
    return "## Summary\n\n" + "\n".join(lines)


def plot_overhead(data: dict[str, Any]) -> None:
    results, calls = data["results"], data["calls"]
    names = list(results)
    figure, axis = plt.subplots(figsize=(8, 3.6))
    positions = range(len(names))
    for offset, operation in ((-0.2, "message"), (0.2, "spaces")):
        cpu = [results[n][operation].cpu / calls * 1e6 for n in names]
        axis.barh([p + offset for p in positions], cpu, height=0.4, label=f"{operation} GET")
    axis.set_yticks(list(positions), names)
    axis.set_xlabel("client CPU per call (µs)")
    axis.invert_yaxis()
    axis.legend(fontsize=8)
    axis.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    figure.savefig(IMAGES / "overhead.png", dpi=110)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--skip-reliability", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    started = time.monotonic()
    steps: dict[str, Callable[[], Section]] = {
        "overhead": lambda: overhead.run(calls=100 if quick else 500, runs=2 if quick else 5),
        "polling": lambda: polling.run(questions_count=100 if quick else 500),
        "rows": lambda: result_rows.run(runs=3 if quick else 15),
        "decode": lambda: decode.compare_peer(rows=5000, runs=3 if quick else 15),
        "imports": lambda: imports.run(runs=2 if quick else 7),
        "memory": lambda: memory.run(runs=1 if quick else 3),
        "load": lambda: load.run(questions=100 if quick else 1000, threads=32),
    }
    sections: dict[str, Section] = {}
    for name, step in steps.items():
        began = time.monotonic()
        sections[name] = step()
        print(f"{name}: {time.monotonic() - began:.0f} s")
        if name == "decode":
            print(sections[name].markdown)
    IMAGES.mkdir(parents=True, exist_ok=True)
    polling.plot(sections["polling"].data)
    plot_overhead(sections["overhead"].data)
    sections["overhead"].markdown += "\n\n![Client CPU per call](img/overhead.png)"
    took = time.monotonic() - started
    parts = [
        INTRO.strip(),
        machine() + f" All benchmarks took {took / 60:.1f} minutes.",
        summary(sections),
    ]
    parts += [f"## {section.title}\n\n{section.markdown}" for section in sections.values()]
    TARGET.write_text("\n\n".join(parts) + "\n")
    print(f"wrote {TARGET.relative_to(ROOT)} and {IMAGES.relative_to(ROOT)}/*.png")
    if not args.skip_reliability:
        fault_report.main()


if __name__ == "__main__":
    main()
