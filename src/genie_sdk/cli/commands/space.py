"""``genie space``: a space as code: export, diff, push and clone (promote) it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from genie_sdk import SpaceDefinition, SpaceDiff
from genie_sdk.cli import render
from genie_sdk.cli.connection import Connection, connection
from genie_sdk.cli.options import JsonFlag, SpaceArg

__all__ = ["app"]

app = typer.Typer(
    no_args_is_help=True,
    help="Keep a space as code: export it to YAML, diff, push, and clone it to other workspaces.",
)

FileArg = Annotated[
    Path, typer.Argument(metavar="FILE", help="A definition file (YAML, or JSON if .json).")
]
EXIT_DIFFERENT = 1
"""``diff --exit-code``: the definitions differ."""


def _print_diff(diff: SpaceDiff, as_json: bool) -> None:
    if as_json:
        render.print_json(diff.to_json())
        return
    for change in diff.changes:
        style = {"added": "green", "removed": "red"}.get(change.action, "yellow")
        render.out.print(render.text(str(change), style))
    if not diff:
        render.out.print("No changes.")


@app.command("export")
def export(
    ctx: typer.Context,
    space_id: SpaceArg,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the definition to this file (else stdout)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Export a space's whole definition (needs CAN EDIT) as YAML, or JSON with --json."""
    with connection(ctx).client() as client:
        definition = client.spaces.export(space_id)
    if out is not None:
        definition.write(out)
        render.err.print(render.text(f"Wrote {out}"))
    elif as_json:
        render.print_plain(definition.to_json())
    else:
        render.print_plain(definition.to_yaml())


@app.command("diff")
def diff(
    ctx: typer.Context,
    file: FileArg,
    space_id: SpaceArg,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit with 1 when they differ (for CI).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show what pushing FILE would change in the live space (by item id)."""
    mine = SpaceDefinition.from_file(file)
    with connection(ctx).client() as client:
        live = client.spaces.export(space_id)
    changes = live.diff(mine)
    _print_diff(changes, as_json)
    if changes and exit_code:
        raise typer.Exit(EXIT_DIFFERENT)


@app.command("push")
def push(
    ctx: typer.Context,
    file: FileArg,
    space_id: SpaceArg,
    etag: Annotated[
        str | None,
        typer.Option("--etag", help="The etag the space must still have (default: the file's)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Update a space from FILE, only if nobody changed it since (its etag still matches)."""
    mine = SpaceDefinition.from_file(file)
    with connection(ctx).client() as client:
        if dry_run:
            mine.definition.check()
            _print_diff(client.spaces.export(space_id).diff(mine), as_json)
            return
        space = client.spaces.push(space_id, mine, etag=etag)
    if as_json:
        render.print_json(
            space.model_dump(mode="json", exclude_none=True, exclude={"serialized_space"})
        )
    else:
        render.out.print(render.text(f"Pushed {space.space_id} (etag {space.etag})"))


def _parse_retarget(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise typer.BadParameter(f"expected OLD=NEW, got {pair!r}", param_hint="--retarget")
        mapping[old.strip()] = new.strip()
    return mapping


@app.command("clone")
def clone(
    ctx: typer.Context,
    space_id: SpaceArg,
    title: Annotated[str | None, typer.Option("--title", help="Title of the copy.")] = None,
    to_profile: Annotated[
        str | None,
        typer.Option("--to-profile", help="Create the copy in this profile's workspace."),
    ] = None,
    to_host: Annotated[
        str | None, typer.Option("--to-host", help="Create the copy in this workspace.")
    ] = None,
    retarget: Annotated[
        list[str] | None,
        typer.Option(
            "--retarget",
            metavar="OLD=NEW",
            help="Re-point a catalog, catalog.schema or table (repeat for more).",
        ),
    ] = None,
    warehouse_id: Annotated[
        str | None, typer.Option("--warehouse-id", help="SQL warehouse of the copy.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Copy a space, here or into another workspace, re-pointing its tables and SQL."""
    if to_profile and to_host:
        raise typer.BadParameter("give --to-profile or --to-host, not both")
    mapping = _parse_retarget(retarget or [])
    source = connection(ctx)
    elsewhere = to_profile is not None or to_host is not None
    target = Connection(host=to_host, profile=to_profile, poll_interval=source.poll_interval)
    with source.client() as client, (target if elsewhere else source).client() as other:
        if elsewhere and other.host == client.host:
            raise ValueError(
                f"the target resolves to the same workspace ({client.host}); DATABRICKS_HOST "
                "and DATABRICKS_TOKEN in the environment take precedence over profiles"
            )
        result = client.spaces.clone(
            space_id, title=title, to=other, retarget=mapping, warehouse_id=warehouse_id
        )
    rewrites = [{"where": r.where, "old": r.old, "new": r.new} for r in result.rewrites]
    if as_json:
        render.print_json({"space_id": result.space.space_id, "rewrites": rewrites})
        return
    render.out.print(render.text(f"Created {result.space.space_id}: {result.space.title}"))
    for rewrite in result.rewrites:
        render.out.print(render.text(f"  {rewrite.where}: {rewrite.old} -> {rewrite.new}"))


@app.command("inventory")
def inventory(
    ctx: typer.Context,
    idle_days: Annotated[
        float | None,
        typer.Option(
            "--idle-days",
            min=0,
            help="Only spaces without a new conversation for this many days (to retire).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List every space with its owners, tags, conversations and last activity."""
    now_ms = time.time() * 1000
    with connection(ctx).client() as client:
        items = list(client.spaces.inventory())
    if idle_days is not None:
        cutoff = now_ms - idle_days * 86_400_000
        items = [i for i in items if (i.last_activity or 0) < cutoff]
    if as_json:
        render.print_json(
            [
                {
                    "space_id": i.space.space_id,
                    "title": i.space.title,
                    "owners": i.owners,
                    "tags": i.tags,
                    "conversations": i.conversations,
                    "last_activity": i.last_activity,
                }
                for i in items
            ]
        )
        return
    table = Table("space", "title", "owners", "tags", "conversations", "last activity")
    for i in items:
        tags = ", ".join(k if v is None else f"{k}={v}" for k, v in (i.tags or {}).items())
        table.add_row(
            render.text(i.space.space_id),
            render.text(i.space.title),
            render.text("?" if i.owners is None else ", ".join(i.owners)),
            render.text(tags),
            "?" if i.conversations is None else str(i.conversations),
            render.timestamp(i.last_activity),
        )
    render.out.print(table)


@app.command("retire")
def retire(ctx: typer.Context, space_id: SpaceArg) -> None:
    """Retire a space: move it to the trash."""
    with connection(ctx).client() as client:
        client.spaces.trash(space_id)
    render.err.print(render.text(f"Moved {space_id} to the trash."))
