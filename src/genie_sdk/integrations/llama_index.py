"""Genie as a LlamaIndex tool (needs ``genie-sdk[llama-index]``).

>>> from genie_sdk import GenieClient
>>> from genie_sdk.integrations.llama_index import genie_tool
>>> tool = genie_tool(GenieClient(), space_id)   # an AsyncGenieClient makes an async tool
"""

from __future__ import annotations

from genie_sdk._async.client import AsyncGenieClient
from genie_sdk._core.polling import PollingPolicy
from genie_sdk._sync.client import GenieClient
from genie_sdk.errors import GenieError
from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations._sync_toolkit import GenieToolkit
from genie_sdk.integrations.outputs import (
    AskOutput,
    ToolLimits,
    ask_description,
    ask_markdown,
    error_text,
)

try:
    from llama_index.core.tools import FunctionTool
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        "the LlamaIndex tool needs llama-index-core, which is not installed: "
        'pip install "genie-sdk[llama-index]"'
    ) from missing

__all__ = ["genie_tool"]


def genie_tool(
    client: GenieClient | AsyncGenieClient,
    space_id: str,
    *,
    name: str = "ask_genie",
    description: str | None = None,
    limits: ToolLimits | None = None,
    polling: PollingPolicy | None = None,
) -> FunctionTool:
    """Return a LlamaIndex tool that asks Genie in ``space_id``.

    The model passes ``question`` and, to follow up, the ``conversation_id`` of an earlier
    answer. The tool's content is the answer as Markdown, the same as the other Genie tools';
    its ``raw_output`` is the [`AskOutput`][genie_sdk.integrations.outputs.AskOutput]. A
    question Genie cannot answer returns the reason, for the model to read. A ``GenieClient``
    makes a tool for ``call``, an ``AsyncGenieClient`` one for ``acall``.

    Args:
        client: The client to ask with.
        space_id: The Genie space to ask.
        name: The tool's name as the model sees it.
        description: What the model reads about the tool (default: a description of Genie).
        limits: How many rows and characters one answer may hold.
        polling: How to wait for answers (default: `PollingPolicy.interactive()`).
    """
    about = description or ask_description("a Genie space")
    if isinstance(client, AsyncGenieClient):
        async_toolkit = AsyncGenieToolkit(client, [space_id], limits=limits, polling=polling)

        async def ask_genie_async(
            question: str, conversation_id: str | None = None
        ) -> AskOutput | str:
            """Ask Genie a question; pass conversation_id to follow up."""
            try:
                return await async_toolkit.ask(question, conversation_id=conversation_id)
            except (GenieError, ValueError) as error:
                return error_text(error)

        return FunctionTool.from_defaults(
            async_fn=ask_genie_async, name=name, description=about, callback=_content
        )
    toolkit = GenieToolkit(client, [space_id], limits=limits, polling=polling)

    def ask_genie(question: str, conversation_id: str | None = None) -> AskOutput | str:
        """Ask Genie a question; pass conversation_id to follow up."""
        try:
            return toolkit.ask(question, conversation_id=conversation_id)
        except (GenieError, ValueError) as error:
            return error_text(error)

    return FunctionTool.from_defaults(fn=ask_genie, name=name, description=about, callback=_content)


def _content(output: AskOutput | str) -> str:
    """The text the model reads: the answer as Markdown, or why there is none."""
    return ask_markdown(output) if isinstance(output, AskOutput) else output
