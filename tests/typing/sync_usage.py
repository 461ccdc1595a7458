"""How people use the sync client; checked by mypy --strict and pyright, never run."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from typing_extensions import assert_type

from genie_sdk import (
    Answer,
    CloneResult,
    Conversation,
    EvalReport,
    Event,
    GenieClient,
    GenieError,
    HarvestedQuestion,
    MessageStatus,
    Page,
    Pager,
    PollTimeoutError,
    SpaceDefinition,
    SpaceDiff,
    SpaceInventory,
)
from genie_sdk.models import (
    GenieAgent,
    GenieAgentDefinition,
    Message,
    ObjectPermissions,
    Space,
    StatementResponse,
    TagAssignment,
)
from genie_sdk.results import QueryResult


def usage(client: GenieClient) -> None:
    answer = client.ask("space", "total sales by region")
    assert_type(answer, Answer)
    assert_type(answer.text, str | None)
    assert_type(answer.sql, str | None)
    assert_type(answer.result, QueryResult | None)
    if answer.result is not None:
        rows = answer.result.rows
        assert_type(rows, list[tuple[Any, ...]])
        total: Decimal = rows[0][1]
        del total
    assert_type(client.wait(*answer.ids), Answer)
    try:
        client.ask("space", "slow question", timeout=30)
    except PollTimeoutError as error:
        assert_type(client.wait(*error.ids), Answer)
    assert_type(answer.follow_up("only 2024"), Answer)
    assert_type(answer.refresh(), Answer)
    assert_type(answer.iter_rows(), Iterator[tuple[Any, ...]])

    conversation = client.conversation("space")
    assert_type(conversation, Conversation)
    assert_type(conversation.ask("and by month?"), Answer)
    assert_type(conversation.answers, list[Answer])
    for event in conversation.ask_events("and by week?"):
        assert_type(event, Event)

    assert_type(client.messages.get("s", "c", "m"), Message)
    assert_type(client.messages.get("s", "c", "m").status, MessageStatus | str | None)
    spaces = client.spaces.list(page_size=10)
    assert_type(spaces, Pager[Space])
    for space in spaces:
        assert_type(space, Space)
    for page in spaces.pages():
        assert_type(page, Page[Space])
    assert_type(client.messages.get_query_result("s", "c", "m", "a"), StatementResponse)
    assert_type(client.ask_many("space", ["a", "b"]), list[Answer | GenieError])

    agents = client.agents.list(page_size=10)
    for agent in agents:
        assert_type(agent, GenieAgent)
    assert_type(agents.unreachable, list[str])
    got = client.agents.get("agent")
    assert_type(got.definition, GenieAgentDefinition | None)
    if got.definition is not None:
        assert_type(got.definition.check(), GenieAgentDefinition)
        assert_type(GenieAgentDefinition.from_serialized_space("{}"), GenieAgentDefinition)
        assert_type(got.definition.to_serialized_space(), str)
        updated = client.agents.update("agent", definition=got.definition, etag=got.etag)
        assert_type(updated, GenieAgent)
    assert_type(client.agents.trash("agent", etag="e"), None)


def spaces_as_code(client: GenieClient, prod: GenieClient) -> None:
    exported = client.spaces.export("space")
    assert_type(exported, SpaceDefinition)
    assert_type(exported.diff(SpaceDefinition.from_file("space.yaml")), SpaceDiff)
    assert_type(client.spaces.push("space", exported, etag="e"), Space)
    clone = client.spaces.clone("space", to=prod, retarget={"dev.sales": "prod.sales"})
    assert_type(clone, CloneResult)
    report = client.evaluate("space")
    assert_type(report, EvalReport)
    assert_type(report.accuracy, float)
    for candidate in client.harvest_questions("space", since=0):
        assert_type(candidate, HarvestedQuestion)
    for item in client.spaces.inventory():
        assert_type(item, SpaceInventory)
    assert_type(client.permissions.get("genie", "space"), ObjectPermissions)
    assert_type(client.tags.list("geniespaces", "space"), Pager[TagAssignment])
