"""Genie as a tool of the OpenAI Agents SDK (needs ``genie-sdk[openai-agents]``).

>>> from agents import Agent
>>> from genie_sdk import AsyncGenieClient
>>> from genie_sdk.integrations.openai_agents import genie_tool
>>> agent = Agent(name="analyst", tools=[genie_tool(AsyncGenieClient(), space_id)])
"""

from __future__ import annotations

from genie_sdk._async.client import AsyncGenieClient
from genie_sdk._core.polling import PollingPolicy
from genie_sdk.errors import GenieError
from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations.outputs import ToolLimits, ask_description, ask_markdown, error_text

try:
    from agents import FunctionTool, function_tool
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        "the OpenAI Agents tool needs openai-agents, which is not installed: "
        'pip install "genie-sdk[openai-agents]"'
    ) from missing

__all__ = ["genie_tool"]


def genie_tool(
    client: AsyncGenieClient,
    space_id: str,
    *,
    name: str = "ask_genie",
    description: str | None = None,
    limits: ToolLimits | None = None,
    polling: PollingPolicy | None = None,
) -> FunctionTool:
    """Return a tool that asks Genie in ``space_id``, for an ``agents.Agent``.

    The model passes ``question`` and, to follow up, the ``conversation_id`` of an earlier
    answer; only that question is sent to Genie. The tool returns the answer as Markdown (text,
    SQL, a bounded table, the ids), the same text as the MCP server's and LangChain's; a
    question Genie cannot answer returns the reason, for the model to read.

    Args:
        client: The client to ask with.
        space_id: The Genie space to ask.
        name: The tool's name as the model sees it.
        description: What the model reads about the tool (default: a description of Genie).
        limits: How many rows and characters one answer may hold.
        polling: How to wait for answers (default: `PollingPolicy.interactive()`).
    """
    toolkit = AsyncGenieToolkit(client, [space_id], limits=limits, polling=polling)

    async def ask_genie(question: str, conversation_id: str | None = None) -> str:
        """Ask Genie a question.

        Args:
            question: The question, in plain language.
            conversation_id: The conversation of an earlier answer, to follow up in it.
        """
        try:
            output = await toolkit.ask(question, conversation_id=conversation_id)
        except (GenieError, ValueError) as error:
            return error_text(error)
        return ask_markdown(output)

    return function_tool(
        ask_genie,
        name_override=name,
        description_override=description or ask_description("a Genie space"),
    )
