"""The LlamaIndex tool, and the same answer from every Genie tool: one core, one output."""

from __future__ import annotations

import re
from typing import Any

import pytest

from genie_sdk import AsyncGenieClient, GenieClient
from genie_sdk.auth import PAT
from genie_sdk.integrations.outputs import AskOutput
from genie_sdk.integrations.toolkit import AsyncGenieToolkit
from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import QUICK, conversations_started

pytest.importorskip("llama_index.core")
pytest.importorskip("agents")
pytest.importorskip("langchain_core")
mcp = pytest.importorskip("mcp")

from genie_sdk.integrations import langchain, llama_index, openai_agents  # noqa: E402
from genie_sdk.integrations.mcp import build_server  # noqa: E402

IDS = re.compile(r"\b[0-9a-f]{32}\b")


def without_ids(text: str) -> str:
    return IDS.sub("<id>", text)


def test_the_sync_tool_asks_and_follows_up(sim: GenieSimulator) -> None:
    with GenieClient(sim.url, auth=PAT(sim.token)) as client:
        tool = llama_index.genie_tool(client, sim.space_id, polling=QUICK)
        first = tool.call(question="total sales by region")
        answer = first.raw_output
        assert isinstance(answer, AskOutput)
        second = tool.call(question="only for 2024", conversation_id=answer.conversation_id)

    assert "| Central | 1284581.85 |" in first.content
    assert f"conversation_id: {answer.conversation_id}" in second.content
    assert conversations_started(sim) == 1
    assert tool.metadata.name == "ask_genie"


async def test_the_async_tool_tells_the_model_why_it_failed(sim: GenieSimulator) -> None:
    sim.add_answer("secret", error_type="CONTENT_FILTER_EXCEPTION", error_message="Not allowed.")
    async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as client:
        tool = llama_index.genie_tool(client, sim.space_id, polling=QUICK)
        output = await tool.acall(question="tell me the secret")

    assert output.content.startswith("Genie could not answer")
    assert "Not allowed." in output.content


async def test_every_tool_gives_the_same_answer(sim: GenieSimulator) -> None:
    question = "total sales by region"
    texts: dict[str, str] = {}
    with GenieClient(sim.url, auth=PAT(sim.token)) as sync_client:
        async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as client:
            server = await build_server(AsyncGenieToolkit(client, [sim.space_id], polling=QUICK))
            async with mcp.Client(server) as session:
                result = await session.call_tool("ask", {"question": question})
                texts["mcp"] = result.content[0].text  # type: ignore[union-attr]
            lc = langchain.GenieTool(space_id=sim.space_id, async_client=client, polling=QUICK)
            call: dict[str, Any] = {"type": "tool_call", "id": "1", "name": "ask_genie"}
            texts["langchain"] = (
                await lc.ainvoke({**call, "args": {"question": question}})
            ).content
            agents_tool = openai_agents.genie_tool(client, sim.space_id, polling=QUICK)
            texts["openai_agents"] = await agents_tool.on_invoke_tool(
                _tool_context(agents_tool.name), f'{{"question": "{question}"}}'
            )
        li = llama_index.genie_tool(sync_client, sim.space_id, polling=QUICK)
        texts["llama_index"] = li.call(question=question).content

    assert len({without_ids(text) for text in texts.values()}) == 1, texts
    assert "| Central | 1284581.85 |" in texts["mcp"]


def _tool_context(name: str) -> Any:
    from agents.tool_context import ToolContext

    return ToolContext(context=None, tool_name=name, tool_call_id="1", tool_arguments="{}")
