"""The MCP server over other providers, driven by the ``mcp`` package's own client in process.

Secoda AI against its simulator; Genie chat mode through the provider protocol for the SQL and
typed rows a provider may carry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from genie_sdk import AsyncGenieClient
from genie_sdk.auth import PAT
from genie_sdk.integrations.mcp import build_provider_server
from genie_sdk.integrations.toolkit import AsyncProviderToolkit
from genie_sdk.providers import AsyncGenieProvider
from genie_sdk.providers.secoda import AsyncSecodaClient
from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import QUICK

mcp = pytest.importorskip("mcp")
from mcp import Client  # noqa: E402

PROMPTS = r"/secoda/api/v1/ai/embedded_prompt/$"


@pytest.fixture
async def secoda(sim: GenieSimulator) -> AsyncIterator[AsyncProviderToolkit]:
    """A toolkit asking the simulated Secoda workspace."""
    async with AsyncSecodaClient(sim.secoda_url, sim.secoda.api_key, polling=QUICK) as client:
        yield AsyncProviderToolkit(client.as_provider())


async def test_serves_one_ask_tool_named_after_the_provider(
    secoda: AsyncProviderToolkit,
) -> None:
    async with Client(build_provider_server(secoda)) as mcp_client:
        tools = (await mcp_client.list_tools()).tools

    assert [tool.name for tool in tools] == ["ask"]
    ask = tools[0]
    assert ask.title == "Ask Secoda AI"
    assert "conversation_id" in (ask.description or "")
    assert set(ask.input_schema["properties"]) == {"question", "conversation_id"}
    assert ask.input_schema["required"] == ["question"]
    assert ask.output_schema is not None
    assert "references" in ask.output_schema["properties"]


async def test_asks_and_follows_up_through_secoda_with_progress(
    secoda: AsyncProviderToolkit, sim: GenieSimulator
) -> None:
    sim.secoda.add_answer(
        "most rows",
        "**orders** has the most rows.",
        references=({"id": "table-orders", "title": "orders", "type": "table"},),
    )
    seen: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(message)

    async with Client(build_provider_server(secoda)) as mcp_client:
        first = await mcp_client.call_tool(
            "ask",
            {"question": "What tables contain customer information?"},
            progress_callback=on_progress,
        )
        assert not first.is_error
        data: Any = first.structured_content
        assert data["provider"] == "secoda"
        assert "customers" in data["text"]
        assert [r["title"] for r in data["references"]] == ["customers", "orders"]
        handle = data["conversation_id"]
        assert handle in sim.secoda.prompts
        text = first.content[0].text  # type: ignore[union-attr]
        assert "Sources:" in text
        assert f"conversation_id: {handle}" in text

        second = await mcp_client.call_tool(
            "ask", {"question": "Which one has the most rows?", "conversation_id": handle}
        )

    assert not second.is_error
    follow: Any = second.structured_content
    assert follow["text"] == "**orders** has the most rows."
    assert [r["id"] for r in follow["references"]] == ["table-orders"]
    assert sim.secoda.prompts[follow["conversation_id"]].parent == handle
    assert sim.count_requests("POST", PROMPTS) == 2
    assert any(message and "running" in message.lower() for message in seen)


async def test_a_failed_prompt_is_a_tool_error_with_the_servers_logs(
    secoda: AsyncProviderToolkit, sim: GenieSimulator
) -> None:
    sim.secoda.add_answer("revenue", fail_logs="Model context exceeded")

    async with Client(build_provider_server(secoda)) as mcp_client:
        result = await mcp_client.call_tool("ask", {"question": "revenue by quarter"})

    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert "Secoda AI could not answer" in text
    assert "Model context exceeded" in text
    assert sim.count_requests("POST", PROMPTS) == 1


async def test_genie_through_the_provider_protocol_returns_sql_and_exact_rows(
    sim: GenieSimulator,
) -> None:
    async with AsyncGenieClient(sim.url, auth=PAT(sim.token), polling=QUICK) as client:
        toolkit = AsyncProviderToolkit(AsyncGenieProvider(client, sim.space_id))
        async with Client(build_provider_server(toolkit)) as mcp_client:
            result = await mcp_client.call_tool("ask", {"question": "total sales by region"})

    assert not result.is_error
    data: Any = result.structured_content
    assert data["provider"] == "genie"
    assert "SELECT" in data["sql"].upper()
    page = data["result"]
    assert page["row_count"] == len(page["rows"]) > 0
    assert all(isinstance(row[-1], str) for row in page["rows"])  # decimals stay exact
    assert data["ids"]["message_id"]
    assert "```sql" in result.content[0].text  # type: ignore[union-attr]
