"""Genie as a tool of a LangChain agent, and as an agent of its own with ``GenieChatModel``.

The agent's model is scripted here so that the example runs without an LLM: it calls
``ask_genie`` twice, and the second question follows up in the same Genie conversation because
the run keeps one conversation per ``thread_id``. Put a real chat model (``ChatOpenAI``,
``ChatDatabricks``...) in its place. Needs ``pip install 'genie-sdk[langchain]' langchain``.
"""

from __future__ import annotations

from typing import Any

from _backend import backend
from langchain.agents import create_agent
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from genie_sdk.integrations.langchain import GenieChatModel, GenieTool


class ScriptedModel(FakeMessagesListChatModel):
    """Stands in for an LLM: plays its responses in order."""

    def bind_tools(self, *_: Any, **__: Any) -> ScriptedModel:
        return self


def ask(question: str, call_id: str) -> AIMessage:
    args = {"question": question}
    return AIMessage(content="", tool_calls=[{"name": "ask_genie", "args": args, "id": call_id}])


with backend() as genie, genie.client() as client:
    polling = genie.options().get("polling")
    tool = GenieTool(space_id=genie.space_id, client=client, polling=polling)
    model = ScriptedModel(
        responses=[
            ask("total sales by region", "1"),
            ask("only for 2024", "2"),
            AIMessage(content="Central sells most, in 2024 too."),
        ]
    )
    agent = create_agent(model, [tool])
    result = agent.invoke(
        {"messages": [HumanMessage("Which region sells most, overall and in 2024?")]},
        {"configurable": {"thread_id": "analyst-1"}},
    )
    for message in result["messages"]:
        if isinstance(message, ToolMessage):
            answer = message.artifact
            print(f"\nask_genie -> conversation {answer['conversation_id']}")
            print(message.content)
    print("\nagent:", result["messages"][-1].content)

    # Genie as an agent of its own (e.g. under a supervisor graph), streaming its progress.
    chat = GenieChatModel(space_id=genie.space_id, client=client, polling=polling)
    print("\nGenieChatModel:")
    for chunk in chat.stream([HumanMessage("how many customers")]):
        for line in chunk.additional_kwargs.get("genie_progress", []):
            print(f"  … {line}")
        if chunk.content:
            print(chunk.content)
