"""Clock jumps: expired results, a suspended client, a monotonic clock leaping past the deadline."""

from __future__ import annotations

from typing import Any

from genie_sdk import Answer, AsyncAnswer, MessageStatus, PollingPolicy, PollTimeoutError
from genie_sdk.auth import OAuthM2M
from genie_sdk.models import Message
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES, Tamper, VirtualTime
from tests.reliability.ledger import Record
from tests.support.clients import Client, MakeClient
from tests.support.clocks import FakeClock

EXECUTE = r"/execute-query$"
POLL = r"/messages/[^/]+$"
RUNAWAY = 100
"""Polls after which the test gives up waiting for the deadline and lets the answer complete."""
ANSWERS = (Answer, AsyncAnswer)
DAY = 86_400.0


def test_results_expire_between_answer_and_result(
    live: Client, sim: GenieSimulator, record: Record
) -> None:
    """The server's clock jumps 8 days between the answer and the fetch of its result."""

    def jump_once_completed(message: Message) -> None:
        if message.status is MessageStatus.COMPLETED:
            sim.clock.advance(8 * DAY)

    answer = live(live.client.ask(sim.space_id, SALES, on_status=jump_once_completed))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.count_requests("POST", EXECUTE) == 1  # re-executed, not asked again
    assert sim.messages_created == 1


def test_client_suspended_mid_poll(
    make: MakeClient, sim: GenieSimulator, vt: VirtualTime, record: Record
) -> None:
    """The client's machine sleeps 8 days mid-poll (OAuth token and server time move on)."""
    sim.settings.advance = "time"
    sim.settings.stage_seconds = 30.0
    auth = OAuthM2M(sim.client_id, sim.client_secret, host=sim.url, clock=vt.wall)
    live = make(auth=auth)
    suspended: list[float] = []

    def suspend_once(message: Message) -> None:
        if not suspended:
            suspended.append(8 * DAY)
            vt.suspend(8 * DAY)

    answer = live(live.client.ask(sim.space_id, SALES, on_status=suspend_once))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.oauth_tokens_issued == 2  # the stale token was replaced before it was refused
    assert not any(r.status == 401 for r in sim.requests)
    assert sim.messages_created == 1


def test_monotonic_clock_leaps_past_the_deadline(
    live: Client, sim: GenieSimulator, vt: VirtualTime, record: Record
) -> None:
    """The client's monotonic clock leaps 20 minutes mid-poll, then ``wait``."""
    leaps: list[float] = []

    def leap_once(message: Message) -> None:
        if not leaps:
            leaps.append(1200.0)
            vt.jump(1200.0)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES, on_status=leap_once))
    assert isinstance(error, PollTimeoutError)
    assert error.elapsed >= 1200.0
    assert error.last_status == "SUBMITTED"
    assert error.conversation_id
    assert error.message_id
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert answer.message_id == error.message_id
    assert sim.messages_created == 1


def test_polling_deadline_is_reached_on_any_clock(
    make_live: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str]
) -> None:
    front, url = tamper
    polls: list[int] = []

    def thinking_until_runaway(body: Any) -> Any:
        polls.append(1)
        return body if len(polls) > RUNAWAY else {**body, "status": "ASKING_AI"}

    front.rewrite("GET", POLL, thinking_until_runaway)
    clock = FakeClock(1000.1)  # reads 1,000.1 s when the question starts
    policy = PollingPolicy(jitter=0.0)  # the documented schedule: 1 s doubling to 60 s, 600 s
    live = make_live(url, time=clock, polling=policy)

    outcome = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    assert len(polls) <= 20, f"{len(polls)} polls ({clock.now - 1000.1} s), then {outcome!r}"
    assert isinstance(outcome, PollTimeoutError)
