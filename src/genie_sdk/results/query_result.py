"""``QueryResult``: the typed rows of a statement, with table, frame and prompt views."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from genie_sdk._optional import require_extra
from genie_sdk.models.statements import StatementResponse
from genie_sdk.results.arrow_decoding import arrow_from_texts
from genie_sdk.results.chunks import inline_texts
from genie_sdk.results.columns import Column, columns_from_manifest
from genie_sdk.results.decoding import ColumnDecoder, decode_columns
from genie_sdk.results.encoding import encode_value
from genie_sdk.results.frames import arrow_table, table_to_pandas, table_to_polars

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = ["QueryResult"]

_NUMERIC = frozenset({"BYTE", "SHORT", "INT", "LONG", "DECIMAL", "FLOAT", "DOUBLE"})
_HTML_ROWS = 20


class QueryResult:
    """Typed rows of a query result.

    Rows are tuples of Python values decoded by column type (see
    `genie_sdk.results.decoding`); the result holds every row in memory. Treat it as
    immutable: its attributes are read-only.

    A result made by ``from_statement`` keeps the server's text values and decodes them when
    first needed: to Python values for ``rows`` (and iteration, indexing, ``to_dicts``...), or
    straight to Arrow columns for ``to_arrow``, ``to_pandas`` and ``to_polars``.

    Attributes:
        columns: The result's columns.
        rows: The rows, as tuples in column order.
        truncated: Whether the server has more rows than this result holds.
        statement_id: Id of the statement the rows come from, when known.
        total_row_count: Row count of the whole result according to the manifest, when known.
    """

    __slots__ = (
        "_columns",
        "_row_count",
        "_row_offset",
        "_rows",
        "_statement_id",
        "_texts",
        "_total_row_count",
        "_truncated",
    )

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]] = (),
        *,
        truncated: bool = False,
        statement_id: str | None = None,
        total_row_count: int | None = None,
    ) -> None:
        """Build a result from columns and rows of decoded values.

        Raises:
            ValueError: A row does not have one value per column.
        """
        self._columns = list(columns)
        self._rows: list[tuple[Any, ...]] | None = [tuple(row) for row in rows]
        width = len(self._columns)
        for index, row in enumerate(self._rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} values but there are {width} columns")
        self._row_count = len(self._rows)
        self._texts: list[Sequence[str | None]] | None = None
        self._row_offset = 0
        self._truncated = truncated
        self._statement_id = statement_id
        self._total_row_count = total_row_count

    @classmethod
    def from_statement(cls, statement: StatementResponse) -> QueryResult:
        """Take the inline rows of a statement (``data_array`` or ``data_typed_array``).

        The rows' shape is checked now; their values are decoded when first needed (see the
        class), which raises ``DecodeError`` for a value that does not match its column.
        ``truncated`` is true when the manifest or the result says so, or when the manifest
        counts more rows than the statement carries inline (e.g. with external links).

        Raises:
            DecodeError: A row is not an array of one text or null per column.
        """
        manifest = statement.manifest
        columns = columns_from_manifest(manifest)
        data = statement.result
        texts, row_count = inline_texts(data, columns) if data is not None else ([], 0)
        total = manifest.total_row_count if manifest is not None else None
        extra = (data.model_extra if data is not None else None) or {}
        truncated = bool(
            (manifest is not None and manifest.truncated)
            or extra.get("truncated")
            or extra.get("is_truncated")
            or (total is not None and total > row_count)
        )
        result = cls._of(columns, None, truncated, statement.statement_id, total)
        result._texts = texts
        result._row_count = row_count
        result._row_offset = (data.row_offset or 0) if data is not None else 0
        return result

    @classmethod
    def _of(
        cls,
        columns: list[Column],
        rows: list[tuple[Any, ...]] | None,
        truncated: bool,
        statement_id: str | None,
        total_row_count: int | None,
    ) -> QueryResult:
        """Build a result from rows already decoded and checked, without copying them."""
        result = cls.__new__(cls)
        result._columns = columns
        result._rows = rows
        result._row_count = len(rows) if rows is not None else 0
        result._texts = None
        result._row_offset = 0
        result._truncated = truncated
        result._statement_id = statement_id
        result._total_row_count = total_row_count
        return result

    @property
    def columns(self) -> list[Column]:
        """The result's columns."""
        return self._columns

    @property
    def column_names(self) -> list[str]:
        """The columns' names."""
        return [column.name for column in self._columns]

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows as tuples; do not modify the list.

        Raises:
            DecodeError: A value does not decode as its column's type.
        """
        rows = self._rows
        if rows is None:
            assert self._texts is not None
            decoders = [ColumnDecoder(column) for column in self._columns]
            rows = decode_columns(self._texts, decoders, self._row_count, self._row_offset)
            self._rows = rows
        return rows

    def _head(self, count: int) -> list[tuple[Any, ...]]:
        """The first ``count`` rows, decoding only those when the rows are not decoded yet."""
        count = max(count, 0)
        if self._rows is not None or self._texts is None:
            return self.rows[:count]
        decoders = [ColumnDecoder(column) for column in self._columns]
        head = [values[:count] for values in self._texts]
        return decode_columns(head, decoders, min(count, self._row_count), self._row_offset)

    @property
    def row_count(self) -> int:
        """How many rows this result holds."""
        return self._row_count

    @property
    def truncated(self) -> bool:
        """Whether the server has more rows than this result holds."""
        return self._truncated

    @property
    def statement_id(self) -> str | None:
        """Id of the statement the rows come from."""
        return self._statement_id

    @property
    def total_row_count(self) -> int | None:
        """Row count of the whole result according to the manifest."""
        return self._total_row_count

    def __len__(self) -> int:
        return self._row_count

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> QueryResult: ...

    def __getitem__(self, index: int | slice) -> tuple[Any, ...] | QueryResult:
        """Return one row, or a result holding a slice of the rows."""
        if isinstance(index, slice):
            return self._of(
                self._columns,
                self.rows[index],
                self._truncated,
                self._statement_id,
                self._total_row_count,
            )
        return self.rows[index]

    def to_dicts(self) -> list[dict[str, Any]]:
        """Return the rows as dicts keyed by column name (a repeated name keeps its last value)."""
        names = self.column_names
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def to_arrow(self) -> pa.Table:
        """Return a typed ``pyarrow.Table`` (needs ``pip install "genie-sdk[arrow]"``).

        See `genie_sdk.results.frames` for the types. Undecoded rows are cast to Arrow columns
        directly (see `genie_sdk.results.arrow_decoding`), with the values ``rows`` would hold.

        Raises:
            DecodeError: A value does not decode as its column's type.
        """
        if self._texts is not None:
            return arrow_from_texts(self._columns, self._texts, self._row_count, self._row_offset)
        return arrow_table(self._columns, self.rows)

    def to_pandas(self) -> pd.DataFrame:
        """Return a pandas ``DataFrame`` built through Arrow (needs ``genie-sdk[pandas]``).

        Integers are nullable ``Int8``…``Int64`` and booleans ``boolean`` even without nulls;
        timestamps are ``datetime64[us, UTC]``; decimals, dates and nested values are objects.
        """
        require_extra("pandas", "to_pandas()")
        return table_to_pandas(self.to_arrow())

    def to_polars(self) -> pl.DataFrame:
        """Return a polars ``DataFrame`` built through Arrow (needs ``genie-sdk[polars]``)."""
        require_extra("polars", "to_polars()")
        return table_to_polars(self.to_arrow())

    def to_markdown(self, max_rows: int = 20) -> str:
        """Render a GitHub table of at most ``max_rows`` rows, e.g. for an LLM prompt.

        Nulls are empty cells; ``|`` is escaped and newlines become ``<br>``. A last line tells
        how many rows were left out, and whether the server truncated the result.
        """
        if not self._columns:
            lines = [f"_(no columns, {_count(self._row_count, 'row')})_"]
        else:
            align = ["---:" if column.type_name in _NUMERIC else "---" for column in self._columns]
            lines = [_markdown_row(self.column_names), _markdown_row(align)]
            lines.extend(_markdown_row(map(_cell, row)) for row in self._head(max_rows))
        hidden = self._row_count - max(max_rows, 0)
        if hidden > 0 and self._columns:
            lines.append(f"… {_count(hidden, 'more row')}")
        if self._truncated:
            lines.append("… the server holds more rows (result truncated)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Render an HTML table of the first rows for notebooks."""
        head = "".join(
            f'<th title="{html.escape(column.sql_type)}">{html.escape(column.name)}</th>'
            for column in self._columns
        )
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(value))}</td>" for value in row) + "</tr>"
            for row in self._head(_HTML_ROWS)
        )
        notes = [_count(self._row_count, "row"), _count(len(self._columns), "column")]
        if self._row_count > _HTML_ROWS:
            notes.append(f"first {_HTML_ROWS} shown")
        if self._truncated:
            notes.append("truncated by the server")
        return (
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p>{html.escape(', '.join(notes))}</p>"
        )

    def __repr__(self) -> str:
        names = self.column_names
        shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
        counts = f"{_count(len(names), 'column')}, {_count(self._row_count, 'row')}"
        return f"QueryResult({counts}: {shown})" if names else f"QueryResult({counts})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _cell(value: object) -> str:
    return encode_value(value) or ""


def _markdown_row(cells: Iterable[str]) -> str:
    escaped = (
        cell.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")
        for cell in cells
    )
    return "| " + " | ".join(escaped) + " |"
