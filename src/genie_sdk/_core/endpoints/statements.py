"""The SQL Statement Execution API: run a statement on a warehouse, get it."""

from __future__ import annotations

from genie_sdk._core.calls import Call, segment
from genie_sdk._core.endpoints._common import non_empty
from genie_sdk.models import StatementResponse

__all__ = ["execute_statement", "get_statement"]

_STATEMENTS = "/api/2.0/sql/statements"


def execute_statement(warehouse_id: str, sql: str) -> Call[StatementResponse]:
    """Run ``sql`` on ``warehouse_id``, waiting up to 30 s inline, with the rows inline as JSON."""
    body = {
        "warehouse_id": non_empty("warehouse_id", warehouse_id),
        "statement": non_empty("sql", sql),
        "wait_timeout": "30s",
        "on_wait_timeout": "CONTINUE",
        "disposition": "INLINE",
        "format": "JSON_ARRAY",
    }
    return Call(
        "POST",
        _STATEMENTS,
        StatementResponse.model_validate,
        decode_json=StatementResponse.model_validate_json,
        body=body,
    )


def get_statement(statement_id: str) -> Call[StatementResponse]:
    """A statement's state and, once it succeeded, its result."""
    return Call(
        "GET",
        f"{_STATEMENTS}/{segment('statement_id', statement_id)}",
        StatementResponse.model_validate,
        decode_json=StatementResponse.model_validate_json,
    )
