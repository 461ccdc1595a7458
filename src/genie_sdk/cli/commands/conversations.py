"""``genie conversations``: list, delete and prune the conversations of a space."""

from __future__ import annotations

import re
import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag, SpaceArg
from genie_sdk.errors import NotFoundError

__all__ = ["app", "parse_age"]

app = typer.Typer(no_args_is_help=True, help="List, delete and prune conversations.")

CONVERSATION_LIMIT = 10_000
"""Conversations a space can hold; starting another fails beyond it."""
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}

AllFlag = Annotated[
    bool,
    typer.Option("--all", help="Every user's conversations, not only yours (space managers)."),
]


def parse_age(text: str) -> float:
    """Parse an age such as ``30d``, ``12h``, ``2w``, ``90m`` or ``45s`` into seconds."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhdw])", text.strip().lower())
    if match is None:
        raise typer.BadParameter(
            f"{text!r} is not an age: use a number and a unit (s, m, h, d, w), e.g. 30d",
            param_hint="--older-than",
        )
    return float(match.group(1)) * _UNITS[match.group(2)]


@app.command("list")
def list_conversations(
    ctx: typer.Context, space_id: SpaceArg, include_all: AllFlag = False, as_json: JsonFlag = False
) -> None:
    """List the conversations of a space, newest first."""
    with connection(ctx).client() as client:
        conversations = list(client.conversations.list(space_id, include_all=include_all or None))
    if as_json:
        render.print_json([c.model_dump(mode="json", exclude_none=True) for c in conversations])
        return
    render.out.print(render.conversations_table(conversations))
    render.err.print(Text(f"{len(conversations):,} conversations", style="dim"))


@app.command("delete")
def delete_conversations(
    ctx: typer.Context,
    space_id: SpaceArg,
    conversation_ids: Annotated[
        list[str], typer.Argument(metavar="CONVERSATION...", help="Conversation ids to delete.")
    ],
) -> None:
    """Delete conversations."""
    with connection(ctx).client() as client:
        for conversation_id in conversation_ids:
            client.conversations.delete(space_id, conversation_id)
            render.out.print(Text(f"Deleted conversation {conversation_id}"))


@app.command("prune")
def prune(
    ctx: typer.Context,
    space_id: SpaceArg,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than", metavar="AGE", help="Delete conversations created longer ago: 30d, 12h."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only show what would be deleted.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    include_all: AllFlag = False,
) -> None:
    """Delete old conversations, keeping the space under its 10,000-conversation limit."""
    cutoff_ms = (time.time() - parse_age(older_than)) * 1000
    with connection(ctx).client() as client:
        conversations = list(client.conversations.list(space_id, include_all=include_all or None))
        old = [
            c
            for c in conversations
            if c.created_timestamp is not None and c.created_timestamp < cutoff_ms
        ]
        render.out.print(
            Text(
                f"{len(old):,} of {len(conversations):,} conversations were created more than "
                f"{older_than} ago (a space holds at most {CONVERSATION_LIMIT:,}).",
                style="bold",
            )
        )
        if not old:
            return
        render.out.print(render.conversations_table(old))
        if dry_run:
            render.out.print(Text("Dry run: nothing was deleted.", style="yellow"))
            return
        if not yes:
            typer.confirm(f"Delete these {len(old):,} conversations?", abort=True)
        deleted = 0
        columns = (TextColumn("Deleting"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=render.err) as progress:
            for conversation in progress.track(old):
                try:
                    client.conversations.delete(space_id, conversation.conversation_id)
                except NotFoundError:
                    continue
                deleted += 1
    render.out.print(
        Text(
            f"Deleted {deleted:,} conversations; {len(conversations) - deleted:,} remain.",
            style="green",
        )
    )
