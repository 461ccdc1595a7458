"""429 storms: with and without Retry-After, past the retry budget, and the workspace POST limit."""

from __future__ import annotations

from collections import Counter

from genie_sdk import Answer, AsyncAnswer, RateLimitError
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES, VirtualTime
from tests.reliability.ledger import Record
from tests.support.clients import Client

START = "start-conversation"
POLL = r"/messages/[^/]+$"
ANSWERS = (Answer, AsyncAnswer)


def test_retry_after_is_honoured_on_ask(
    live: Client, sim: GenieSimulator, vt: VirtualTime, record: Record
) -> None:
    """Three 429s with Retry-After: 2 on the question's POST."""
    sim.faults.too_many_requests(method="POST", path=START, retry_after=2, times=3)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.messages_created == 1
    assert sim.count_requests("POST", START) == 4
    retry_waits = vt.sleeps[:3]  # the retries come before any poll
    assert all(2.0 <= wait <= 2.1 for wait in retry_waits), retry_waits


def test_backoff_without_retry_after(
    live: Client, sim: GenieSimulator, vt: VirtualTime, record: Record
) -> None:
    """Three 429s without Retry-After on the question's POST."""
    sim.faults.too_many_requests(method="POST", path=START, retry_after=None, times=3)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1
    assert sim.count_requests("POST", START) == 4
    # Exponential backoff with jitter: 0.5 s, 1 s, 2 s, each drawn from [half, full].
    for wait, full in zip(vt.sleeps[:3], (0.5, 1.0, 2.0), strict=True):
        assert full / 2 <= wait <= full


def test_storm_longer_than_the_budget_asks_nothing(
    live: Client, sim: GenieSimulator, record: Record
) -> None:
    """A 429 storm on the question's POST outlasting the retries."""
    sim.faults.too_many_requests(method="POST", path=START, retry_after=2, times=None)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    record([error])
    assert isinstance(error, RateLimitError)
    assert error.status_code == 429
    assert error.error_code == "REQUEST_LIMIT_EXCEEDED"
    assert error.retry_after == 2
    assert error.message_id is None  # nothing to resume: the question was never asked
    assert sim.messages_created == 0
    assert sim.count_requests("POST", START) == 4


def test_storm_on_polls_leaves_a_resumable_error(
    live: Client, sim: GenieSimulator, record: Record
) -> None:
    """A 429 storm on the polls outlasting the retries, then ``wait``."""
    fault = sim.faults.too_many_requests(method="GET", path=POLL, retry_after=1, times=None)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))
    assert isinstance(error, RateLimitError)
    assert error.conversation_id
    assert error.message_id
    fault.times = fault.fired  # the storm passes
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert answer.message_id == error.message_id
    assert sim.messages_created == 1


def test_workspace_post_limit(live: Client, sim: GenieSimulator, record: Record) -> None:
    """12 questions through ``ask_many`` against the 5 POSTs/minute workspace limit."""
    sim.settings.rate_limit = 5
    sim.settings.steps_per_poll = 10  # answers come on the first poll: little virtual time passes
    batch = [f"{SALES} #{n}" for n in range(12)]

    outcomes = live(live.client.ask_many(sim.space_id, batch, concurrency=4))

    record(outcomes)
    assert all(isinstance(o, ANSWERS) for o in outcomes), outcomes
    assert sim.count_requests("POST", START) > len(batch)  # some were throttled and retried
    asked = Counter(message["content"] for message in sim.messages)
    assert asked == Counter(batch)  # every question exactly once
