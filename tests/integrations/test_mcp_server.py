"""The MCP server, driven by the ``mcp`` package's own client, against the simulator.

In process (the client dispatches straight to the server) and over streamable HTTP on loopback;
tests/integrations/test_mcp_cli.py drives ``genie mcp serve`` over stdio and HTTP.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import anyio
import pytest
import uvicorn

from genie_sdk import AsyncGenieClient, Event
from genie_sdk.auth import PAT
from genie_sdk.integrations.mcp import TOOL_NAMES, build_server
from genie_sdk.integrations.toolkit import AsyncGenieToolkit
from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import QUICK, conversations_started

mcp = pytest.importorskip("mcp")
httpx2 = pytest.importorskip("httpx2")
from mcp import Client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

MESSAGE_POLLS = r"/messages/[0-9a-f]+$"


@asynccontextmanager
async def connect(
    transport: str,
    toolkit: AsyncGenieToolkit,
    *,
    forward_bearer: bool = False,
    headers: dict[str, str] | None = None,
) -> AsyncIterator[Client]:
    """A client of the toolkit's server, in process or over streamable HTTP on loopback."""
    server = await build_server(toolkit, forward_bearer=forward_bearer)
    if transport == "in_process":
        async with Client(server) as client:
            yield client
        return
    web = uvicorn.Server(uvicorn.Config(server.streamable_http_app(), log_level="warning"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(web.serve, [sock])
            while not web.started:
                await anyio.sleep(0.01)
            http = httpx2.AsyncClient(headers=headers)
            url = f"http://127.0.0.1:{port}/mcp"
            async with http, Client(streamable_http_client(url, http_client=http)) as client:
                yield client
            web.should_exit = True


@pytest.fixture(params=["in_process", "over_http"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_lists_the_tools_named_after_the_space(
    transport: str, toolkit: AsyncGenieToolkit
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        tools = {tool.name: tool for tool in (await mcp_client.list_tools()).tools}

        assert set(tools) == set(TOOL_NAMES)
        ask = tools["ask"]
        assert ask.title == "Ask Retail Sales (demo)"
        assert "Retail Sales (demo)" in (ask.description or "")
        assert set(ask.input_schema["properties"]) == {"question", "conversation_id"}
        assert ask.input_schema["required"] == ["question"]
        assert ask.output_schema is not None
        assert "conversation_id" in ask.output_schema["properties"]
        assert tools["get_result"].annotations is not None
        assert tools["get_result"].annotations.read_only_hint is True


async def test_ask_returns_markdown_and_exact_structured_values(
    transport: str, toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        result = await mcp_client.call_tool("ask", {"question": "total sales by region"})

        assert not result.is_error
        data = result.structured_content
        assert data is not None
        assert data["space_id"] == sim.space_id
        page = data["result"]
        assert [c["name"] for c in page["columns"]] == ["region", "total_sales"]
        assert page["columns"][1]["type"].startswith("DECIMAL")
        region, total = page["rows"][0]
        assert isinstance(total, str)  # a decimal keeps every digit, never a float
        assert Decimal(total) == Decimal("1284581.85")
        assert page["row_count"] == 5
        assert page["next_offset"] is None
        assert data["truncated"] is False
        assert data["suggested_questions"]
        text = result.content[0].text  # type: ignore[union-attr]
        assert f"| {region} | {total} |" in text
        assert "```sql" in text
        assert f"conversation_id: {data['conversation_id']}" in text


async def test_follow_up_stays_in_one_conversation(
    transport: str, toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        first = await mcp_client.call_tool("ask", {"question": "total sales by region"})
        conversation_id = first.structured_content["conversation_id"]  # type: ignore[index]

        second = await mcp_client.call_tool(
            "ask", {"question": "only for 2024", "conversation_id": conversation_id}
        )

        assert not second.is_error
        assert second.structured_content["conversation_id"] == conversation_id  # type: ignore[index]
        assert conversations_started(sim) == 1
        assert {m["conversation_id"] for m in sim.messages} == {conversation_id}
        assert "2024" in (second.structured_content["sql"] or "")  # type: ignore[index]


async def test_progress_notifications_follow_the_event_stream(
    transport: str, toolkit: AsyncGenieToolkit
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        seen: list[tuple[float, str | None]] = []

        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            seen.append((progress, message))

        result = await mcp_client.call_tool(
            "ask", {"question": "total sales by region"}, progress_callback=on_progress
        )

        assert not result.is_error
        messages = [message for _, message in seen]
        assert "Genie status: executing query" in messages
        assert any(m and m.startswith("Genie wrote the SQL") for m in messages)
        assert [p for p, _ in seen] == sorted(p for p, _ in seen)


async def test_a_failed_question_is_a_tool_error_with_the_reason(
    transport: str, toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        sim.add_answer(
            "secret", error_type="CONTENT_FILTER_EXCEPTION", error_message="Not allowed."
        )

        result = await mcp_client.call_tool("ask", {"question": "tell me the secret"})

        assert result.is_error
        text = result.content[0].text  # type: ignore[union-attr]
        assert "Genie could not answer" in text
        assert "Not allowed." in text


async def test_a_large_result_is_paged_with_get_result(
    transport: str, toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        asked = await mcp_client.call_tool("ask", {"question": "show all sales"})
        data = asked.structured_content
        assert data is not None
        assert data["truncated"] is True
        first = data["result"]
        assert len(first["rows"]) == toolkit.limits.rows
        assert first["row_count"] == 5000
        assert first["server_truncated"] is True

        rows, offset = list(first["rows"]), first["next_offset"]
        for _ in range(3):
            page = await mcp_client.call_tool(
                "get_result",
                {
                    "conversation_id": data["conversation_id"],
                    "message_id": data["message_id"],
                    "offset": offset,
                },
            )
            assert not page.is_error
            content = page.structured_content
            assert content is not None
            assert content["offset"] == offset
            rows.extend(content["rows"])
            offset = content["next_offset"]
            assert f"offset={offset}" in page.content[0].text  # type: ignore[union-attr]

        ids = [row[0] for row in rows]
        assert ids == list(range(1, 4 * toolkit.limits.rows + 1))


async def test_get_result_of_a_message_without_query_is_a_tool_error(
    transport: str,
    toolkit: AsyncGenieToolkit,
) -> None:
    async with connect(transport, toolkit) as mcp_client:
        asked = await mcp_client.call_tool("ask", {"question": "what can you do"})
        data = asked.structured_content
        assert data is not None
        assert data["result"] is None

        page = await mcp_client.call_tool(
            "get_result",
            {"conversation_id": data["conversation_id"], "message_id": data["message_id"]},
        )

        assert page.is_error
        assert "has no query result" in page.content[0].text  # type: ignore[union-attr]


class WatchedToolkit(AsyncGenieToolkit):
    """A toolkit that tells when the server stopped waiting for an answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stopped = anyio.Event()

    async def ask_events(self, *args: Any, **kwargs: Any) -> AsyncIterator[Event]:
        try:
            async for event in super().ask_events(*args, **kwargs):
                yield event
        finally:
            self.stopped.set()


async def test_cancelling_a_call_stops_waiting_for_the_answer(
    transport: str, toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    watched = WatchedToolkit(toolkit.client, [sim.space_id], polling=QUICK)
    sim.settings.warehouse_startup = 1_000_000  # the answer never comes
    polling = anyio.Event()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        if message == "Genie status: pending warehouse":
            polling.set()

    async with connect(transport, watched) as mcp_client:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(
                lambda: mcp_client.call_tool(
                    "ask", {"question": "total sales by region"}, progress_callback=on_progress
                )
            )
            with anyio.fail_after(10):
                await polling.wait()
                while sim.count_requests("GET", MESSAGE_POLLS) < 5:
                    await anyio.sleep(0.01)
            assert not watched.stopped.is_set()
            tasks.cancel_scope.cancel()

        with anyio.fail_after(10):
            await watched.stopped.wait()  # the server's wait ended: nothing polls any more
        polls = sim.count_requests("GET", MESSAGE_POLLS)
        await anyio.sleep(0.3)  # at QUICK polling, several polls' worth of time
        assert sim.count_requests("GET", MESSAGE_POLLS) == polls
        listed = await mcp_client.call_tool("list_spaces", {})
        assert not listed.is_error


async def test_several_spaces_are_chosen_by_readable_name(sim: GenieSimulator) -> None:
    async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as genie:
        server = await build_server(AsyncGenieToolkit(genie, polling=QUICK))
        async with Client(server) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            space = tools["ask"].input_schema["properties"]["space"]
            assert space["enum"] == [
                "retail_sales_demo",
                "customer_insights_demo",
                "store_operations_demo",
            ]
            assert "Customer Insights (demo)" in (tools["ask"].description or "")

            unnamed = await client.call_tool("ask", {"question": "total sales by region"})
            named = await client.call_tool(
                "ask", {"question": "total sales by region", "space": "retail_sales_demo"}
            )
            described = await client.call_tool("describe_space", {"space": "store_operations_demo"})

    assert unnamed.is_error
    assert "several spaces are served" in unnamed.content[0].text  # type: ignore[union-attr]
    assert not named.is_error
    assert described.structured_content is not None
    assert sorted(described.structured_content["tables"]) == [
        "samples.retail.regions",
        "samples.retail.stores",
    ]


async def test_the_allow_list_keeps_other_spaces_out(
    toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    async with connect("in_process", toolkit) as in_process:
        spaces: Any = (await in_process.call_tool("list_spaces", {})).structured_content
        others = [s async for s in _other_spaces(sim)]

        result = await in_process.call_tool("describe_space", {"space": others[0]})

        assert [s["space_id"] for s in spaces["spaces"]] == [sim.space_id]
        assert result.is_error
        assert "is served here" in result.content[0].text  # type: ignore[union-attr]


async def _other_spaces(sim: GenieSimulator) -> AsyncIterator[str]:
    async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as genie:
        async for space in genie.spaces.list():
            if space.space_id != sim.space_id:
                yield space.space_id


async def test_forwarding_asks_with_each_caller_s_token(
    toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    question = {"question": "total sales by region"}
    bearer = {"Authorization": f"Bearer {sim.token}"}
    async with connect("over_http", toolkit, forward_bearer=True, headers=bearer) as client:
        allowed = await client.call_tool("ask", question)
        paged = await client.call_tool(
            "get_result",
            {
                "conversation_id": allowed.structured_content["conversation_id"],  # type: ignore[index]
                "message_id": allowed.structured_content["message_id"],  # type: ignore[index]
            },
        )
    async with connect("over_http", toolkit, forward_bearer=True, headers={}) as client:
        anonymous = await client.call_tool("ask", question)
    wrong = {"Authorization": "Bearer not-a-token"}
    async with connect("over_http", toolkit, forward_bearer=True, headers=wrong) as client:
        refused = await client.call_tool("ask", question)

    assert not allowed.is_error
    assert not paged.is_error
    assert anonymous.is_error
    assert "send an Authorization: Bearer header" in anonymous.content[0].text  # type: ignore[union-attr]
    assert refused.is_error
    assert "401" in refused.content[0].text  # type: ignore[union-attr]
    assert "not-a-token" not in refused.content[0].text  # type: ignore[union-attr]
    assert sim.messages_created == 1


async def test_agent_mode_and_genie_one_tools_when_enabled(
    toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    server = await build_server(toolkit, agent_mode=True, genie_one=True)
    progress: list[str | None] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(message)

    async with Client(server) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        report = await client.call_tool(
            "ask_agent", {"question": "total sales by region"}, progress_callback=on_progress
        )
        data: Any = report.structured_content
        follow_up = await client.call_tool(
            "ask_agent",
            {"question": "only for 2024", "conversation_id": data["conversation_id"]},
        )
        one = await client.call_tool("ask_genie_one", {"question": "total sales by region"})

    assert names == {*TOOL_NAMES, "ask_agent", "ask_genie_one"}
    assert not report.is_error, report.content
    assert data["agent_id"] == sim.space_id
    assert data["queries"]
    assert data["queries"][0]["sql"].upper().startswith(("SELECT", "WITH"))
    assert any(s["kind"] == "query" for s in data["sources"])
    assert any(m and m.startswith("Genie wrote the SQL") for m in progress)
    assert f"response_id: {data['response_id']}" in report.content[0].text  # type: ignore[union-attr]
    assert follow_up.structured_content["conversation_id"] == data["conversation_id"]  # type: ignore[index]
    assert not one.is_error, one.content
    assert one.structured_content["agent_id"] is None  # type: ignore[index]
    assert one.structured_content["text"]  # type: ignore[index]


async def test_the_agent_tools_are_off_by_default(in_process_tools: set[str]) -> None:
    assert "ask_agent" not in in_process_tools
    assert "ask_genie_one" not in in_process_tools


@pytest.fixture
async def in_process_tools(toolkit: AsyncGenieToolkit) -> set[str]:
    async with Client(await build_server(toolkit)) as client:
        return {tool.name for tool in (await client.list_tools()).tools}


async def test_cancelling_an_agent_mode_call_cancels_the_response(
    toolkit: AsyncGenieToolkit, sim: GenieSimulator
) -> None:
    sim.faults.slow_stream(30.0, after_events=2)  # the agent stalls after it accepted the question
    started = anyio.Event()

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        started.set()

    async with Client(await build_server(toolkit, agent_mode=True)) as client:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(
                lambda: client.call_tool(
                    "ask_agent",
                    {"question": "total sales by region"},
                    progress_callback=on_progress,
                )
            )
            with anyio.fail_after(10):
                await started.wait()
            tasks.cancel_scope.cancel()

        with anyio.fail_after(10):
            while not sim.count_requests("POST", r"/responses/[0-9a-f]+/cancel$"):
                await anyio.sleep(0.02)


def test_search_finds_the_served_spaces_in_the_index(sim: GenieSimulator, tmp_path: Any) -> None:
    from genie_sdk import GenieClient
    from genie_sdk.index import MetadataIndex

    with GenieClient(sim.url, auth=PAT(sim.token)) as genie:
        index = MetadataIndex.open(tmp_path / "index.db")
        index.update(genie)

    async def search() -> tuple[set[str], Any, Any, Any]:
        async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as client:
            toolkit = AsyncGenieToolkit(client, [sim.space_id], polling=QUICK)
            async with Client(await build_server(toolkit, index=index)) as session:
                names = {tool.name for tool in (await session.list_tools()).tools}
                found = await session.call_tool("search", {"words": "sales regions customers"})
                dashboards = await session.call_tool(
                    "search", {"words": "sales", "kinds": ["dashboard"], "limit": 2}
                )
                wrong = await session.call_tool("search", {"words": "sales", "kinds": ["cube"]})
        return names, found, dashboards, wrong

    names, found, dashboards, wrong = anyio.run(search)
    index.close()

    assert "search" in names
    hits = found.structured_content["hits"]  # type: ignore[index]
    spaces = [h for h in hits if h["kind"] == "space"]
    assert [h["id"] for h in spaces] == [sim.space_id]  # the others are not served
    assert spaces[0]["space"] == "retail_sales_demo"
    assert "space=retail_sales_demo" in found.content[0].text  # type: ignore[union-attr]
    dashboard_hits = dashboards.structured_content["hits"]  # type: ignore[index]
    assert dashboard_hits
    assert len(dashboard_hits) <= 2
    assert {h["kind"] for h in dashboard_hits} == {"dashboard"}
    assert wrong.is_error
    assert "unknown kinds" in wrong.content[0].text  # type: ignore[union-attr]
