"""How people use the async client; checked by mypy --strict and pyright, never run."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

from typing_extensions import assert_type

from genie_sdk import (
    AsyncAnswer,
    AsyncConversation,
    AsyncGenieClient,
    AsyncPager,
    CloneResult,
    EvalReport,
    Event,
    GenieError,
    HarvestedQuestion,
    MessageStatus,
    Page,
    PollTimeoutError,
    SpaceDefinition,
    SpaceInventory,
)
from genie_sdk.models import (
    GenieAgent,
    GenieAgentDefinition,
    Message,
    Space,
    StatementResponse,
    TagAssignment,
)
from genie_sdk.results import QueryResult


async def usage(client: AsyncGenieClient) -> None:
    answer = await client.ask("space", "total sales by region")
    assert_type(answer, AsyncAnswer)
    assert_type(answer.text, str | None)
    assert_type(answer.sql, str | None)
    assert_type(answer.result, QueryResult | None)
    if answer.result is not None:
        rows = answer.result.rows
        assert_type(rows, list[tuple[Any, ...]])
        total: Decimal = rows[0][1]
        del total
    assert_type((await client.wait(*answer.ids)), AsyncAnswer)
    try:
        await client.ask("space", "slow question", timeout=30)
    except PollTimeoutError as error:
        assert_type(await client.wait(*error.ids), AsyncAnswer)
    assert_type((await answer.follow_up("only 2024")), AsyncAnswer)
    assert_type((await answer.refresh()), AsyncAnswer)
    assert_type(answer.iter_rows(), AsyncIterator[tuple[Any, ...]])

    conversation = client.conversation("space")
    assert_type(conversation, AsyncConversation)
    assert_type((await conversation.ask("and by month?")), AsyncAnswer)
    task = asyncio.create_task(client.ask("space", "q"))
    assert_type(await task, AsyncAnswer)
    assert_type(conversation.answers, list[AsyncAnswer])
    async for event in conversation.ask_events("and by week?"):
        assert_type(event, Event)

    assert_type((await client.messages.get("s", "c", "m")), Message)
    assert_type((await client.messages.get("s", "c", "m")).status, MessageStatus | str | None)
    spaces = client.spaces.list(page_size=10)
    assert_type(spaces, AsyncPager[Space])
    async for space in spaces:
        assert_type(space, Space)
    async for page in spaces.pages():
        assert_type(page, Page[Space])
    assert_type((await client.messages.get_query_result("s", "c", "m", "a")), StatementResponse)
    assert_type((await client.ask_many("space", ["a", "b"])), list[AsyncAnswer | GenieError])

    agents = client.agents.list(page_size=10)
    async for agent in agents:
        assert_type(agent, GenieAgent)
    assert_type(agents.unreachable, list[str])
    got = await client.agents.get("agent")
    assert_type(got.definition, GenieAgentDefinition | None)
    if got.definition is not None:
        updated = await client.agents.update("agent", definition=got.definition, etag=got.etag)
        assert_type(updated, GenieAgent)
    assert_type(await client.agents.trash("agent", etag="e"), None)


async def spaces_as_code(client: AsyncGenieClient, prod: AsyncGenieClient) -> None:
    exported = await client.spaces.export("space")
    assert_type(exported, SpaceDefinition)
    assert_type(await client.spaces.push("space", exported), Space)
    clone = await client.spaces.clone("space", to=prod, retarget={"dev.sales": "prod.sales"})
    assert_type(clone, CloneResult)
    assert_type(await client.evaluate("space", ["q1"]), EvalReport)
    async for candidate in client.harvest_questions("space"):
        assert_type(candidate, HarvestedQuestion)
    async for item in client.spaces.inventory():
        assert_type(item, SpaceInventory)
    assert_type(client.tags.list("geniespaces", "space"), AsyncPager[TagAssignment])
