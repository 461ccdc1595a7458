"""Every agent-mode and Genie One endpoint, from both clients, against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from genie_sdk import AnswerReady, Failed
from genie_sdk.errors import (
    ConflictError,
    FeatureDisabledError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFailedError,
    StreamInterruptedError,
)
from genie_sdk.models import GenieOneConversation, GenieResponse, Message, OutputItem
from genie_sdk.simulator import GenieSimulator
from tests.streaming._helpers import Stepper, collect_until_error
from tests.support.clients import Client, MakeClient

QUESTION = "total sales by region"
SQL = (
    "SELECT r.region_name AS region, SUM(s.amount) AS total_sales\nFROM sales AS s\n"
    "JOIN stores AS st ON st.store_id = s.store_id\n"
    "JOIN regions AS r ON r.region_id = st.region_id\n"
    "GROUP BY r.region_name\nORDER BY total_sales DESC"
)


def test_agent_mode_answers_with_report_citations_reasoning_and_typed_queries(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    client = make_live()
    answer = client(client.client.agent_mode.ask(sim.space_id, QUESTION))
    assert answer.agent_id == sim.space_id
    assert answer.response_id
    assert answer.conversation_id
    assert "Total sales by region" in answer.text
    assert [c.number for c in answer.citations] == [1, 2]
    assert answer.citations[0].query_id == answer.queries[0].query_id
    assert answer.reasoning[0].startswith("I will answer with 2 queries")
    query = answer.queries[0]
    assert (query.title, query.sql) == ("Total sales by region", SQL)
    assert query.output is not None
    assert "| region | total_sales |" in query.output
    expected = sim.query_sql(SQL)
    assert query.preview is not None
    assert query.preview.rows == expected
    result = client(query.execute())
    assert result.rows == expected
    assert [c.name for c in result.columns] == ["region", "total_sales"]
    follow = client(answer.follow_up("top 10 products"))
    assert follow.conversation_id == answer.conversation_id
    assert follow.response_id != answer.response_id


def test_agent_mode_items_page_after_a_cursor_and_cancel_returns_the_turn(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    client = make_live()
    agent_mode = client.client.agent_mode
    answer = client(agent_mode.ask(sim.space_id, QUESTION))
    items = client.items(agent_mode.items(sim.space_id, answer.conversation_id))
    assert all(isinstance(item, OutputItem) for item in items)
    assert items[0].role == "user"
    assert items[0].id.endswith("_input")
    assert len(items) > 100 or len(items) >= 10
    rest = client.items(agent_mode.items(sim.space_id, answer.conversation_id, after=items[3].id))
    assert [i.id for i in rest] == [i.id for i in items[4:]]
    message = client(agent_mode.cancel(sim.space_id, answer.conversation_id, answer.response_id))
    assert isinstance(message, Message)
    assert str(message.status) == "COMPLETED"


def test_genie_one_answers_and_its_conversations_are_listed_read_and_deleted(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    client = make_live()
    one = client.client.genie_one
    answer = client(one.ask(QUESTION))
    assert "| region | total_sales |" in answer.text
    assert answer.annotations[0].asset_type == "TABLE"
    assert answer.annotations[0].identifier == "samples.retail.sales"
    response = client(one.get_response(answer.conversation_id, answer.response_id))
    assert isinstance(response, GenieResponse)
    assert response.status == "completed"
    assert response.model == "genie-one"
    listed = client.items(one.conversations.list())
    assert [c.conversation_id for c in listed] == [answer.conversation_id]
    got = client(one.conversations.get(answer.conversation_id))
    assert isinstance(got, GenieOneConversation)
    assert got.title == QUESTION
    items = client.items(one.conversations.items(answer.conversation_id))
    assert [i.role for i in items] == ["user", "assistant", "assistant"]
    client(one.conversations.delete(answer.conversation_id))
    with pytest.raises(NotFoundError):
        client(one.conversations.get(answer.conversation_id))


def test_genie_one_refuses_a_question_over_25000_bytes_before_sending(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    client = make_live()
    with pytest.raises(ValueError, match="25,000 bytes"):
        client.client.genie_one.stream("é" * 12_501)
    client.client.genie_one.stream("é" * 12_500)
    assert sim.count_requests("POST") == 0


@pytest.mark.parametrize("api", ["agent_mode", "genie_one"])
def test_a_disabled_preview_raises_feature_disabled_with_a_hint(
    make_live: MakeClient, sim: GenieSimulator, api: str
) -> None:
    sim.settings.agent_mode_enabled = sim.settings.genie_one_enabled = False
    client = make_live()
    with pytest.raises(FeatureDisabledError, match="Previews") as raised:
        client(_ask(client, sim, api))
    assert isinstance(raised.value, NotFoundError)


@pytest.mark.parametrize(
    ("status", "error", "hint"),
    [
        (409, ConflictError, "already running"),
        (403, PermissionDeniedError, "CAN QUERY"),
        (429, RateLimitError, "ask again after"),
    ],
)
def test_refusals_of_an_agent_mode_question_are_typed_with_a_hint(
    make_live: MakeClient, sim: GenieSimulator, status: int, error: type, hint: str
) -> None:
    sim.faults.http_error(status, path="/responses$", times=None)
    client = make_live(max_retries=0)
    with pytest.raises(error, match=hint):
        client(client.client.agent_mode.ask(sim.space_id, QUESTION))


def test_a_second_question_while_one_runs_in_the_conversation_is_a_conflict(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    client = make_live()
    answer = client(client.client.agent_mode.ask(sim.space_id, QUESTION))
    record = sim._sim.responses.responses[answer.response_id]
    record.status, record.detached = "in_progress", False
    with pytest.raises(ConflictError, match="already running"):
        client(answer.follow_up("top 10 products"))


def test_a_response_cancelled_mid_stream_yields_failed_then_raises(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    sim.faults.slow_stream(0.05)
    client = make_live()
    agent_mode = client.client.agent_mode
    events = Stepper(client, agent_mode.stream(sim.space_id, QUESTION))
    ids = events.next().ids
    client(agent_mode.cancel(sim.space_id, ids.conversation_id, ids.response_id))
    rest, error = collect_until_error(client, events.events)
    assert isinstance(error, ResponseFailedError)
    assert error.status == "cancelled"
    assert error.response_id == ids.response_id
    assert isinstance(rest[-1], Failed)
    assert rest[-1].error is error
    assert not any(isinstance(e, AnswerReady) for e in rest)


def _ask(client: Client, sim: GenieSimulator, api: str) -> Any:
    if api == "agent_mode":
        return client.client.agent_mode.ask(sim.space_id, QUESTION)
    return client.client.genie_one.ask(QUESTION)


@pytest.mark.parametrize("api", ["agent_mode", "genie_one"])
def test_a_question_whose_answer_is_lost_after_the_server_acted_is_not_sent_again(
    make_live: MakeClient, sim: GenieSimulator, api: str
) -> None:
    sim.faults.drop_connection(after_processing=True, path="/responses$")
    client = make_live()
    with pytest.raises(StreamInterruptedError, match="may or may not have been accepted"):
        client(_ask(client, sim, api))
    assert sim.count_requests("POST", "/responses$") == 1


def test_genie_one_refusals_are_typed_with_a_hint(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    sim.faults.http_error(409, path="/one/responses$")
    client = make_live()
    with pytest.raises(ConflictError, match="get_response"):
        client(client.client.genie_one.ask(QUESTION))
