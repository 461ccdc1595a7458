"""Result chunks serialised as ``JSON_ARRAY``, ``CSV`` or ``ARROW_STREAM`` files."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["CONTENT_TYPES", "arrow_chunk", "csv_chunk", "json_chunk"]

CONTENT_TYPES = {
    "JSON_ARRAY": "application/json",
    "CSV": "text/csv",
    "ARROW_STREAM": "application/vnd.apache.arrow.stream",
}
_NEEDS_QUOTES = (",", '"', "\n", "\r")


def json_chunk(rows: Sequence[Sequence[str | None]]) -> bytes:
    """A JSON array of rows of strings/nulls."""
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode()


def csv_chunk(header: Sequence[str], rows: Sequence[Sequence[str | None]]) -> bytes:
    """RFC 4180 CSV with a header row; null is an empty field, an empty string is ``""``."""
    lines = [",".join(_csv_field(name) for name in header)]
    lines += [",".join(_csv_field(value) for value in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def arrow_chunk(table: Any) -> bytes:
    """A ``pyarrow.Table`` as an Arrow IPC stream."""
    import pyarrow as pa

    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _csv_field(value: str | None) -> str:
    if value is None:
        return ""
    if value == "" or any(char in value for char in _NEEDS_QUOTES):
        return '"' + value.replace('"', '""') + '"'
    return value
