"""``genie download``: a message's full result, past the 5,000-row inline cap, to a file."""

from __future__ import annotations

import enum
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from genie_sdk import ChunkReady
from genie_sdk.cli import render
from genie_sdk.cli.connection import INTERACTIVE_POLL_MAX, connection
from genie_sdk.cli.options import ConversationArg, MessageArg, PollMaxOpt, SpaceArg

__all__ = ["FileFormat", "download"]


class FileFormat(str, enum.Enum):
    """File formats of a download."""

    PARQUET = "parquet"
    CSV = "csv"


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1024:
        return f"{size} B"
    if size < 1024**2:
        return f"{size / 1024:.1f} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.1f} GB"


def download(
    ctx: typer.Context,
    space_id: SpaceArg,
    conversation_id: ConversationArg,
    message_id: MessageArg,
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write: out.parquet or out.csv.")
    ],
    file_format: Annotated[
        FileFormat | None,
        typer.Option("--format", help="File format.", show_default="from the suffix, else parquet"),
    ] = None,
    poll_max: PollMaxOpt = INTERACTIVE_POLL_MAX,
) -> None:
    """Download every row of an answer to a Parquet or CSV file."""
    chosen = file_format or (
        FileFormat.CSV if path.suffix.lower() == ".csv" else FileFormat.PARQUET
    )
    started = time.monotonic()
    partial = path.with_name(path.name + ".part")
    with connection(ctx).client(poll_max) as client:
        with render.LiveStatus("Fetching the answer", log=False) as live:
            answer = client.wait(space_id, conversation_id, message_id, on_event=live.event)
        if answer.result is None:
            raise ValueError(f"message {message_id} has no query result to download")
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.completed:,.0f} rows"),
            TimeElapsedColumn(),
        )
        try:
            with Progress(*columns, console=render.err) as progress:
                task = progress.add_task(f"Downloading to {path.name}", total=None)

                def advance(chunk: ChunkReady) -> None:
                    progress.update(task, total=chunk.total_rows, advance=len(chunk.rows))

                summary = client.download(answer, partial, format=chosen.value, on_chunk=advance)
                progress.update(task, total=summary.row_count, completed=summary.row_count)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    elapsed = time.monotonic() - started
    render.out.print(
        Text(
            f"Wrote {summary.row_count:,} rows and {len(summary.columns)} columns to {path} "
            f"({_size(path)}, {chosen.value}) in {elapsed:.1f} s",
            style="green",
        )
    )
