"""``genie tags``: tags of spaces (``geniespaces``) and dashboards."""

from __future__ import annotations

from typing import Annotated

import typer

from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag

__all__ = ["app"]

app = typer.Typer(
    no_args_is_help=True, help="List, assign and remove tags of spaces and dashboards."
)

TypeArg = Annotated[str, typer.Argument(metavar="TYPE", help="geniespaces or dashboards.")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="Id of the space or dashboard.")]


@app.command("list")
def list_tags(
    ctx: typer.Context, entity_type: TypeArg, entity_id: IdArg, as_json: JsonFlag = False
) -> None:
    """List the tags of a space or dashboard."""
    with connection(ctx).client() as client:
        tags = list(client.tags.list(entity_type, entity_id))
    if as_json:
        render.print_json([t.model_dump(mode="json", exclude_none=True) for t in tags])
        return
    for tag in tags:
        value = f"={tag.tag_value}" if tag.tag_value is not None else ""
        render.out.print(render.text(f"{tag.tag_key}{value}"))


@app.command("assign")
def assign(
    ctx: typer.Context,
    entity_type: TypeArg,
    entity_id: IdArg,
    tag: Annotated[str, typer.Argument(metavar="KEY[=VALUE]", help="The tag to assign.")],
    as_json: JsonFlag = False,
) -> None:
    """Assign a tag to a space or dashboard."""
    key, sep, value = tag.partition("=")
    with connection(ctx).client() as client:
        made = client.tags.assign(entity_type, entity_id, key, value if sep else None)
    if as_json:
        render.print_json(made.model_dump(mode="json", exclude_none=True))


@app.command("remove")
def remove(
    ctx: typer.Context,
    entity_type: TypeArg,
    entity_id: IdArg,
    key: Annotated[str, typer.Argument(metavar="KEY", help="The tag's key.")],
    as_json: JsonFlag = False,
) -> None:
    """Remove a tag from a space or dashboard."""
    with connection(ctx).client() as client:
        client.tags.remove(entity_type, entity_id, key)
    if as_json:
        render.print_json({})
