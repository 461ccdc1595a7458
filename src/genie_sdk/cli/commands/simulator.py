"""``genie simulator serve``: a fake Genie workspace on this machine, for trying things out."""

from __future__ import annotations

from typing import Annotated

import typer

from genie_sdk.simulator.domain.settings import SimulatorSettings, Workspace

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Run the embedded Genie simulator.")


@app.command("serve")
def serve_command(
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port (0: any free).")
    ] = 8765,
    rate_limit: Annotated[
        bool,
        typer.Option(
            "--rate-limit/--no-rate-limit",
            help="Answer 429 past 5 questions a minute, like a real workspace.",
        ),
    ] = True,
    token: Annotated[
        str | None, typer.Option("--token", help="Token to accept.", show_default="a random one")
    ] = None,
    stage_seconds: Annotated[
        float, typer.Option("--stage-seconds", min=0.0, help="Seconds per message status.")
    ] = SimulatorSettings.stage_seconds,
    workspace: Annotated[
        Workspace,
        typer.Option(
            "--workspace",
            help="demo: a few spaces and dashboards; large: thousands of each, to crawl.",
        ),
    ] = "demo",
    show_oauth: Annotated[
        bool,
        typer.Option(
            "--show-oauth", help="Also print service principal credentials and the login code."
        ),
    ] = False,
) -> None:
    """Serve a simulated workspace on 127.0.0.1 until Ctrl+C; prints the variables to use."""
    from genie_sdk.simulator import serve

    serve(
        "127.0.0.1",
        port,
        token=token,
        rate_limit=5 if rate_limit else None,
        stage_seconds=stage_seconds,
        show_oauth=show_oauth,
        workspace=workspace,
    )
