"""``genie index``: crawl the workspace's spaces and dashboards into a searchable local index."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag

__all__ = ["app"]

app = typer.Typer(
    no_args_is_help=True,
    help="Index Genie spaces, Genie Agents and AI/BI dashboards, and search the index.",
)

IndexOpt = Annotated[
    Path, typer.Option("--index", "-i", help="The index file (SQLite).", dir_okay=False)
]
_Include = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        help="Source to crawl (repeat): spaces, dashboards, agents.",
        show_default="all",
    ),
]
_Concurrency = Annotated[
    int, typer.Option("--concurrency", min=1, max=64, help="Requests in flight at most.")
]
_MaxRps = Annotated[
    float | None,
    typer.Option("--max-rps", min=0.01, help="Requests per second at most.", show_default="none"),
]
_Delta = Annotated[
    str | None,
    typer.Option(
        "--delta", metavar="LOCATION", help="Also write the tables as Delta tables under here."
    ),
]
_Parquet = Annotated[
    Path | None,
    typer.Option("--parquet", metavar="DIR", help="Also write the tables as Parquet files here."),
]


def _crawl(
    ctx: typer.Context,
    path: Path,
    *,
    include: list[str] | None,
    concurrency: int,
    max_rps: float | None,
    full: bool,
    delta: str | None,
    parquet: Path | None,
    as_json: bool,
) -> None:
    from genie_sdk.index import CrawlProgress, MetadataIndex

    with connection(ctx).client() as client, MetadataIndex.open(path) as index:
        columns = (SpinnerColumn(), TextColumn("{task.description}"))
        with Progress(*columns, console=render.err, transient=as_json) as progress:
            task = progress.add_task("Listing…")

            def show(counts: CrawlProgress) -> None:
                progress.update(
                    task,
                    description=(
                        f"listed {counts.listed:,}  fetched {counts.fetched:,}  "
                        f"skipped {counts.skipped:,}  failed {counts.failed:,}  "
                        f"{counts.rate:.1f} req/s"
                    ),
                )

            run = index.update(
                client,
                include=include or ("spaces", "dashboards", "agents"),
                concurrency=concurrency,
                max_rps=max_rps,
                full=full,
                on_progress=show,
            )
        written: list[str] = []
        if delta is not None:
            written += index.write_delta(delta)
        if parquet is not None:
            written += [str(p) for p in index.write_parquet(parquet)]
    if as_json:
        render.print_json({**dataclasses.asdict(run), "index": str(path), "written": written})
        return
    summary = (
        f"Run {run.run_id}{' (resumed)' if run.resumed else ''}: listed {run.listed:,}, "
        f"fetched {run.fetched:,}, skipped {run.skipped:,}, failed {run.failed:,}, "
        f"vanished {run.vanished:,}, {run.requests:,} requests."
    )
    render.out.print(render.text(summary))
    for key, operation, message in run.errors[:20]:
        render.err.print(render.text(f"{key} {operation}: {message}", "yellow"))
    for location in written:
        render.out.print(render.text(f"wrote {location}", "dim"))


@app.command("build")
def build(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The index file to write.", dir_okay=False)
    ] = Path("index.db"),
    include: _Include = None,
    concurrency: _Concurrency = 8,
    max_rps: _MaxRps = None,
    delta: _Delta = None,
    parquet: _Parquet = None,
    as_json: JsonFlag = False,
) -> None:
    """Crawl everything, reading every object's details again (resumes a stopped build)."""
    _crawl(
        ctx,
        out,
        include=include,
        concurrency=concurrency,
        max_rps=max_rps,
        full=True,
        delta=delta,
        parquet=parquet,
        as_json=as_json,
    )


@app.command("update")
def update(
    ctx: typer.Context,
    index: IndexOpt = Path("index.db"),
    include: _Include = None,
    concurrency: _Concurrency = 8,
    max_rps: _MaxRps = None,
    delta: _Delta = None,
    parquet: _Parquet = None,
    as_json: JsonFlag = False,
) -> None:
    """Crawl what changed since the last run (resumes a stopped run)."""
    _crawl(
        ctx,
        index,
        include=include,
        concurrency=concurrency,
        max_rps=max_rps,
        full=False,
        delta=delta,
        parquet=parquet,
        as_json=as_json,
    )


def _existing(path: Path) -> Any:
    from genie_sdk.index import MetadataIndex

    if not path.is_file():
        raise typer.BadParameter(f"no index at {path}; run `genie index build` first")
    return MetadataIndex.open(path)


@app.command("status")
def status(
    ctx: typer.Context, index: IndexOpt = Path("index.db"), as_json: JsonFlag = False
) -> None:
    """Show what the index holds and how its last run went."""
    del ctx
    with _existing(index) as opened:
        state = opened.status()
    if as_json:
        render.print_json(dataclasses.asdict(state))
        return
    table = Table("kind", "active", "trashed", "vanished", title=f"Index {index}")
    for kind, counts in state.assets.items():
        table.add_row(kind, *(f"{counts.get(s, 0):,}" for s in ("active", "trashed", "vanished")))
    render.out.print(table)
    if state.last_run is not None:
        run = state.last_run
        render.out.print(
            render.text(
                f"Last run {run['run_id']} ({run['status']}), started {run['started_at']}: "
                f"listed {run['listed']:,}, fetched {run['fetched']:,}, "
                f"failed {run['failed']:,}, {state.last_run_errors:,} errors."
            )
        )


@app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="Words to look for.")],
    index: IndexOpt = Path("index.db"),
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Only this kind (repeat): space, dashboard, agent."),
    ] = None,
    principal: Annotated[
        list[str] | None,
        typer.Option(
            "--principal", help="Only what this user (and these groups, repeated) may open."
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Most hits.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Search the index: ranked spaces and dashboards with why they matched and their link."""
    with _existing(index) as opened:
        try:
            hits = opened.search(text, kinds=kind, principal=principal, limit=limit)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
    if as_json:
        render.print_json([dataclasses.asdict(hit) for hit in hits])
        return
    if not hits:
        render.err.print("Nothing matched.", style="yellow")
        return
    table = Table("kind", "title", "matched", "snippet", "link")
    for hit in hits:
        table.add_row(
            hit.kind,
            render.text(hit.title or hit.id, "bold"),
            ", ".join(hit.matched),
            render.text(hit.snippet),
            render.text(hit.link or ""),
        )
    render.out.print(table)
