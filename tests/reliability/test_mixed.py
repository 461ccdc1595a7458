"""Many questions under mixed faults: every one answered or accounted for, none asked twice."""

from __future__ import annotations

from collections import Counter
from typing import Any

from genie_sdk import Answer, AsyncAnswer, DecodeError, GenieError, TransportError
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES
from tests.reliability.ledger import Record
from tests.support.clients import Client

START = "start-conversation"
POLL = r"/messages/[^/]+$"
RESULT = r"/query-result$"
ANSWERS = (Answer, AsyncAnswer)
MAYBE_ASKED = (TransportError, DecodeError)
"""Errors of a question's POST after which the server may have created the message."""


def schedule_mixed_faults(sim: GenieSimulator) -> None:
    faults = sim.faults
    faults.too_many_requests(method="POST", path=START, retry_after=1, times=6)
    faults.http_error(500, method="POST", path=START, skip=3, times=1)
    faults.drop_connection(after_processing=True, method="POST", path=START, skip=6, times=1)
    faults.malformed_json(method="POST", path=START, skip=9, times=1)
    faults.http_error(503, method="GET", path=POLL, body="html", times=5)
    faults.drop_connection(method="GET", path=POLL, skip=8, times=3)
    faults.malformed_json(method="GET", path=POLL, skip=20, times=1)
    faults.http_error(502, method="GET", path=RESULT, body="empty", times=2)


def test_nothing_lost_nothing_duplicated(live: Client, sim: GenieSimulator, record: Record) -> None:
    """20 questions through ``ask_many`` under mixed faults, then every error resumed."""
    schedule_mixed_faults(sim)
    batch = [f"{SALES} #{n}" for n in range(20)]

    outcomes = live(live.client.ask_many(sim.space_id, batch, concurrency=4))
    assert all(isinstance(o, (*ANSWERS, GenieError)) for o in outcomes)
    assert sum(isinstance(o, GenieError) for o in outcomes) >= 3  # the faults did bite

    asked = Counter(message["content"] for message in sim.messages)
    assert max(asked.values()) == 1  # no question reached the server twice
    resume_at = len(sim.requests)
    sim.faults.clear()
    answers: dict[str, Any] = {}
    resumed = []
    for question, outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, ANSWERS):
            answers[question] = outcome
            continue
        if outcome.message_id is not None:  # resumable: it carries the ids to wait on
            answer = live(
                live.client.wait(sim.space_id, outcome.conversation_id, outcome.message_id)
            )
        elif question in asked:  # the POST's answer was lost: find the question by listing
            assert isinstance(outcome, MAYBE_ASKED)
            answer = find_and_wait(live, sim, question)
        else:  # never reached the server: the error says so
            assert not isinstance(outcome, DecodeError)
            continue
        resumed.append(answer)
        answers[question] = answer

    record(outcomes, resumed=resumed, resume_at=resume_at)
    assert all(isinstance(a, ANSWERS) for a in answers.values())
    assert set(answers) == set(asked)  # every question the server holds has its answer
    assert {a.message.content for a in answers.values()} == set(asked)


def find_and_wait(live: Client, sim: GenieSimulator, question: str) -> Any:
    conversations = live.items(live.client.conversations.list(sim.space_id))
    (conversation,) = [c for c in conversations if c.title == question]
    (message,) = live.items(live.client.messages.list(sim.space_id, conversation.conversation_id))
    return live(live.client.wait(sim.space_id, conversation.conversation_id, message.message_id))
