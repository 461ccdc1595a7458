"""GenieTool and GenieChatModel inside LangChain agents (LangGraph graphs), with a scripted model, on the simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import pytest

from genie_sdk import AsyncGenieClient, GenieClient
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import QUICK, conversations_started

pytest.importorskip("langchain_core")
agents = pytest.importorskip("langchain.agents")

from langchain_core.language_models.fake_chat_models import (  # noqa: E402
    FakeMessagesListChatModel,
)
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage  # noqa: E402
from langchain_core.tools import tool  # noqa: E402

from genie_sdk.integrations.langchain import GenieChatModel, GenieTool  # noqa: E402


class ScriptedModel(FakeMessagesListChatModel):
    """A chat model that answers with the messages given, in order, and accepts tools."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedModel:
        return self


def call(name: str, call_id: str, **args: Any) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])


def script(*calls: AIMessage) -> ScriptedModel:
    return ScriptedModel(responses=[*calls, AIMessage(content="Done.")])


@pytest.fixture
def clients(sim: GenieSimulator) -> Iterator[tuple[GenieClient, AsyncGenieClient]]:
    with GenieClient(sim.url, auth=PAT(sim.token)) as sync:
        yield sync, AsyncGenieClient(sim.url, auth=PAT(sim.token))


@pytest.fixture
async def genie_tool(
    sim: GenieSimulator, clients: tuple[GenieClient, AsyncGenieClient]
) -> AsyncIterator[GenieTool]:
    sync, async_client = clients
    async with async_client:
        yield GenieTool(
            space_id=sim.space_id, client=sync, async_client=async_client, polling=QUICK
        )


def tool_messages(result: dict[str, Any]) -> list[ToolMessage]:
    return [m for m in result["messages"] if isinstance(m, ToolMessage)]


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_an_agent_asks_and_follows_up_in_its_thread(
    mode: str, genie_tool: GenieTool, sim: GenieSimulator
) -> None:
    model = script(
        call("ask_genie", "1", question="total sales by region"),
        call("ask_genie", "2", question="only for 2024"),
    )
    agent = agents.create_agent(model, [genie_tool])
    request = {"messages": [HumanMessage("How did the regions sell, and in 2024?")]}
    config = {"configurable": {"thread_id": "thread-1"}}

    if mode == "sync":
        result = agent.invoke(request, config)
    else:
        result = await agent.ainvoke(request, config)

    first, second = tool_messages(result)
    assert first.status == "success"
    assert "| Central |" in first.content
    assert first.artifact["result"]["rows"][0] == ["Central", "1284581.85"]
    assert second.artifact["conversation_id"] == first.artifact["conversation_id"]
    assert conversations_started(sim) == 1
    # Genie gets the new question only, never the history flattened into one.
    assert [m["content"] for m in sim.messages] == ["total sales by region", "only for 2024"]
    assert result["messages"][-1].content == "Done."


async def test_each_thread_keeps_its_own_conversation(
    genie_tool: GenieTool, sim: GenieSimulator
) -> None:
    ask = {"type": "tool_call", "name": "ask_genie", "args": {"question": "how many customers"}}

    one = genie_tool.invoke({**ask, "id": "1"}, {"configurable": {"thread_id": "a"}})
    other = await genie_tool.ainvoke({**ask, "id": "2"}, {"configurable": {"thread_id": "b"}})
    again = genie_tool.invoke({**ask, "id": "3"}, {"configurable": {"thread_id": "a"}})

    assert one.artifact["conversation_id"] != other.artifact["conversation_id"]
    assert again.artifact["conversation_id"] == one.artifact["conversation_id"]
    assert conversations_started(sim) == 2


async def test_a_failed_question_reaches_the_model_as_a_tool_error(
    genie_tool: GenieTool, sim: GenieSimulator
) -> None:
    sim.add_answer("secret", error_type="CONTENT_FILTER_EXCEPTION", error_message="Not allowed.")
    agent = agents.create_agent(
        script(call("ask_genie", "1", question="tell me the secret")), [genie_tool]
    )

    result = await agent.ainvoke({"messages": [HumanMessage("secret?")]})

    (message,) = tool_messages(result)
    assert message.status == "error"
    assert "Genie could not answer" in message.content
    assert "Not allowed." in message.content


def test_a_tool_needs_a_client(sim: GenieSimulator) -> None:
    with pytest.raises(ValueError, match="pass client"):
        GenieTool(space_id=sim.space_id)


async def test_the_chat_model_is_an_agent_under_a_supervisor_graph(
    sim: GenieSimulator, clients: tuple[GenieClient, AsyncGenieClient]
) -> None:
    @tool
    def transfer_to_supervisor() -> str:
        """Hand the conversation back to the supervisor."""
        return "back"

    sync, async_client = clients
    async with async_client:
        genie = GenieChatModel(
            space_id=sim.space_id, client=sync, async_client=async_client, polling=QUICK
        )
        agent = agents.create_agent(genie, [transfer_to_supervisor], name="genie")

        first = await agent.ainvoke({"messages": [HumanMessage("total sales by region")]})
        history: list[BaseMessage] = [*first["messages"], HumanMessage("only for 2024")]
        second = agent.invoke({"messages": history})

    answer = first["messages"][-1]
    follow_up = second["messages"][-1]
    assert isinstance(answer, AIMessage)
    assert "| Central |" in answer.content
    assert (
        answer.response_metadata["genie_conversation_id"]
        == (follow_up.response_metadata["genie_conversation_id"])
    )
    assert conversations_started(sim) == 1
    assert [m["content"] for m in sim.messages] == ["total sales by region", "only for 2024"]


async def test_the_chat_model_streams_progress_then_the_answer(
    sim: GenieSimulator, clients: tuple[GenieClient, AsyncGenieClient]
) -> None:
    sync, async_client = clients
    async with async_client:
        genie = GenieChatModel(
            space_id=sim.space_id, client=sync, async_client=async_client, polling=QUICK
        )
        chunks = [c async for c in genie.astream([HumanMessage("total sales by region")])]
    synced = list(genie.stream([HumanMessage("how many customers")]))

    progress = [line for c in chunks for line in c.additional_kwargs.get("genie_progress", [])]
    assert "Genie status: executing query" in progress
    whole = chunks[0]
    for chunk in chunks[1:]:
        whole += chunk
    assert "| Central |" in whole.content
    assert whole.additional_kwargs["genie"]["sql"].startswith("SELECT")
    assert whole.additional_kwargs["genie_progress"] == progress
    assert any("2000" in str(c.content) for c in synced)


def test_the_chat_model_needs_a_human_message(
    sim: GenieSimulator, clients: tuple[GenieClient, AsyncGenieClient]
) -> None:
    genie = GenieChatModel(space_id=sim.space_id, client=clients[0])

    with pytest.raises(ValueError, match="human message"):
        genie.invoke([AIMessage("hello")])
    assert sim.messages_created == 0
