"""``genie spaces``: the Genie spaces you can use."""

from __future__ import annotations

import typer
from rich.panel import Panel
from rich.table import Table

from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag, SpaceArg

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="List and inspect Genie spaces.")


@app.command("list")
def list_spaces(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the spaces you can access."""
    with connection(ctx).client() as client:
        spaces = list(client.spaces.list())
    if as_json:
        render.print_json([space.model_dump(mode="json", exclude_none=True) for space in spaces])
    else:
        render.out.print(render.spaces_table(spaces))


@app.command("get")
def get_space(ctx: typer.Context, space_id: SpaceArg, as_json: JsonFlag = False) -> None:
    """Show one space."""
    with connection(ctx).client() as client:
        space = client.spaces.get(space_id)
    if as_json:
        render.print_json(space.model_dump(mode="json", exclude_none=True))
        return
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim")
    fields.add_column()
    for name, value in (
        ("space id", space.space_id),
        ("description", space.description),
        ("warehouse", space.warehouse_id),
        ("path", space.parent_path),
        ("updated", str(space.update_time) if space.update_time else None),
    ):
        if value:
            fields.add_row(name, render.text(value))
    render.out.print(Panel(fields, title=render.text(space.title, "bold"), expand=False))
