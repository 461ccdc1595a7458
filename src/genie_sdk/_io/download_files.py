"""Writing a full download to a Parquet or CSV file, chunk by chunk, as the plan emits them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from genie_sdk._core.downloads import DownloadSummary, FileFormat
from genie_sdk._core.events import ChunkReady, Event

if TYPE_CHECKING:
    from genie_sdk.results import Column, RowWriter

__all__ = ["DownloadSink"]


class DownloadSink:
    """Writes the chunks of a download to a Parquet or CSV file as they arrive."""

    def __init__(self, path: str | os.PathLike[str], format: FileFormat | None = None) -> None:
        self.path = os.fspath(path)
        chosen = format or ("csv" if self.path.lower().endswith(".csv") else "parquet")
        if chosen not in ("parquet", "csv"):
            raise ValueError(f"format must be 'parquet' or 'csv', got {format!r}")
        self.format: FileFormat = chosen
        self._writer: RowWriter | None = None

    def writer(self, on_chunk: Callable[[ChunkReady], None] | None) -> Callable[[Event], None]:
        """Return an event handler that appends each chunk's rows, then calls ``on_chunk``."""

        def write(event: Event) -> None:
            if isinstance(event, ChunkReady):
                if self._writer is None:
                    self._writer = self._open(event.columns)
                self._writer.write(event.rows)
                if on_chunk is not None:
                    on_chunk(event)

        return write

    def complete(self, summary: DownloadSummary) -> DownloadSummary:
        """Close the file (creating it with just the schema when there were no rows)."""
        writer = self._writer or self._open(summary.columns)
        writer.close()
        return DownloadSummary(
            summary.columns, summary.row_count, summary.chunk_count, summary.format, self.path
        )

    def _open(self, columns: Sequence[Column]) -> RowWriter:
        # Imported here: the writers are only needed once a download to a file starts.
        from genie_sdk.results import open_writer

        return open_writer(self.path, columns, self.format)

    def abort(self) -> None:
        """Close the file after a failure."""
        if self._writer is not None and not self._writer.closed:
            self._writer.close()
