"""``genie permissions``: who may do what with a space (``genie``) or a dashboard."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag
from genie_sdk.models import ObjectPermissions

__all__ = ["app"]

app = typer.Typer(
    no_args_is_help=True, help="Read and change permissions of spaces and dashboards."
)

TypeArg = Annotated[str, typer.Argument(metavar="TYPE", help="genie (a space) or dashboards.")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="Id of the space or dashboard.")]
_KINDS = {"user": "user_name", "group": "group_name", "sp": "service_principal_name"}


def _show(acl: ObjectPermissions, as_json: bool) -> None:
    if as_json:
        render.print_json(acl.model_dump(mode="json", exclude_none=True))
        return
    table = Table("principal", "permissions")
    for entry in acl.access_control_list:
        levels = ", ".join(
            (p.permission_level or "?") + (" (inherited)" if p.inherited else "")
            for p in entry.all_permissions
        )
        table.add_row(render.text(entry.principal), render.text(levels))
    render.out.print(table)


def _grant(text: str) -> dict[str, str]:
    principal, sep, level = text.rpartition("=")
    kind, colon, name = principal.partition(":")
    if not sep or not colon or kind not in _KINDS or not name or not level:
        raise typer.BadParameter(
            f"expected user:NAME=LEVEL, group:NAME=LEVEL or sp:APP_ID=LEVEL, got {text!r}",
            param_hint="--grant",
        )
    return {_KINDS[kind]: name, "permission_level": level}


@app.command("get")
def get(
    ctx: typer.Context, object_type: TypeArg, object_id: IdArg, as_json: JsonFlag = False
) -> None:
    """Show the access control list of a space or dashboard."""
    with connection(ctx).client() as client:
        acl = client.permissions.get(object_type, object_id)
    _show(acl, as_json)


@app.command("set")
def set_permissions(
    ctx: typer.Context,
    object_type: TypeArg,
    object_id: IdArg,
    grant: Annotated[
        list[str],
        typer.Option(
            "--grant",
            metavar="KIND:NAME=LEVEL",
            help="A permission, e.g. group:analysts=CAN_RUN (repeat for more).",
        ),
    ],
    add: Annotated[
        bool,
        typer.Option("--add", help="Add to the current permissions instead of replacing them."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace (or with --add, extend) the direct permissions of a space or dashboard."""
    grants = [_grant(g) for g in grant]
    with connection(ctx).client() as client:
        change = client.permissions.update if add else client.permissions.set
        acl = change(object_type, object_id, grants)
    _show(acl, as_json)
