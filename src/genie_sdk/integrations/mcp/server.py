"""The MCP server: Genie's tools over stdio or streamable HTTP, on the official ``mcp`` package.

Tools: ``ask`` (one tool for new questions and follow-ups), ``list_spaces``, ``describe_space``
and ``get_result``. Each returns Markdown for the model and typed ``structuredContent``. Over
any other provider (Secoda AI, a Workato genie), `build_provider_server` serves ``ask`` alone.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any, Literal

import anyio
from pydantic import BaseModel

from genie_sdk._async.client import AsyncGenieClient
from genie_sdk._core.events import AnswerReady, Event, ResponseIds
from genie_sdk._version import __version__
from genie_sdk.errors import GenieError
from genie_sdk.integrations._async_providers import AsyncProviderToolkit
from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations.outputs import (
    AskOutput,
    ResultPage,
    SpaceDetails,
    SpaceList,
    SpaceSummary,
    ask_description,
    ask_markdown,
    error_text,
    space_markdown,
)
from genie_sdk.integrations.progress import progress_text
from genie_sdk.integrations.provider_outputs import (
    ProviderAskOutput,
    provider_ask_description,
    provider_error_text,
    provider_markdown,
    provider_name,
)
from genie_sdk.integrations.response_outputs import ResponseOutput, response_markdown

try:
    from mcp.server.mcpserver import Context, MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp.server.mcpserver.tools import Tool
    from mcp_types import CallToolResult, TextContent, ToolAnnotations
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        'the Genie MCP server needs mcp, which is not installed: pip install "genie-sdk[mcp]"'
    ) from missing

if TYPE_CHECKING:
    from genie_sdk.index import MetadataIndex

__all__ = ["TOOL_NAMES", "build_provider_server", "build_server", "serve", "serve_provider"]

logger = logging.getLogger("genie_sdk")

_CANCEL_SECONDS = 10.0
"""Longest wait for the request that cancels an agent-mode response of a cancelled call."""

TOOL_NAMES = ("ask", "list_spaces", "describe_space", "get_result")
"""The tools served."""

_READS = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
_ASKS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)
"""Asking creates a conversation and a message; nothing is ever changed or deleted."""


def _result(text: str, data: BaseModel) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structured_content=data.model_dump(mode="json"),
    )


class _Tools:
    """The tool functions, bound to a toolkit; the server publishes their signatures.

    With ``forward_bearer``, each call asks with the caller's own token (its
    ``Authorization: Bearer`` header) instead of the server's credentials.
    """

    def __init__(self, toolkit: AsyncGenieToolkit, forward_bearer: bool) -> None:
        self.toolkit = toolkit
        self.forward_bearer = forward_bearer

    async def ask(
        self,
        question: str,
        ctx: Context,
        conversation_id: str | None = None,
        space: str | None = None,
    ) -> Annotated[CallToolResult, AskOutput]:
        """Ask Genie; the docstring is replaced by a description built from the spaces."""
        async with self._asking(ctx) as toolkit:
            events = toolkit.ask_events(question, space=space, conversation_id=conversation_id)
            return await _answered(ctx, events, ask_markdown)

    async def ask_agent(
        self,
        question: str,
        ctx: Context,
        conversation_id: str | None = None,
        space: str | None = None,
    ) -> Annotated[CallToolResult, ResponseOutput]:
        """Ask a space in agent mode: Genie plans, runs several queries and writes a cited report.

        Slower than ``ask``; for open questions that need research. Pass the answer's
        conversation_id to follow up.
        """
        async with self._asking(ctx) as toolkit:
            events = toolkit.ask_agent_events(
                question, space=space, conversation_id=conversation_id
            )
            return await _answered(ctx, _cancelled_with(events, toolkit), response_markdown)

    async def ask_genie_one(
        self, question: str, ctx: Context, conversation_id: str | None = None
    ) -> Annotated[CallToolResult, ResponseOutput]:
        """Ask Genie One, the workspace's assistant, about any data or asset it can see.

        Pass the answer's conversation_id to follow up.
        """
        async with self._asking(ctx) as toolkit:
            events = toolkit.ask_genie_one_events(question, conversation_id=conversation_id)
            return await _answered(ctx, events, response_markdown)

    async def list_spaces(self, ctx: Context) -> Annotated[CallToolResult, SpaceList]:
        """List the Genie spaces served here, with their names for the ``space`` argument."""
        async with self._asking(ctx) as toolkit:
            spaces = await toolkit.list_spaces()
        lines = [_space_line(s) for s in spaces.spaces]
        return _result("\n".join(lines) or "No Genie spaces are served.", spaces)

    async def describe_space(
        self, ctx: Context, space: str | None = None
    ) -> Annotated[CallToolResult, SpaceDetails]:
        """Describe a Genie space: its tables, sample questions and instructions."""
        async with self._asking(ctx) as toolkit:
            details = await toolkit.describe_space(space)
        return _result(space_markdown(details), details)

    async def get_result(
        self,
        conversation_id: str,
        message_id: str,
        ctx: Context,
        offset: int = 0,
        attachment_id: str | None = None,
        space: str | None = None,
    ) -> Annotated[CallToolResult, ResultPage]:
        """Page through the rows of an answer's query result, from ``offset`` on.

        Pass the ``conversation_id`` and ``message_id`` of an ``ask`` result, and the
        ``next_offset`` of the previous page.
        """
        async with self._asking(ctx) as toolkit:
            page = await toolkit.get_result(
                conversation_id, message_id, attachment_id, space=space, offset=offset
            )
        return _result(page.markdown, page)

    @asynccontextmanager
    async def _asking(self, ctx: Context) -> AsyncIterator[AsyncGenieToolkit]:
        """Yield the toolkit to ask with; Genie's errors become tool errors the model reads."""
        try:
            if not self.forward_bearer:
                yield self.toolkit
                return
            token = _bearer(ctx.headers)
            async with AsyncGenieClient(self.toolkit.client.host, token=token) as client:
                yield self.toolkit.with_client(client)
        except (GenieError, ValueError) as error:
            raise ToolError(error_text(error)) from error


async def _answered(
    ctx: Context, events: AsyncIterator[Event], render: Callable[[Any], str]
) -> CallToolResult:
    """Report each event as progress; return the answer as Markdown and structured content."""
    progress = 0
    async for event in events:
        if isinstance(event, AnswerReady):
            return _result(render(event.answer), event.answer)
        progress += 1
        await ctx.report_progress(progress, message=progress_text(event))
    raise ToolError("Genie ended the question without an answer")


async def _cancelled_with(
    events: AsyncIterator[Event], toolkit: AsyncGenieToolkit
) -> AsyncIterator[Event]:
    """Pass ``events`` on; when the call is cancelled, ask the agent to cancel its response.

    A cancelled MCP call is an anyio cancel scope, which cancels every await inside it: the
    request that cancels the response is sent shielded, with its own time limit.
    """
    ids: ResponseIds | None = None
    try:
        async for event in events:
            ids = event.ids if isinstance(event.ids, ResponseIds) else ids
            yield event
    except anyio.get_cancelled_exc_class():
        if ids is not None and ids.agent_id is not None:
            with anyio.move_on_after(_CANCEL_SECONDS, shield=True):
                try:
                    await toolkit.client.agent_mode.cancel(
                        ids.agent_id, ids.conversation_id, ids.response_id
                    )
                except GenieError as error:
                    logger.warning("cancelling response %s failed: %s", ids.response_id, error)
        raise


def _bearer(headers: Mapping[str, str] | None) -> str:
    """The caller's token, from its ``Authorization: Bearer`` header."""
    scheme, _, token = ((headers or {}).get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ToolError(
            "this server asks Genie with the caller's credentials: "
            "send an Authorization: Bearer header with a Databricks token"
        )
    return token.strip()


def _space_line(space: SpaceSummary) -> str:
    about = f": {space.description}" if space.description else ""
    return f"- `{space.name}` — {space.title}{about}"


def _where(spaces: list[SpaceSummary]) -> str:
    if len(spaces) == 1:
        space = spaces[0]
        about = f" ({space.description})" if space.description else ""
        return f"the Genie space “{space.title}”{about}"
    listed = "\n".join(_space_line(s) for s in spaces)
    return f"one of these Genie spaces (pass its name as `space`):\n{listed}\n"


def _tools(
    toolkit: AsyncGenieToolkit,
    spaces: list[SpaceSummary],
    *,
    forward_bearer: bool,
    agent_mode: bool,
    genie_one: bool,
) -> list[Tool]:
    tools = _Tools(toolkit, forward_bearer)
    several = len(spaces) > 1
    title = "Ask Genie" if several else f"Ask {spaces[0].title}" if spaces else "Ask Genie"
    built = [
        Tool.from_function(
            tools.ask,
            name="ask",
            title=title,
            description=ask_description(_where(spaces))
            + " Large results are paged with get_result.",
            annotations=_ASKS,
        ),
        Tool.from_function(tools.list_spaces, name="list_spaces", annotations=_READS),
        Tool.from_function(tools.describe_space, name="describe_space", annotations=_READS),
        Tool.from_function(tools.get_result, name="get_result", annotations=_READS),
    ]
    if agent_mode:
        built.append(Tool.from_function(tools.ask_agent, name="ask_agent", annotations=_ASKS))
    if genie_one:
        built.append(
            Tool.from_function(tools.ask_genie_one, name="ask_genie_one", annotations=_ASKS)
        )
    return [_with_space_argument(tool, spaces) for tool in built]


def _with_space_argument(tool: Tool, spaces: list[SpaceSummary]) -> Tool:
    """Publish ``space`` as a choice of the spaces' names, or not at all when one is served."""
    schema = dict(tool.parameters)
    properties = dict(schema.get("properties", {}))
    if "space" not in properties:
        return tool
    if len(spaces) > 1:
        properties["space"] = {
            "enum": [s.name for s in spaces],
            "type": "string",
            "description": "The space to use: "
            + "; ".join(f"{s.name} = {s.title}" for s in spaces),
        }
    else:
        del properties["space"]
    schema["properties"] = properties
    return tool.model_copy(update={"parameters": schema})


async def build_server(
    toolkit: AsyncGenieToolkit,
    *,
    forward_bearer: bool = False,
    agent_mode: bool = False,
    genie_one: bool = False,
    index: MetadataIndex | None = None,
    principal: Sequence[str] | None = None,
) -> MCPServer:
    """Return an MCP server of ``toolkit``'s spaces (fetched now, to describe the tools).

    ``agent_mode`` adds the tool ``ask_agent`` (agent mode's researched, cited reports) and
    ``genie_one`` the tool ``ask_genie_one`` (the workspace-wide assistant); both need the
    feature turned on in the workspace. ``index`` adds the tool ``search`` over that metadata
    index, limited to what ``principal`` (a user, then their groups) may open and to the
    spaces served.

    With ``forward_bearer`` (over HTTP), every tool call asks with the caller's own token,
    sent as ``Authorization: Bearer``, on behalf of that user; a call without one is refused.
    The toolkit's credentials then only read the served spaces' titles at start.

    Raises:
        GenieError: The spaces could not be read (credentials, permissions, an unknown id).
    """
    spaces = await toolkit.spaces()
    titles = ", ".join(f"“{s.title}”" for s in spaces) or "no spaces"
    tools = _tools(
        toolkit,
        spaces,
        forward_bearer=forward_bearer,
        agent_mode=agent_mode,
        genie_one=genie_one,
    )
    if index is not None:
        from genie_sdk.integrations.mcp.search import IndexSearch

        searcher = IndexSearch(index, spaces, principal)
        tools.append(Tool.from_function(searcher.tool, name="search", annotations=_READS))
    return MCPServer(
        "genie",
        title="Databricks Genie",
        version=__version__,
        instructions=(
            f"Databricks AI/BI Genie answers questions about the data of {titles}. Use ask for "
            "questions and follow-ups (pass conversation_id), get_result for more rows."
        ),
        tools=tools,
        log_level="WARNING",
    )


async def serve(
    toolkit: AsyncGenieToolkit,
    *,
    transport: Literal["stdio", "streamable-http"] = "stdio",
    host: str = "127.0.0.1",
    port: int = 8000,
    forward_bearer: bool = False,
    agent_mode: bool = False,
    genie_one: bool = False,
    index: MetadataIndex | None = None,
    principal: Sequence[str] | None = None,
) -> None:
    """Serve ``toolkit`` over ``transport`` until the client disconnects (stdio) or a signal.

    Args:
        toolkit: The spaces and client to serve; its client is closed when serving ends.
        transport: ``"stdio"``, or ``"streamable-http"`` on ``host``:``port`` at ``/mcp``.
        host: Interface to listen on over HTTP.
        port: Port to listen on over HTTP.
        forward_bearer: Over HTTP, ask with each caller's bearer token (see `build_server`).
        agent_mode: Also serve ``ask_agent``.
        genie_one: Also serve ``ask_genie_one``.
        index: Also serve ``search`` over this metadata index.
        principal: Whom ``search`` answers for: a user, then their groups.
    """
    async with toolkit.client:
        server = await build_server(
            toolkit,
            forward_bearer=forward_bearer,
            agent_mode=agent_mode,
            genie_one=genie_one,
            index=index,
            principal=principal,
        )
        if transport == "stdio":
            await server.run_stdio_async()
        else:
            await server.run_streamable_http_async(host=host, port=port)


class _ProviderTools:
    """The ``ask`` tool of a provider's server, bound to its toolkit."""

    def __init__(self, toolkit: AsyncProviderToolkit) -> None:
        self.toolkit = toolkit

    async def ask(
        self, question: str, ctx: Context, conversation_id: str | None = None
    ) -> Annotated[CallToolResult, ProviderAskOutput]:
        """Ask the provider; the docstring is replaced by a description naming it."""
        try:
            events = self.toolkit.ask_events(question, conversation_id=conversation_id)
            return await _answered(ctx, events, provider_markdown)
        except (GenieError, ValueError) as error:
            raise ToolError(provider_error_text(self.toolkit.provider_name, error)) from error


def build_provider_server(toolkit: AsyncProviderToolkit) -> MCPServer:
    """Return an MCP server whose one tool, ``ask``, answers through ``toolkit``'s provider.

    ``ask`` takes a question and an optional ``conversation_id`` (the handle of an earlier
    answer) and returns the answer as Markdown and typed ``structuredContent``
    ([`ProviderAskOutput`][genie_sdk.integrations.provider_outputs.ProviderAskOutput]),
    reporting the provider's events as progress notifications while it works.
    """
    name = provider_name(toolkit.provider_name)
    tool = Tool.from_function(
        _ProviderTools(toolkit).ask,
        name="ask",
        title=f"Ask {name}",
        description=provider_ask_description(toolkit.provider_name),
        annotations=_ASKS,
    )
    return MCPServer(
        toolkit.provider_name,
        title=name,
        version=__version__,
        instructions=f"{name} answers questions about your data. Use ask for questions and "
        "follow-ups (pass the conversation_id of the answer to follow up).",
        tools=[tool],
        log_level="WARNING",
    )


async def serve_provider(
    toolkit: AsyncProviderToolkit,
    *,
    transport: Literal["stdio", "streamable-http"] = "stdio",
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve ``toolkit``'s provider over ``transport`` until the client disconnects or a signal.

    The provider's client stays the caller's to close. Arguments as for `serve`.
    """
    server = build_provider_server(toolkit)
    if transport == "stdio":
        await server.run_stdio_async()
    else:
        await server.run_streamable_http_async(host=host, port=port)
