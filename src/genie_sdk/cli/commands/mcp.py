"""``genie mcp serve``: Genie's tools for AI agents and coding assistants, over MCP."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import anyio
import typer

from genie_sdk import AsyncGenieClient, PollingPolicy
from genie_sdk.cli.connection import connection
from genie_sdk.errors import ConfigurationError

if TYPE_CHECKING:
    from genie_sdk.index import MetadataIndex
    from genie_sdk.providers import AsyncProvider

__all__ = ["app", "keep_stdout_for_the_protocol"]

app = typer.Typer(no_args_is_help=True, help="Serve Genie to AI agents (Model Context Protocol).")


class Served(str, enum.Enum):
    """Who the served ``ask`` tool asks."""

    GENIE = "genie"
    SECODA = "secoda"
    WORKATO = "workato"


_GENIE_ONLY = ("--space", "--forward-bearer", "--agent-mode", "--genie-one", "--index")


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    spaces: Annotated[
        list[str] | None,
        typer.Option(
            "--space",
            "-s",
            help="Id of a space to serve (repeat for several); only these can be asked.",
            show_default="every space you can see",
        ),
    ] = None,
    http: Annotated[
        bool,
        typer.Option("--http", help="Serve streamable HTTP at /mcp instead of stdio."),
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on with --http.")
    ] = 8000,
    bind: Annotated[
        str, typer.Option("--bind", help="Interface to listen on with --http.")
    ] = "127.0.0.1",
    forward_bearer: Annotated[
        bool,
        typer.Option(
            "--forward-bearer",
            help="With --http: ask with each caller's own token (its Authorization: Bearer "
            "header), on behalf of that user; your credentials only read the spaces' titles.",
        ),
    ] = False,
    agent_mode: Annotated[
        bool,
        typer.Option("--agent-mode", help="Also serve ask_agent: agent mode's cited reports."),
    ] = False,
    genie_one: Annotated[
        bool,
        typer.Option("--genie-one", help="Also serve ask_genie_one: the workspace's assistant."),
    ] = False,
    index: Annotated[
        Path | None,
        typer.Option(
            "--index",
            help="Also serve search over this metadata index (built by genie index build).",
        ),
    ] = None,
    principal: Annotated[
        list[str] | None,
        typer.Option(
            "--principal",
            help="With --index: search only what this user (then their groups, repeated) may open.",
        ),
    ] = None,
    provider: Annotated[
        Served,
        typer.Option(
            "--provider",
            help="Who ask answers through: secoda (SECODA_API_KEY, SECODA_BASE_URL) or workato "
            "(WORKATO_API_KEY, WORKATO_BASE_URL, WORKATO_GENIE) serve ask alone.",
        ),
    ] = Served.GENIE,
) -> None:
    """Serve the tools ask, list_spaces, describe_space and get_result (and more if asked).

    Over stdio (the default) an MCP client starts this command itself; with --http, clients
    connect to http://BIND:PORT/mcp. Credentials come from the global options, the
    environment or ~/.databrickscfg, like every genie command. With --provider secoda or
    workato, the one tool ask answers through that provider, with its key from the environment
    (a Workato skill that asks for approval is rejected).
    """
    try:
        from genie_sdk.integrations.mcp import serve
        from genie_sdk.integrations.toolkit import AsyncGenieToolkit
    except ImportError as missing:
        raise ConfigurationError(str(missing)) from None

    if provider is not Served.GENIE:
        given = (spaces, forward_bearer, agent_mode, genie_one, index)
        for option, value in zip(_GENIE_ONLY, given, strict=True):
            if value:
                raise typer.BadParameter(f"{option} serves Genie only", param_hint=option)
        _serve_provider(provider, "streamable-http" if http else "stdio", bind, port)
        return

    if forward_bearer and not http:
        raise typer.BadParameter("--forward-bearer needs --http", param_hint="--forward-bearer")
    if index is not None and not index.is_file():
        raise typer.BadParameter(f"no index at {index}", param_hint="--index")
    opened = _open_index(index) if index is not None else None
    settings = connection(ctx)
    polling = PollingPolicy.interactive()
    if settings.poll_interval is not None:
        polling = replace(polling, initial=min(settings.poll_interval, polling.maximum))
    client = AsyncGenieClient(settings.host, profile=settings.profile)
    toolkit = AsyncGenieToolkit(client, spaces or None, polling=polling)
    if http:
        anyio.run(
            lambda: serve(
                toolkit,
                transport="streamable-http",
                host=bind,
                port=port,
                forward_bearer=forward_bearer,
                agent_mode=agent_mode,
                genie_one=genie_one,
                index=opened,
                principal=principal,
            )
        )
    else:
        keep_stdout_for_the_protocol()
        anyio.run(
            lambda: serve(
                toolkit,
                agent_mode=agent_mode,
                genie_one=genie_one,
                index=opened,
                principal=principal,
            )
        )


def _serve_provider(
    which: Served, transport: Literal["stdio", "streamable-http"], host: str, port: int
) -> None:
    """Serve ``ask`` through Secoda or a Workato genie, on a client opened for the serving."""
    from genie_sdk.integrations.mcp import serve_provider
    from genie_sdk.integrations.toolkit import AsyncProviderToolkit

    opened = _provider(which)

    async def run() -> None:
        async with opened as chosen:
            await serve_provider(
                AsyncProviderToolkit(chosen), transport=transport, host=host, port=port
            )

    if transport == "stdio":
        keep_stdout_for_the_protocol()
    anyio.run(run)


def _provider(which: Served) -> AbstractAsyncContextManager[AsyncProvider]:
    """The provider served, its key and address read from the environment now."""
    from genie_sdk.cli.commands.providers import WORKATO_URL, api_key
    from genie_sdk.providers.secoda import DEFAULT_BASE_URL, AsyncSecodaClient
    from genie_sdk.providers.workato import AsyncHeadlessGenieClient

    polling = PollingPolicy.interactive()
    if which is Served.SECODA:
        url = os.environ.get("SECODA_BASE_URL") or DEFAULT_BASE_URL
        secoda = AsyncSecodaClient(url, api_key("SECODA_API_KEY", "Secoda"), polling=polling)

        @asynccontextmanager
        async def secoda_provider() -> AsyncIterator[AsyncProvider]:
            async with secoda:
                yield secoda.as_provider()

        return secoda_provider()
    handle = os.environ.get("WORKATO_GENIE", "").strip()
    if not handle:
        raise ConfigurationError("serving a Workato genie needs its handle: set WORKATO_GENIE")
    url = os.environ.get("WORKATO_BASE_URL") or WORKATO_URL
    workato = AsyncHeadlessGenieClient(url, api_key("WORKATO_API_KEY", "Workato"), polling=polling)

    @asynccontextmanager
    async def workato_provider() -> AsyncIterator[AsyncProvider]:
        async with workato:
            # Read-only by default: no skill runs without a person approving it.
            yield workato.as_provider(handle, on_approval=lambda _: False)

    return workato_provider()


def _open_index(path: Path) -> MetadataIndex:
    from genie_sdk.index import MetadataIndex

    return MetadataIndex.open(path)


def keep_stdout_for_the_protocol() -> None:
    """Leave standard output to MCP messages alone: everything else written to it goes to stderr.

    A browser opened for an OAuth login, or any other child process, inherits file descriptor
    1 and may write to it, which would corrupt the protocol stream; the protocol keeps the
    original stream through ``sys.stdout``, and descriptor 1 becomes a copy of stderr.
    """
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", newline="\n")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = protocol
