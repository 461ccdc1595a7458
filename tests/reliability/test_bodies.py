"""Truncated and malformed JSON, unknown statuses, states and attachment kinds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from genie_sdk import Answer, AsyncAnswer, DecodeError, MessageStatus, PollTimeoutError
from genie_sdk.models import Message
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES, Tamper
from tests.reliability.ledger import Record
from tests.support.clients import Client, MakeClient

START = "start-conversation"
POLL = r"/messages/[^/]+$"
RESULT = r"/query-result$"
ANSWERS = (Answer, AsyncAnswer)


@pytest.mark.parametrize("where", ["poll", "query-result"])
@pytest.mark.parametrize("shape", ["truncated JSON", "a non-JSON body"])
def test_broken_body_on_a_get_is_resumable(
    live: Client, sim: GenieSimulator, record: Record, shape: str, where: str
) -> None:
    """A {where} GET answered with {shape}, then ``wait``."""
    path = POLL if where == "poll" else RESULT
    sim.faults.malformed_json(method="GET", path=path, truncate=shape == "truncated JSON")

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))
    assert isinstance(error, DecodeError)
    assert error.status_code == 200
    assert error.conversation_id
    assert error.message_id
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.messages_created == 1


def test_broken_body_on_ask_is_not_retried(
    live: Client, sim: GenieSimulator, record: Record
) -> None:
    """The question's POST is processed but its answer is truncated JSON."""
    sim.faults.malformed_json(method="POST", path=START)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    record([error])
    assert isinstance(error, DecodeError)
    assert "not valid JSON" in str(error)
    assert sim.count_requests("POST", START) == 1
    assert sim.messages_created == 1  # asked once; found again by listing conversations


def rename_status(renamed: dict[str, str]) -> Callable[[Any], Any]:
    def rewrite(body: Any) -> Any:
        status = body.get("status")
        return {**body, "status": renamed.get(status, status)}

    return rewrite


def test_unknown_status_mid_life(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """The server reports statuses this SDK does not know while it works."""
    front, url = tamper
    front.rewrite("GET", POLL, rename_status({"ASKING_AI": "CONSULTING_ORACLE"}))
    live = make(url)
    seen: list[Message] = []

    answer = live(live.client.ask(sim.space_id, SALES, on_status=seen.append))

    record([answer])
    assert isinstance(answer, ANSWERS)
    statuses = [m.status for m in seen]
    assert "CONSULTING_ORACLE" in statuses
    assert statuses[-1] is MessageStatus.COMPLETED
    assert sim.messages_created == 1


def test_unknown_attachment_kind_is_kept(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """A completed message carries an attachment kind this SDK does not know."""
    front, url = tamper
    extra = {"attachment_id": "a-new", "storyboard": {"frames": [{"caption": "by region"}]}}

    def add_kind(body: Any) -> Any:
        if body.get("status") != "COMPLETED":
            return body
        return {**body, "attachments": [*body.get("attachments", []), extra]}

    front.rewrite("GET", POLL, add_kind)
    live = make(url)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    kinds = [a.kind for a in answer.message.attachments or []]
    assert "storyboard" in kinds
    assert answer.sql
    assert answer.text
    assert len(answer.result or ()) == 5


def test_unknown_status_forever_times_out_resumably(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """The server reports an unknown status until the polling timeout, then ``wait``."""
    front, url = tamper
    parked = rename_status({s.value: "PARKED" for s in MessageStatus})
    front.rewrite("GET", POLL, parked)
    live = make(url)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))
    assert isinstance(error, PollTimeoutError)
    assert error.last_status == "PARKED"
    assert error.conversation_id
    assert error.message_id
    front.clear()
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1


def test_unknown_statement_state_keeps_polling(
    make: MakeClient, sim: GenieSimulator, tamper: tuple[Tamper, str], record: Record
) -> None:
    """The query result first reports a statement state this SDK does not know."""
    front, url = tamper

    def queued(body: Any) -> Any:
        statement = body["statement_response"]
        return {"statement_response": {**statement, "status": {"state": "QUEUED"}}}

    front.rewrite("GET", RESULT, queued, times=2)
    live = make(url)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.count_requests("GET", RESULT) == 3
