"""Write decoded rows to Parquet or CSV files chunk by chunk, never holding the whole result.

Memory: a writer holds one ``write()`` call's rows at a time (plus, for Parquet, the file's
row-group metadata), so a download of any size can be written with bounded memory by calling
``write()`` once per chunk. Each ``write()`` of a Parquet writer becomes one row group with the
typed schema of `arrow_schema`. A CSV file has a header row and
values in the server's text encoding, nulls as empty fields, so ``decode_chunk(..., "CSV", ...)``
reads it back.
"""

from __future__ import annotations

import csv
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import Any, Literal

from genie_sdk._optional import require
from genie_sdk.results.columns import Column
from genie_sdk.results.encoding import encode_value
from genie_sdk.results.frames import arrow_schema, arrow_table

__all__ = ["CsvRowWriter", "ParquetRowWriter", "RowWriter", "open_writer"]

WriterFormat = Literal["parquet", "csv"]


class RowWriter(ABC):
    """Writes rows of decoded values to a file; use it as a context manager."""

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[Column]) -> None:
        self.path = os.fspath(path)
        self.columns = list(columns)
        self.rows_written = 0
        self._closed = False

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append rows (for example one decoded chunk).

        Raises:
            ValueError: The writer is closed, or a value does not fit its column.
        """
        if self._closed:
            raise ValueError(f"writer for {self.path} is closed")
        batch = rows if isinstance(rows, list) else list(rows)
        if batch:
            self._write(batch)
            self.rows_written += len(batch)

    def close(self) -> None:
        """Finish the file; closing twice does nothing."""
        if not self._closed:
            self._closed = True
            self._close()

    @property
    def closed(self) -> bool:
        """Whether the writer is closed."""
        return self._closed

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def _write(self, rows: list[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _close(self) -> None: ...


class ParquetRowWriter(RowWriter):
    """Writes a Parquet file, one row group per ``write()``."""

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[Column]) -> None:
        super().__init__(path, columns)
        parquet = require("pyarrow.parquet", "arrow", "Writing Parquet")
        self._schema = arrow_schema(self.columns)
        self._writer = parquet.ParquetWriter(self.path, self._schema)

    def _write(self, rows: list[Sequence[Any]]) -> None:
        self._writer.write_table(arrow_table(self.columns, rows, self._schema))

    def _close(self) -> None:
        self._writer.close()


class CsvRowWriter(RowWriter):
    """Writes a UTF-8 CSV file: a header row, then values encoded as the server does."""

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[Column]) -> None:
        super().__init__(path, columns)
        self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._csv = csv.writer(self._file)
        self._csv.writerow([column.name for column in self.columns])

    def _write(self, rows: list[Sequence[Any]]) -> None:
        self._csv.writerows([encode_value(value) for value in row] for row in rows)

    def _close(self) -> None:
        self._file.close()


def open_writer(
    path: str | os.PathLike[str],
    columns: Sequence[Column],
    format: WriterFormat = "parquet",
) -> RowWriter:
    """Open a writer of ``columns`` to ``path`` in ``parquet`` (typed) or ``csv`` format.

    Raises:
        ValueError: ``format`` is neither ``parquet`` nor ``csv``.
        ImportError: Parquet needs pyarrow (``pip install "genie-sdk[arrow]"``).
    """
    if format == "parquet":
        return ParquetRowWriter(path, columns)
    if format == "csv":
        return CsvRowWriter(path, columns)
    raise ValueError(f"unknown file format {format!r}: expected 'parquet' or 'csv'")
