"""The typed result table: cells formatted by their SQL type, a page at a time."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from genie_sdk.results import Column, QueryResult

__all__ = ["NUMERIC_TYPES", "PAGE_SIZE", "TablePage", "format_cell", "is_numeric", "table_page"]

PAGE_SIZE = 10
NUMERIC_TYPES = frozenset({"BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "DECIMAL"})
NULL = "—"


def is_numeric(column: Column) -> bool:
    """Numbers are right-aligned and charted."""
    return str(column.type_name).upper() in NUMERIC_TYPES


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (Decimal, datetime, date, time, bytes)):
        return format_cell(value)
    return value


def format_cell(value: Any) -> str:
    """A value as text: grouped numbers, ISO dates, ``—`` for NULL, JSON for nested values."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return f"{value:,.{places}f}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.6e}"
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_jsonable(value), ensure_ascii=False)
    return str(value)


def _datetime(value: datetime) -> str:
    """``2024-05-01`` at midnight, else ``2024-05-01 13:45:10``, with ``UTC`` or the offset."""
    if value.time() == time(0) and value.utcoffset() in (None, timedelta(0)):
        return value.date().isoformat()
    text = value.isoformat(sep=" ", timespec="seconds" if value.microsecond == 0 else "auto")
    if value.tzinfo is None:
        return text
    offset = value.utcoffset()
    return text[: -len("+00:00")] + (" UTC" if offset == timedelta(0) else text[-6:])


@dataclass(frozen=True)
class TablePage:
    """One page of a result, ready to draw."""

    columns: list[Column]
    rows: list[list[str]]
    page: int
    pages: int
    first: int
    """1-based number of the first row shown (0 when there are none)."""
    last: int
    inline_rows: int
    """Rows returned inline (at most 5,000)."""
    total_rows: int | None
    """Rows in the whole result, when known: more than ``inline_rows`` when truncated."""
    truncated: bool

    @property
    def caption(self) -> str:
        """What the table shows, for sighted users and screen readers alike."""
        if not self.inline_rows:
            return "The query returned no rows."
        shown = f"Rows {self.first:,} to {self.last:,} of {self.inline_rows:,}"
        if self.truncated:
            known = self.total_rows is not None and self.total_rows > self.inline_rows
            total = f"{self.total_rows:,}" if known else f"more than {self.inline_rows:,}"
            return f"{shown} shown here ({total} in all: download the CSV for every row)."
        return shown + "."


def table_page(result: QueryResult, page: int, page_size: int = PAGE_SIZE) -> TablePage:
    """Page ``page`` (0-based, clamped to the pages there are) of ``result``."""
    count = result.row_count
    pages = max(1, -(-count // page_size))
    page = min(max(page, 0), pages - 1)
    start = page * page_size
    rows = [[format_cell(v) for v in row] for row in result[start : start + page_size]]
    return TablePage(
        columns=result.columns,
        rows=rows,
        page=page,
        pages=pages,
        first=start + 1 if rows else 0,
        last=start + len(rows),
        inline_rows=count,
        total_rows=result.total_row_count,
        truncated=result.truncated,
    )
