"""Servers whose message statuses would pull the polling schedule off course."""

from __future__ import annotations

import itertools
from typing import Any

from genie_sdk import Answer, AsyncAnswer, PollingPolicy, PollTimeoutError
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES, Tamper, VirtualTime
from tests.reliability.ledger import Record
from tests.support.clients import MakeClient

POLL = r"/messages/[^/]+$"
TIMEOUT = 120.0
POLICY = PollingPolicy(initial=1.0, maximum=10.0, jitter=0.0, timeout=TIMEOUT)


def test_a_new_status_at_every_poll_polls_no_faster_than_initial(
    make: MakeClient,
    sim: GenieSimulator,
    vt: VirtualTime,
    tamper: tuple[Tamper, str],
    record: Record,
) -> None:
    """The message reports a status never seen before at every poll and never completes."""
    front, url = tamper
    fresh = itertools.count()
    front.rewrite("GET", POLL, lambda body: {**body, "status": f"STAGE_{next(fresh)}"})
    live = make(url, polling=POLICY)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    record([error])
    assert isinstance(error, PollTimeoutError)
    assert set(vt.sleeps[:-1]) == {POLICY.initial}  # each status restarts the backoff, no faster
    assert sum(vt.sleeps) <= TIMEOUT
    assert sim.count_requests("GET", POLL) <= TIMEOUT / POLICY.initial + 1


def test_a_warehouse_that_starts_for_ever_is_polled_slowly(
    make: MakeClient,
    sim: GenieSimulator,
    vt: VirtualTime,
    tamper: tuple[Tamper, str],
    record: Record,
) -> None:
    """The message waits for its warehouse until the polling timeout, then ``wait``."""
    front, url = tamper

    def starting(body: Any) -> Any:
        return {**body, "status": "PENDING_WAREHOUSE", "attachments": []}

    front.rewrite("GET", POLL, starting)
    live = make(url, polling=POLICY)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))
    assert isinstance(error, PollTimeoutError)
    assert error.last_status == "PENDING_WAREHOUSE"
    assert vt.sleeps[1:-1] == [POLICY.maximum] * (len(vt.sleeps) - 2)
    assert sim.count_requests("GET", POLL) <= TIMEOUT / POLICY.maximum + 2
    front.clear()
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, (Answer, AsyncAnswer))
    assert sim.messages_created == 1
