"""Statement responses in the SQL Statement Execution format."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from genie_sdk.simulator.domain.settings import RowFormat
from genie_sdk.simulator.sql.encoding import typed_rows
from genie_sdk.simulator.sql.engine import ResultSet
from genie_sdk.simulator.sql.types import SqlColumn

__all__ = ["inline_response", "manifest", "state_response"]


def manifest(
    columns: Sequence[SqlColumn],
    *,
    format: str,
    total_row_count: int,
    chunks: Sequence[dict[str, int]],
    truncated: bool,
) -> dict[str, Any]:
    """A result manifest: format, schema and chunk layout."""
    body: dict[str, Any] = {
        "format": format,
        "schema": {
            "column_count": len(columns),
            "columns": [column.to_json() for column in columns],
        },
        "total_row_count": total_row_count,
        "total_chunk_count": len(chunks),
        "total_byte_count": sum(chunk["byte_count"] for chunk in chunks),
        "truncated": truncated,
    }
    if chunks:
        body["chunks"] = list(chunks)
    return body


def inline_response(
    statement_id: str, result: ResultSet, *, row_limit: int, row_format: RowFormat
) -> dict[str, Any]:
    """A ``SUCCEEDED`` statement with up to ``row_limit`` rows inline, marked truncated beyond."""
    rows = result.encoded(row_limit)
    data: list[Any] = typed_rows(rows) if row_format == "data_typed_array" else rows
    byte_count = len(json.dumps(data, separators=(",", ":")).encode()) if rows else 0
    chunk = {"chunk_index": 0, "row_offset": 0, "row_count": len(rows), "byte_count": byte_count}
    data_part: dict[str, Any] = {row_format: data} if rows else {}
    return {
        "statement_id": statement_id,
        "status": {"state": "SUCCEEDED"},
        "manifest": manifest(
            result.columns,
            format="JSON_ARRAY",
            total_row_count=len(rows),
            chunks=[chunk] if rows else [],
            truncated=len(result.rows) > row_limit,
        ),
        "result": {**chunk, **data_part},
    }


def state_response(
    statement_id: str, state: str, *, error_code: str | None = None, message: str | None = None
) -> dict[str, Any]:
    """A statement that has no result to show: pending, running, failed, cancelled or closed."""
    status: dict[str, Any] = {"state": state}
    if error_code is not None:
        status["error"] = {"error_code": error_code, "message": message or state.lower()}
    return {"statement_id": statement_id, "status": status}
