"""Run the fault-injection suite (``tests/reliability``) and write its figures to a report.

Every test records what its scenario did, read from the simulator's request journal: faults the
client met, requests it repeated, requests in all, messages the server created, and how each
question ended. This script runs the suite with ``GENIE_RELIABILITY_FIGURES`` set and renders
those figures into ``docs/reliability.md``.

Run: ``python benchmarks/fault_report.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from harness import DOCS, ROOT, machine, table

TARGET = DOCS / "reliability.md"
SUMMARY = re.compile(r"^=*\s*(\d+ passed.*?) in [\d.]+s")
XFAIL = re.compile(r"^XFAIL (\S+?)(?:\[[^\]]*\])? - (.*)$")
ORDER = [
    "test_rate_limits",
    "test_server_errors",
    "test_connections",
    "test_token_expiry",
    "test_bodies",
    "test_clock_jumps",
    "test_mixed",
]
"""Modules in the order the report shows them (others follow)."""

INTRO = """\
# Reliability under faults

`tests/reliability/` runs every question below against the embedded Genie simulator over real
loopback HTTP, once with `GenieClient` and once with `AsyncGenieClient`, with faults injected on
the server side. Each test asserts three things:

- **nothing lost**: every question ends as an answer, or as an error that carries the ids to
  resume it (`error.conversation_id` / `error.message_id`, then `client.wait(...)`), or as an
  error of a question that never reached the server. When the connection broke after a question
  was sent (`TransportError` with `request_sent=True`, or a `DecodeError` on its answer) the
  client cannot know the ids; the tests then find the question by listing conversations
  (its title is the question) and wait for it;
- **nothing duplicated**: the server's count of created messages equals the number of
  questions; a question's POST is never sent twice unless the server certainly did not act on it
  (connection refused before sending, 429 or 503);
- **a clear, typed error**: `RateLimitError`, `ServerError` (with the HTML page's title or the
  status text), `TransportError`, `DecodeError`, `PollTimeoutError`, `OAuthError`.

How the faults are made:

- the simulator's fault injector answers 429 (with and without `Retry-After`), 5xx with JSON,
  HTML or empty bodies, drops the connection before or after processing, or breaks the JSON;
- a tampering front (an ASGI wrapper served on its own port) processes a request in full, then
  holds its response past the client's read timeout, or rewrites it with a status, statement
  state or attachment kind the SDK does not know;
- a transport refuses the connection (`httpx.ConnectError`) before anything is sent;
- time is virtual: the clients' `sleep` advances both their clock and the simulator's, so
  Retry-After windows, token lifetimes, 8-day result expiry and polling timeouts pass instantly.

Columns: *faults* are the injected faults and server rejections (429, 401) the client met;
*retries* are requests the SDK repeated after a failed attempt (401 replays included, resumes
by the test excluded); *requests* are all requests the server saw, resumes included;
*messages* are the messages the server created. Figures are the same for both clients unless
shown as `sync / async`.
"""


def run_suite(figures: Path) -> tuple[str, list[tuple[str, str]], float]:
    """Run the suite; return pytest's summary line, the expected failures and the duration."""
    env = {**os.environ, "GENIE_RELIABILITY_FIGURES": str(figures)}
    command = [sys.executable, "-m", "pytest", "tests/reliability", "-q", "-rx"]
    command += ["-p", "no:cacheprovider"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-5000:])
        raise SystemExit("the reliability suite failed")
    lines = result.stdout.splitlines()
    summary = next((m.group(1) for line in lines if (m := SUMMARY.match(line))), "?")
    xfails = list(dict.fromkeys((m[1], m[2]) for line in lines if (m := XFAIL.match(line))))
    return summary, xfails, elapsed


def merged(values: list[Any]) -> str:
    """One value when sync and async agree, else ``sync / async``."""
    shown = [str(v) for v in values]
    return shown[0] if len(set(shown)) == 1 else " / ".join(shown)


def render(
    rows: list[dict[str, Any]], summary: str, xfails: list[tuple[str, str]], took: float
) -> str:
    scenarios: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    position = {module: index for index, module in enumerate(ORDER)}
    rows = sorted(rows, key=lambda row: position.get(row["module"], len(ORDER)))
    for row in rows:
        scenarios[row["group"], row["scenario"]][row["client"]] = row
    parts = [INTRO, machine(), f"\nSuite: {summary} in {took:.0f} s.\n"]
    questions = sum(row["questions"] for row in rows)
    duplicated = sum(max(0, row["messages"] - row["questions"]) for row in rows)
    faults = sum(row["faults"] for row in rows)
    retried = sum(row["retries"] for row in rows)
    parts.append(
        f"In all: {len(scenarios)} scenarios x 2 clients, {questions} questions, {faults} faults "
        f"met, {retried} requests retried, {duplicated} questions created twice on the server.\n"
    )
    group_names = list(dict.fromkeys(group for group, _ in scenarios))
    for group in group_names:
        body = []
        for (of, scenario), by_client in scenarios.items():
            if of != group:
                continue
            runs = [by_client[c] for c in ("sync", "async") if c in by_client]
            body.append(
                [scenario]
                + [merged([r[key] for r in runs]) for key in ("faults", "retries", "requests")]
                + [merged([r["messages"] for r in runs]), merged([r["outcome"] for r in runs])]
            )
        header = ["scenario", "faults", "retries", "requests", "messages", "outcome"]
        parts.append(f"## {group}\n\n" + table(header, body, align="lrrrrl") + "\n")
    if xfails:
        items = "\n".join(f"- `{test}`: {reason}" for test, reason in xfails)
        parts.append(f"## Known issues (expected failures)\n\n{items}\n")
    return "\n".join(parts)


HAND_WRITTEN = "## Hostile servers and hostile input"
"""Where the page's hand-written part starts: it is kept as it is when the figures are renewed."""


def hand_written(page: str) -> str:
    """The hand-written end of the current page (hostile-server scenarios), or nothing."""
    start = page.find(HAND_WRITTEN)
    return "\n" + page[start:] if start >= 0 else ""


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        figures = Path(scratch) / "figures.json"
        summary, xfails, took = run_suite(figures)
        rows = json.loads(figures.read_text())
    kept = hand_written(TARGET.read_text() if TARGET.exists() else "")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(rows, summary, xfails, took) + kept)
    print(f"wrote {TARGET.relative_to(ROOT)}: {summary}")


if __name__ == "__main__":
    main()
