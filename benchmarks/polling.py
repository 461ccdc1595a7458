"""Polls per answer and detection lag, for answers that take from 1 s to 5 min.

Every client runs for real against the simulator over loopback HTTP, in virtual time: the
simulator runs with ``advance="time"`` and each client's sleep advances the simulator's clock
instead of waiting (genie_sdk through its ``sleep``/``clock`` options, databricks-sdk by giving
its Genie waiter a ``time`` module whose ``sleep``/``time`` are virtual, the raw loops directly).
Each client therefore follows its real polling schedule, jitter included, in milliseconds.

*Detection lag* is the time from the moment the server completes the answer to the moment the
client's wait returns. *Polls* are the GETs of the message.

Run: ``python benchmarks/polling.py [--reps N]``.
"""

from __future__ import annotations

import argparse
import statistics
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from databricks.sdk import WorkspaceClient
from databricks.sdk.service import dashboards
from harness import SALES, Section, VirtualTime, table

from genie_sdk import GenieClient, PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator, SimClock

ANSWER_TIMES = [1, 2, 5, 10, 20, 30, 60, 120, 180, 300]
STAGES = 4
"""A SQL answer moves through 4 stages after SUBMITTED, so it completes after 4 stage times."""

Ask = Callable[[GenieSimulator, VirtualTime], tuple[str, int]]
"""Ask SALES and wait; return the message id and its created timestamp (ms)."""


def genie_sdk(policy: PollingPolicy | None = None) -> Ask:
    """genie_sdk's ``ask`` with ``policy`` (its default schedule when ``None``)."""

    def ask(sim: GenieSimulator, vt: VirtualTime) -> tuple[str, int]:
        with GenieClient(
            sim.url, auth=PAT(sim.token), sleep=vt.sleep, clock=vt.monotonic, polling=policy
        ) as client:
            answer = client.ask(sim.space_id, SALES)
        return answer.message_id, answer.message.created_timestamp or 0

    return ask


@contextmanager
def virtual_waiter(vt: VirtualTime) -> Iterator[None]:
    """Give databricks-sdk's Genie waiter a ``time`` module with virtual ``time``/``sleep``."""
    real = dashboards.time
    dashboards.time = types.SimpleNamespace(time=vt.time, sleep=vt.sleep)  # type: ignore[assignment]
    try:
        yield
    finally:
        dashboards.time = real


def ask_databricks_sdk(sim: GenieSimulator, vt: VirtualTime) -> tuple[str, int]:
    workspace = WorkspaceClient(host=sim.url, token=sim.token)
    with virtual_waiter(vt):
        message = workspace.genie.start_conversation_and_wait(sim.space_id, SALES)
    attachment = message.attachments[0].attachment_id if message.attachments else None
    assert attachment is not None
    workspace.genie.get_message_attachment_query_result(
        sim.space_id, message.conversation_id, message.message_id, attachment
    )
    return message.message_id, message.created_timestamp or 0


def raw_loop(interval: float) -> Ask:
    """A hand-written loop that polls every ``interval`` seconds."""

    def ask(sim: GenieSimulator, vt: VirtualTime) -> tuple[str, int]:
        base = f"{sim.url}/api/2.0/genie/spaces/{sim.space_id}"
        with httpx.Client(headers={"Authorization": f"Bearer {sim.token}"}) as http:
            started = http.post(f"{base}/start-conversation", json={"content": SALES}).json()
            conversation, message_id = started["conversation_id"], started["message_id"]
            url = f"{base}/conversations/{conversation}/messages/{message_id}"
            while True:
                vt.sleep(interval)
                message: dict[str, Any] = http.get(url).json()
                if message["status"] in ("COMPLETED", "FAILED", "CANCELLED"):
                    break
            attachment = message["attachments"][0]["attachment_id"]
            http.get(f"{url}/attachments/{attachment}/query-result").raise_for_status()
        return message_id, started["message"]["created_timestamp"]

    return ask


CLIENTS: dict[str, Ask] = {
    "genie_sdk": genie_sdk(),
    "genie_sdk, maximum=10 s": genie_sdk(PollingPolicy(maximum=10.0)),
    "databricks-sdk": ask_databricks_sdk,
    "raw httpx, every 1 s": raw_loop(1.0),
    "raw httpx, every 5 s": raw_loop(5.0),
}


def measure(sim: GenieSimulator, ask: Ask, answer_time: float) -> tuple[int, float]:
    """Ask once with answers taking ``answer_time``; return (polls, detection lag in s)."""
    sim.reset(rate_limit=None, advance="time", stage_seconds=answer_time / STAGES)
    vt = VirtualTime(sim.clock.advance)
    message_id, created_ms = ask(sim, vt)
    returned = sim.clock.now()
    polls = sim.count_requests("GET", f"/messages/{message_id}$")
    return polls, returned - (created_ms / 1000 + answer_time)


def run(reps: int = 5) -> Section:
    """Measure every client over the spread of answer times; return the report section."""
    polls: dict[str, dict[int, float]] = {name: {} for name in CLIENTS}
    lags: dict[str, dict[int, float]] = {name: {} for name in CLIENTS}
    worst: dict[str, float] = {}
    with GenieSimulator(rate_limit=None, advance="time", clock=SimClock(frozen=True)) as sim:
        for name, ask in CLIENTS.items():
            for answer_time in ANSWER_TIMES:
                runs = [measure(sim, ask, answer_time) for _ in range(reps)]
                polls[name][answer_time] = statistics.mean(p for p, _ in runs)
                lags[name][answer_time] = statistics.mean(lag for _, lag in runs)
                worst[name] = max(worst.get(name, 0.0), *(lag for _, lag in runs))
    names = list(CLIENTS)
    header = ["answer time", *(f"{name}: polls / lag s" for name in names)]
    rows: list[list[object]] = [
        [_duration(t), *(f"{polls[n][t]:.1f} / {lags[n][t]:.1f}" for n in names)]
        for t in ANSWER_TIMES
    ]
    rows.append(
        ["**total polls / mean lag**"]
        + [
            f"**{sum(polls[n].values()):.0f} / {statistics.mean(lags[n].values()):.1f}**"
            for n in names
        ]
    )
    rows.append(["worst lag (s)", *(f"{worst[n]:.1f}" for n in names)])
    text = (
        "Every client runs for real against the simulator over loopback HTTP in virtual time: "
        "each client's sleep advances the simulator's clock instead of waiting, so each follows "
        "its real schedule, jitter included, in milliseconds. *Lag* is the time from the server "
        "completing the answer to the client's wait returning; *polls* are the GETs of the "
        f"message. Mean of {reps} questions per answer time. genie_sdk by default waits 1 s then "
        "doubles up to 60 s (±10 % jitter), as the Genie documentation advises; the second "
        "genie_sdk column caps the wait at 10 s (`PollingPolicy(maximum=10)`), which trades "
        "polls for lag like databricks-sdk's `start_conversation_and_wait` (1, 2, … up to 10 s "
        "plus up to 1 s of jitter); the raw loops poll at a fixed interval. Lag is in seconds."
        "\n\n" + table(header, rows) + "\n\n![Polls per answer and detection lag](img/polling.png)"
    )
    return Section(
        "Polls per answer and detection lag",
        text,
        {"answer_times": ANSWER_TIMES, "polls": polls, "lags": lags},
    )


def _duration(seconds: int) -> str:
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    print(run(parser.parse_args().reps).markdown)


if __name__ == "__main__":
    main()
