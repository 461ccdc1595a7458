"""Polls and detection lag of each client's polling schedule, over answers of 1 s to 10 minutes.

Each question's answer time is drawn log-uniformly from 1 s to 10 minutes and split into the
phases a message goes through (``SUBMITTED``, context, ``ASKING_AI``, a warehouse start-up for
some questions, ``EXECUTING_QUERY``) with lengths drawn from the ranges in ``docs/polling.md``
(`PHASES`). Every client answers the same questions (the draws are seeded), runs its real code
and polls a server that answers from the question's timeline, in simulated time: a sleep moves
the clock and nothing waits. genie_sdk runs its sync client over an in-process ``httpx``
transport; databricks-sdk runs ``start_conversation_and_wait`` (and so its waiter,
``wait_get_message_genie_completed``) over a stand-in for its API client, with its ``time`` and
``random`` modules replaced by the simulated clock and a seeded generator.

*Detection lag* is the time from the moment the answer is ready to the poll that sees it;
*polls* are the GETs of the message.

Run: ``python benchmarks/polling.py [--questions N] [--seed S] [--plot]``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import math
import random
import statistics
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
from databricks.sdk.service import dashboards
from harness import DOCS, Section, table

from genie_sdk import GenieClient, PollingPolicy, PollTimeoutError
from genie_sdk.auth import PAT

HOST = "https://genie.invalid"
SPACE = "s1"
QUESTION = "total sales by region"


@dataclass(frozen=True)
class Phases:
    """The ranges the phases of an answer are drawn from; see docs/polling.md for sources."""

    answer: tuple[float, float] = (1.0, 600.0)
    """Answer time, log-uniform: the Genie guide's 10-minute polling limit bounds it."""
    submitted: tuple[float, float] = (0.1, 0.5)
    """``SUBMITTED``, uniform (assumption)."""
    context: tuple[float, float] = (0.5, 3.0)
    """``FILTERING_CONTEXT`` then ``FETCHING_METADATA``, half each, uniform (assumption)."""
    ai: tuple[float, float] = (1.0, 15.0)
    """``ASKING_AI``, uniform (assumption); an answer that ends in it is a text answer."""
    cold_warehouse: float = 0.25
    """Share of questions that find the warehouse stopped (assumption)."""
    warehouse: tuple[float, float] = (5.0, 300.0)
    """``PENDING_WAREHOUSE``, log-uniform, from seconds (serverless) to minutes (assumption)."""


PHASES = Phases()


@dataclass(frozen=True)
class Timeline:
    """One question: its phases as (status, start) and the moment the answer is ready."""

    starts: tuple[tuple[str, float], ...]
    ready: float
    sql_from: float | None
    """When the SQL appears (the end of ``ASKING_AI``); ``None`` for a text answer."""

    def status(self, t: float) -> str:
        current = "SUBMITTED"
        for status, start in self.starts:
            if start <= t:
                current = status
        return "COMPLETED" if t >= self.ready else current

    def message(self, t: float) -> dict[str, Any]:
        """The message as the server returns it at ``t``."""
        attachments: list[dict[str, Any]] = []
        if self.sql_from is not None and t >= self.sql_from:
            attachments.append({"attachment_id": "a1", "query": {"query": "SELECT 1"}})
        elif self.status(t) == "COMPLETED":
            attachments.append({"attachment_id": "a1", "text": {"content": "an answer"}})
        return {
            "id": "m1",
            "message_id": "m1",
            "conversation_id": "c1",
            "space_id": SPACE,
            "content": QUESTION,
            "status": self.status(t),
            "attachments": attachments,
        }


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def draw(rng: random.Random, phases: Phases = PHASES) -> Timeline:
    """Draw one question: the answer time, then the phases in order, cut to fit in it."""
    ready = _log_uniform(rng, *phases.answer)
    context = rng.uniform(*phases.context)
    durations = [
        ("SUBMITTED", rng.uniform(*phases.submitted)),
        ("FILTERING_CONTEXT", context / 2),
        ("FETCHING_METADATA", context / 2),
        ("ASKING_AI", rng.uniform(*phases.ai)),
    ]
    cold = rng.random() < phases.cold_warehouse
    warehouse = _log_uniform(rng, *phases.warehouse)
    if cold:
        durations.append(("PENDING_WAREHOUSE", warehouse))
    starts, t = [], 0.0
    for status, duration in durations:
        if t >= ready:
            break
        starts.append((status, t))
        t += duration
    if t < ready:
        starts.append(("EXECUTING_QUERY", t))
    asked = sum(duration for _, duration in durations[:4])
    sql_from = asked if asked < ready else None
    return Timeline(tuple(starts), ready, sql_from)


def questions(count: int, seed: int) -> list[Timeline]:
    """The same ``count`` questions for every client."""
    rng = random.Random(seed)
    return [draw(rng) for _ in range(count)]


@dataclass
class Outcome:
    """What one client did on one question."""

    polls: int
    lag: float | None
    """``None`` when the client gave up before the answer was ready."""


class SimClock:
    """Simulated time: only sleeping moves it."""

    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def time(self) -> float:
        return self.now


Client = Callable[[Timeline, int], Outcome]
"""Ask one question (seeded for the client's jitter); return its polls and detection lag."""


def genie_sdk(policy: PollingPolicy) -> Client:
    """genie_sdk's sync ``ask`` with ``policy``, over an in-process transport."""

    def ask(timeline: Timeline, seed: int) -> Outcome:
        clock = SimClock()
        seen: list[float] = []

        def serve(request: httpx.Request) -> httpx.Response:
            path = request.url.path
            if path.endswith("/start-conversation"):
                started = {"conversation_id": "c1", "message_id": "m1"}
                return httpx.Response(200, json={**started, "message": timeline.message(0.0)})
            if path.endswith("/query-result"):
                state = {"statement_id": "st", "status": {"state": "SUCCEEDED"}}
                return httpx.Response(200, json={"statement_response": state})
            seen.append(clock.now)
            return httpx.Response(200, json=timeline.message(clock.now))

        jittered = replace(policy, rng=random.Random(seed).random)
        http = httpx.Client(transport=httpx.MockTransport(serve))
        with GenieClient(
            HOST, auth=PAT("dapi-x"), http_client=http, sleep=clock.sleep, clock=clock.time
        ) as client:
            try:
                client.ask(SPACE, QUESTION, polling=jittered)
            except PollTimeoutError:
                return Outcome(len(seen), None)
        return Outcome(len(seen), seen[-1] - timeline.ready)

    return ask


class _DatabricksApi:
    """Stands in for databricks-sdk's ``ApiClient``: answers ``do`` from the timeline."""

    def __init__(self, timeline: Timeline, clock: SimClock) -> None:
        self._cfg = types.SimpleNamespace(workspace_id=None)
        self.timeline, self.clock = timeline, clock
        self.seen: list[float] = []

    def do(self, method: str, *_: Any, **__: Any) -> dict[str, Any]:
        if method == "POST":
            started = {"conversation_id": "c1", "message_id": "m1"}
            return {**started, "message": self.timeline.message(0.0)}
        self.seen.append(self.clock.now)
        return self.timeline.message(self.clock.now)


@contextmanager
def _simulated(clock: SimClock, seed: int) -> Iterator[None]:
    """Give databricks-sdk's Genie waiter a simulated ``time`` and a seeded ``random``."""
    real_time, real_random = dashboards.time, dashboards.random
    dashboards.time = types.SimpleNamespace(time=clock.time, sleep=clock.sleep)  # type: ignore[assignment]
    dashboards.random = random.Random(seed)  # type: ignore[assignment]
    try:
        yield
    finally:
        dashboards.time, dashboards.random = real_time, real_random


def databricks_sdk(timeline: Timeline, seed: int) -> Outcome:
    """databricks-sdk's ``start_conversation_and_wait``: its waiter polls at once, then every
    1, 2, ... 10 s (capped), plus up to 1 s of random jitter, for up to 20 minutes."""
    clock = SimClock()
    api = _DatabricksApi(timeline, clock)
    with _simulated(clock, seed):
        dashboards.GenieAPI(api).start_conversation_and_wait(SPACE, QUESTION)
    return Outcome(len(api.seen), api.seen[-1] - timeline.ready)


def fixed_loop(interval: float) -> Client:
    """A hand-written loop that polls every ``interval`` seconds."""

    def ask(timeline: Timeline, _seed: int) -> Outcome:
        polls, t = 0, 0.0
        while True:
            t += interval
            polls += 1
            if timeline.status(t) == "COMPLETED":
                return Outcome(polls, t - timeline.ready)

    return ask


DEFAULT = "genie_sdk default"
INTERACTIVE = "genie_sdk interactive()"
PEER = "databricks-sdk waiter"

CLIENTS: dict[str, Client] = {
    DEFAULT: genie_sdk(PollingPolicy()),
    INTERACTIVE: genie_sdk(PollingPolicy.interactive()),
    "genie_sdk maximum=10": genie_sdk(PollingPolicy(maximum=10.0)),
    PEER: databricks_sdk,
    "fixed 1 s loop": fixed_loop(1.0),
}
CAPS = [2.0, 5.0, 10.0, 20.0, 30.0, 60.0]
BOUND_WEIGHTS = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
"""Weights of lag against polls that trace the bound's frontier (see `Bound`)."""
"""The trade-off curve: genie_sdk with ``PollingPolicy(maximum=cap)``."""


@dataclass(frozen=True)
class Figures:
    """One client's figures over all questions."""

    polls: float
    """Mean polls per question."""
    mean: float
    p95: float
    worst: float
    timed_out: int


def figures(outcomes: list[Outcome]) -> Figures:
    lags = sorted(o.lag for o in outcomes if o.lag is not None)
    return Figures(
        polls=statistics.mean(o.polls for o in outcomes),
        mean=statistics.mean(lags),
        p95=lags[min(len(lags) - 1, math.ceil(0.95 * len(lags)) - 1)],
        worst=lags[-1],
        timed_out=sum(o.lag is None for o in outcomes),
    )


def measure(client: Client, timelines: list[Timeline], seed: int) -> Figures:
    return figures([client(timeline, seed + i) for i, timeline in enumerate(timelines)])


class Bound:
    """The fewest polls any schedule can send for a given mean lag, on this model.

    In the model the answer time is drawn first and the phases are cut to fit in it, so what a
    client sees (the status, the SQL) tells it nothing about when the answer will be ready
    beyond that it is not ready yet: no schedule, whatever it reads from the message, does
    better than the best schedule of poll times alone. That schedule, for answer times
    log-uniform in ``PHASES.answer``, is found by dynamic programming over poll times on a
    ``step``-second grid, minimising ``polls + weight * lag``; sweeping ``weight`` traces the
    frontier. It knows the distribution (its waits shrink near the 10-minute end), which no
    real schedule does, so it is a bound, not a proposal.
    """

    def __init__(self, phases: Phases = PHASES, step: float = 0.25) -> None:
        import numpy as np

        low, high = phases.answer
        self._np = np
        self.times = np.arange(0.0, high + step, step)
        span = math.log(high / low)
        clipped = np.clip(self.times, low, high)
        self.cdf = np.log(clipped / low) / span
        """P(answer time <= t)."""
        self.partial = (clipped - low) / span
        """E[answer time; answer time <= t]."""

    def frontier(self, weight: float) -> tuple[float, float]:
        """(mean polls, mean lag) of the best schedule for ``polls + weight * lag``."""
        np, times, cdf, partial = self._np, self.times, self.cdf, self.partial
        count = len(times)
        cost, following = np.zeros(count), np.zeros(count, dtype=int)
        for i in range(count - 2, -1, -1):
            if cdf[i] >= 1:
                continue
            later = np.arange(i + 1, count)
            lag = times[later] * (cdf[later] - cdf[i]) - (partial[later] - partial[i])
            options = (1 - cdf[i]) + weight * lag + cost[later]
            best = int(np.argmin(options))
            cost[i], following[i] = options[best], later[best]
        polls = lag_sum = 0.0
        i = 0
        while cdf[i] < 1:
            j = following[i]
            polls += 1 - cdf[i]
            lag_sum += times[j] * (cdf[j] - cdf[i]) - (partial[j] - partial[i])
            i = j
        return float(polls), float(lag_sum)

    def fewest_polls(self, lag: float) -> float:
        """The fewest mean polls of any schedule whose mean lag is at most ``lag``."""
        low, high = 1e-3, 1e3
        for _ in range(20):  # bisect the weight on a log scale
            middle = math.sqrt(low * high)
            if self.frontier(middle)[1] > lag:
                low = middle
            else:
                high = middle
        return self.frontier(high)[0]


def targets(results: dict[str, Figures]) -> list[tuple[str, float, str, bool]]:
    """The targets of issue 14, against databricks-sdk's waiter: (figure, ratio, goal, met)."""
    peer, default, interactive = results[PEER], results[DEFAULT], results[INTERACTIVE]
    lag, polls = default.mean / peer.mean, default.polls / peer.polls
    quick_lag, quick_polls = interactive.mean / peer.mean, interactive.polls / peer.polls
    return [
        ("default: mean lag", lag, "<= 1.5x", lag <= 1.5),
        ("default: polls", polls, "<= 0.6x", polls <= 0.6),
        ("interactive(): mean lag", quick_lag, "< 1x", quick_lag < 1),
        ("interactive(): polls", quick_polls, "< 1x", quick_polls < 1),
    ]


def run(questions_count: int = 500, seed: int = 14) -> Section:
    """Measure every client on the same questions; return the report section."""
    timelines = questions(questions_count, seed)
    results = {name: measure(client, timelines, seed) for name, client in CLIENTS.items()}
    curve = {cap: measure(genie_sdk(PollingPolicy(maximum=cap)), timelines, seed) for cap in CAPS}
    peer = results[PEER]
    header = ["client", "polls / question", "mean lag (s)", "p95 lag (s)", "worst lag (s)"]
    header += ["polls vs databricks-sdk", "mean lag vs databricks-sdk"]
    rows: list[list[object]] = [
        [
            name,
            f"{f.polls:.1f}",
            f"{f.mean:.2f}",
            f"{f.p95:.1f}",
            f"{f.worst:.1f}" + (f" ({f.timed_out} timed out)" if f.timed_out else ""),
            f"{f.polls / peer.polls:.2f}x",
            f"{f.mean / peer.mean:.2f}x",
        ]
        for name, f in results.items()
    ]
    goal_rows: list[list[object]] = [
        [name, f"{ratio:.2f}x", goal, "met" if met else "**missed**"]
        for name, ratio, goal, met in targets(results)
    ]
    bound = Bound()
    frontier = [bound.frontier(weight) for weight in BOUND_WEIGHTS]
    fewest_at_goal = bound.fewest_polls(1.5 * peer.mean) / peer.polls
    fewest_at_peer = bound.fewest_polls(peer.mean) / peer.polls
    ready = [t.ready for t in timelines]
    cold = sum(any(s == "PENDING_WAREHOUSE" for s, _ in t.starts) for t in timelines)
    text = (
        f"{questions_count} questions (seed {seed}), answer times drawn log-uniformly from 1 s "
        f"to 10 min (median {statistics.median(ready):.0f} s), phases drawn from the ranges in "
        f"[Polling](polling.md#the-benchmark-model) ({cold} questions found the warehouse "
        "stopped). Every client answers the same questions with its real code in simulated "
        "time: genie_sdk's sync client over an in-process transport, databricks-sdk "
        f"{importlib.metadata.version('databricks-sdk')}'s "
        "`start_conversation_and_wait` (its waiter polls at once, then after 1, 2, … 10 s plus "
        "up to 1 s of jitter) over a stand-in for its API client. *Polls* are the GETs of the "
        "message; *lag* is the time from the answer being ready to the poll that sees it."
        "\n\n"
        + table(header, rows)
        + "\n\nTargets (issue 14):\n\n"
        + table(["figure", "ratio", "goal", ""], goal_rows)
        + "\n\nThe plot's dashed curve is genie_sdk with `maximum` from "
        + ", ".join(f"{c:g}" for c in CAPS)
        + " s: the trade-off between polls and lag that the waits up to `maximum` set on long "
        "answers, on which the missed targets lie beyond reach (see [Polling]"
        "(polling.md#fewer-polls-or-a-faster-reply)). A question *timed out* when its answer "
        "came in the last second of the 10-minute timeout, after genie_sdk's final poll."
        "\n\n**The best any schedule can do.** In this model the answer time is drawn first and "
        "the phases are cut to fit in it, so the status and the SQL tell a client nothing about "
        "when the answer will be ready, beyond that it is not ready yet. The fewest polls for a "
        "given mean lag are then those of the best schedule of poll times alone, which dynamic "
        "programming finds for the model's answer-time distribution (`Bound` in "
        "`benchmarks/polling.py`; the solid curve of the plot; it knows the distribution, so "
        "no real schedule reaches it). At 1.5x databricks-sdk's mean lag it sends "
        f"{fewest_at_goal:.2f}x databricks-sdk's polls: the default's goal (at most 0.6x the "
        "polls with at most 1.5x the lag) "
        + ("is out of reach of every schedule" if fewest_at_goal > 0.6 else "is within reach")
        + f" on this benchmark. At databricks-sdk's mean lag it sends {fewest_at_peer:.2f}x "
        "its polls: a schedule below databricks-sdk on both figures must lie between that "
        "curve and databricks-sdk's point."
        "\n\n![Detection lag against polls](img/polling.png)"
    )
    data = {
        "results": {name: vars(f) for name, f in results.items()},
        "curve": {cap: vars(f) for cap, f in curve.items()},
        "targets": targets(results),
        "bound": frontier,
        "fewest_at_goal": fewest_at_goal,
    }
    return Section("Polls per answer and detection lag", text, data)


def plot(data: dict[str, Any]) -> None:
    """Save the lag-against-polls plot to docs/img/polling.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7.5, 4.5))
    curve = data["curve"]
    axis.plot(
        [curve[c]["polls"] for c in CAPS],
        [curve[c]["mean"] for c in CAPS],
        color="0.6",
        linestyle="--",
        marker=".",
        label="genie_sdk, maximum = " + ", ".join(f"{c:g}" for c in CAPS) + " s",
    )
    axis.plot(
        [polls for polls, _ in data["bound"]],
        [lag for _, lag in data["bound"]],
        color="0.3",
        label="best possible schedule on this model (bound)",
    )
    for name, f in data["results"].items():
        axis.errorbar(
            f["polls"],
            f["mean"],
            yerr=[[0], [f["p95"] - f["mean"]]],
            marker="o",
            capsize=3,
            label=f"{name} (bar: p95)",
        )
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("polls per question (mean)")
    axis.set_ylabel("detection lag, s (mean; bar to p95)")
    axis.grid(alpha=0.3, which="both")
    axis.legend(fontsize=8)
    axis.set_title("Detection lag against polls, answers of 1 s to 10 min (simulated time)")
    figure.tight_layout()
    (DOCS / "img").mkdir(parents=True, exist_ok=True)
    figure.savefig(DOCS / "img" / "polling.png", dpi=110)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--plot", action="store_true", help="save docs/img/polling.png")
    args = parser.parse_args()
    section = run(args.questions, args.seed)
    print(section.markdown)
    if args.plot:
        plot(section.data)


if __name__ == "__main__":
    main()
