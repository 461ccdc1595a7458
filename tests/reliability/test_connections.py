"""Connections refused, dropped before or after the server acted, and read timeouts."""

from __future__ import annotations

import httpx
import pytest

from genie_sdk import Answer, AsyncAnswer, TransportError
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES, Tamper, http_client, refusing_transport
from tests.reliability.ledger import Record
from tests.support.clients import Client, MakeClient

START = "start-conversation"
FOLLOW_UP = r"/conversations/[^/]+/messages$"
POLL = r"/messages/[^/]+$"
ANSWERS = (Answer, AsyncAnswer)
HOLD = 0.8
"""Seconds a late response is held back after the request was processed."""
SHORT_READS = httpx.Timeout(10.0, read=0.3)
"""Client timeouts: a read gives up well before :data:`HOLD`."""


@pytest.mark.parametrize("refusals", [2, 4])
def test_connect_refused_before_sending(
    kind: str, make: MakeClient, sim: GenieSimulator, record: Record, refusals: int
) -> None:
    """The question's POST is refused {refusals} times at connect (nothing sent)."""
    transport = refusing_transport(kind, "POST", START, refusals)
    live = make(http_client=http_client(kind, transport))

    outcome = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    record([outcome], refused=transport.refusal.refused)
    assert transport.refusal.refused == refusals
    if refusals <= 3:  # within the retry budget: retried, since it never left
        assert isinstance(outcome, ANSWERS)
        assert sim.messages_created == 1
    else:
        assert isinstance(outcome, TransportError)
        assert outcome.request_sent is False  # certainly not asked: safe to ask again
        assert sim.messages_created == 0


def test_drop_before_processing_on_polls(live: Client, sim: GenieSimulator, record: Record) -> None:
    """Two polls' connections are closed without an answer."""
    sim.faults.drop_connection(method="GET", path=POLL, times=2)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1


def test_drop_after_processing_on_polls(live: Client, sim: GenieSimulator, record: Record) -> None:
    """Two polls are processed, then their connections closed without an answer."""
    sim.faults.drop_connection(after_processing=True, method="GET", path=POLL, times=2)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1


def test_drop_before_processing_on_ask(live: Client, sim: GenieSimulator, record: Record) -> None:
    """The question's POST connection is closed before the server acted."""
    sim.faults.drop_connection(method="POST", path=START)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    record([error])
    assert isinstance(error, TransportError)
    assert error.request_sent is True  # the client cannot tell whether the server acted
    assert sim.count_requests("POST", START) == 1
    assert sim.messages_created == 0


def test_drop_after_processing_on_ask(live: Client, sim: GenieSimulator, record: Record) -> None:
    """The question's POST is processed, then its connection closed without an answer."""
    sim.faults.drop_connection(after_processing=True, method="POST", path=START)
    question = f"{SALES} (dropped)"

    error = live.outcome(lambda: live.client.ask(sim.space_id, question))
    assert isinstance(error, TransportError)
    assert error.request_sent is True
    assert sim.count_requests("POST", START) == 1
    assert sim.messages_created == 1  # asked once, not twice
    # Not lost: the conversation is listed under the question and its answer can be awaited.
    resume_at = len(sim.requests)
    found = [c for c in live.items(live.client.conversations.list(sim.space_id))]
    assert [c.title for c in found] == [question]
    messages = live.items(live.client.messages.list(sim.space_id, found[0].conversation_id))
    answer = live(live.client.wait(sim.space_id, found[0].conversation_id, messages[0].message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1


def test_read_timeout_on_ask_is_not_retried(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """The question's POST is processed but answered after the client's read timeout."""
    front, url = tamper
    front.late("POST", START, HOLD)
    live = make(url, timeout=SHORT_READS)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    assert isinstance(error, TransportError)
    assert "ReadTimeout" in str(error)
    assert error.request_sent is True
    assert sim.count_requests("POST", START) == 1
    assert sim.messages_created == 1  # processed once, not asked again
    record([error])


def test_read_timeout_on_follow_up_is_not_retried(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """A follow-up's POST is processed but answered after the client's read timeout."""
    front, url = tamper
    live = make(url, timeout=SHORT_READS)
    first = live(live.client.ask(sim.space_id, SALES))
    front.late("POST", FOLLOW_UP, HOLD)

    error = live.outcome(
        lambda: live.client.ask(sim.space_id, "only 2024", conversation_id=first.conversation_id)
    )

    assert isinstance(error, TransportError)
    assert error.request_sent is True
    assert sim.count_requests("POST", FOLLOW_UP) == 1
    assert sim.messages_created == 2
    # Not lost: the follow-up is the conversation's newest message.
    resume_at = len(sim.requests)
    listed = live.items(live.client.messages.list(sim.space_id, first.conversation_id))
    (follow_up,) = [m for m in listed if m.content == "only 2024"]
    answer = live(live.client.wait(sim.space_id, first.conversation_id, follow_up.message_id))

    record([first, error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert answer.sql


def test_read_timeout_on_polls_is_retried(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """Two polls are answered after the client's read timeout."""
    front, url = tamper
    front.late("GET", POLL, HOLD, times=2)
    live = make(url, timeout=SHORT_READS)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1
