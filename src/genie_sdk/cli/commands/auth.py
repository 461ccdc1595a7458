"""``genie auth``: log in, print a token for other tools, list config profiles."""

from __future__ import annotations

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from genie_sdk.auth import get_token, list_profiles, login, resolve_config
from genie_sdk.cli import render
from genie_sdk.cli.connection import connection

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Log in and inspect credentials.")


@app.command("login")
def login_command(ctx: typer.Context) -> None:
    """Log in with your browser (OAuth) and cache the tokens for later commands."""
    settings = connection(ctx)
    info = login(settings.host, profile=settings.profile)
    expiry = f", token valid until {info.expiry:%Y-%m-%d %H:%M %Z}" if info.expiry else ""
    render.out.print(render.text(f"Logged in to {info.host}{expiry}.", "green"))
    where = f"--profile {info.profile}" if info.profile else f"--host {info.host}"
    render.out.print(
        render.text(
            f"Later commands use this login when given {where} "
            "(or DATABRICKS_HOST) and no other credentials.",
            "dim",
        )
    )


@app.command("token")
def token_command(ctx: typer.Context) -> None:
    """Print a current access token (for tools such as curl); keep it secret."""
    settings = connection(ctx)
    config = resolve_config(settings.host, profile=settings.profile)
    render.print_plain(get_token(config))


@app.command("profiles")
def profiles_command() -> None:
    """List the profiles of ~/.databrickscfg (or DATABRICKS_CONFIG_FILE), without secrets."""
    profiles = list_profiles()
    if not profiles:
        render.out.print(Text("No profiles configured.", style="yellow"))
        return
    table = Table("profile", "host", "auth type", "default", box=box.SIMPLE_HEAVY)
    for profile in profiles:
        table.add_row(
            render.text(profile.name, "bold"),
            render.text(profile.host or "-"),
            render.text(profile.auth_type or "-"),
            Text("✓" if profile.is_default else "", style="green"),
        )
    render.out.print(table)
