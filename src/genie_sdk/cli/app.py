"""The ``genie`` application: global options, subcommands and error reporting."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from genie_sdk import __version__
from genie_sdk.cli import render
from genie_sdk.cli.commands import (
    agents,
    ask,
    auth,
    conversations,
    download,
    evals,
    mcp,
    messages,
    permissions,
    providers,
    responses,
    simulator,
    space,
    spaces,
    tags,
)
from genie_sdk.cli.commands import index as index_commands
from genie_sdk.cli.connection import Connection
from genie_sdk.cli.demo import demo
from genie_sdk.cli.errors import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXPECTED, report

__all__ = ["app"]


def _discard_output() -> None:
    """Point stdout and stderr at the null device, so that no flush at exit fails again."""
    null = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(null, stream.fileno())
        except (OSError, ValueError):  # not a file descriptor (an in-memory stream)
            continue
    os.close(null)


class GenieGroup(TyperGroup):
    """Reports expected errors as a message and an exit code instead of a traceback."""

    # ``ctx`` is typer's bundled click context, which typer does not export under a public name.
    def invoke(self, ctx: Any) -> Any:
        """Run the command, turning expected errors into exit codes."""
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a reader that went away shows here, not at interpreter exit
            return result
        except BrokenPipeError:
            # `genie ... | head`: the reader has what it wanted; stop quietly, like `cat` does.
            _discard_output()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except EXPECTED as error:
            raise typer.Exit(report(error, render.err)) from None
        except KeyboardInterrupt as stop:
            render.err.print("Interrupted.", style="yellow")
            for note in getattr(stop, "__notes__", []):  # e.g. how to read a cancelled answer
                render.err.print(render.text(note, "yellow"))
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    cls=GenieGroup,
    name="genie",
    help="Ask Databricks AI/BI Genie questions and manage its spaces and conversations.\n\n"
    "Credentials come from --profile, DATABRICKS_HOST / DATABRICKS_TOKEN (or "
    "DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET) or ~/.databrickscfg, as for the "
    "Databricks CLI. Try `genie demo` for a tour against a local simulator.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        print(f"genie-sdk {__version__}")
        raise typer.Exit


@app.callback()
def main(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help="Workspace URL.",
            show_default="DATABRICKS_HOST or the profile's host",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p", help="Profile of ~/.databrickscfg to use."),
    ] = None,
    poll_interval: Annotated[
        float | None,
        typer.Option(
            "--poll-interval",
            min=0.01,
            max=60.0,
            envvar="GENIE_POLL_INTERVAL",
            help="Seconds before the first poll of an answer; doubles up to --poll-max.",
            show_default="0.5",
        ),
    ] = None,
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Set the options every command shares."""
    ctx.obj = Connection(host=host, profile=profile, poll_interval=poll_interval)


app.command("ask")(ask.ask)
app.command("chat")(ask.chat)
app.command("download")(download.download)
app.command("demo")(demo)
app.add_typer(spaces.app, name="spaces")
app.add_typer(conversations.app, name="conversations")
app.add_typer(messages.app, name="messages")
app.add_typer(auth.app, name="auth")
app.add_typer(simulator.app, name="simulator")
app.add_typer(mcp.app, name="mcp")
app.add_typer(agents.app, name="agents")
app.add_typer(space.app, name="space")
app.add_typer(evals.app, name="eval")
app.add_typer(permissions.app, name="permissions")
app.add_typer(tags.app, name="tags")
app.add_typer(responses.app, name="one")
app.add_typer(providers.app, name="providers")
app.add_typer(index_commands.app, name="index")
