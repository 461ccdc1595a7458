"""Genie as a tool of the OpenAI Agents SDK (needs ``genie-sdk[openai-agents]``).

>>> from agents import Agent
>>> from genie_sdk import AsyncGenieClient
>>> from genie_sdk.integrations.openai_agents import genie_tool
>>> agent = Agent(name="analyst", tools=[genie_tool(AsyncGenieClient(), space_id)])

Any other provider (Secoda AI, a Workato genie) is a tool through `provider_tool`.
"""

from __future__ import annotations

from genie_sdk._async.client import AsyncGenieClient
from genie_sdk._core.polling import PollingPolicy
from genie_sdk.errors import GenieError
from genie_sdk.integrations._async_providers import AsyncProviderToolkit
from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations.outputs import ToolLimits, ask_description, ask_markdown, error_text
from genie_sdk.integrations.provider_outputs import (
    provider_ask_description,
    provider_error_text,
    provider_markdown,
)
from genie_sdk.providers._protocol import AsyncProvider

try:
    from agents import FunctionTool, function_tool
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        "the OpenAI Agents tool needs openai-agents, which is not installed: "
        'pip install "genie-sdk[openai-agents]"'
    ) from missing

__all__ = ["genie_tool", "provider_tool"]


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


def provider_tool(
    provider: AsyncProvider,
    *,
    name: str | None = None,
    description: str | None = None,
    limits: ToolLimits | None = None,
) -> FunctionTool:
    """Return a tool that asks ``provider`` (e.g. ``AsyncSecodaClient(...).as_provider()``).

    The model passes ``question`` and, to follow up, the ``conversation_id`` of an earlier
    answer. The tool returns the answer as Markdown (text, sources, SQL and a bounded table
    where the provider has them, the ``conversation_id``), the same text as the MCP server's
    ``ask`` over that provider; a question the provider cannot answer returns the reason.

    Args:
        provider: The provider to ask.
        name: The tool's name as the model sees it (default: ``ask_`` and the provider's name).
        description: What the model reads about the tool (default: a description naming it).
        limits: How many rows and characters one answer may hold.
    """
    toolkit = AsyncProviderToolkit(provider, limits=limits)

    async def ask(question: str, conversation_id: str | None = None) -> str:
        """Ask a question.

        Args:
            question: The question, in plain language.
            conversation_id: The conversation of an earlier answer, to follow up in it.
        """
        try:
            output = await toolkit.ask(question, conversation_id=conversation_id)
        except (GenieError, ValueError) as error:
            return provider_error_text(provider.name, error)
        return provider_markdown(output)

    return function_tool(
        ask,
        name_override=name or f"ask_{provider.name}",
        description_override=description or provider_ask_description(provider.name),
    )
