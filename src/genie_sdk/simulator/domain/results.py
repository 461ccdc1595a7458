"""Query results of attachments: what query-result and execute-query return."""

from __future__ import annotations

from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.lifecycle import execute
from genie_sdk.simulator.domain.settings import SimulatorSettings
from genie_sdk.simulator.domain.state import MessageRecord, QueryRecord
from genie_sdk.simulator.domain.statements import inline_response, state_response
from genie_sdk.simulator.sql.engine import SqlEngine

__all__ = ["final_query", "query_result", "rerun", "visible_query"]

_HIDDEN = {"SUBMITTED", "FILTERING_CONTEXT", "ASKING_AI"}


def final_query(message: MessageRecord) -> QueryRecord:
    """The answering (last) query attachment; 400 when the message has none."""
    if not message.queries:
        raise SimulatedApiError.invalid_state(
            f"Message {message.message_id} has no query attachment."
        )
    return message.queries[-1]


def visible_query(message: MessageRecord, attachment_id: str) -> QueryRecord:
    """A query attachment the client can already see; 404 otherwise."""
    if message.stage in _HIDDEN:
        raise SimulatedApiError.not_found("Attachment", attachment_id)
    return message.query(attachment_id)


def query_result(
    message: MessageRecord, query: QueryRecord, settings: SimulatorSettings
) -> dict[str, Any]:
    """The ``statement_response`` of a query attachment in the message's current state."""
    stage = message.stage
    if stage == "PENDING_WAREHOUSE":
        return state_response(query.statement_id, "PENDING")
    if stage == "EXECUTING_QUERY":
        return state_response(query.statement_id, "RUNNING")
    if stage == "CANCELLED":
        return state_response(query.statement_id, "CANCELED")
    if query.error is not None:
        return state_response(
            query.statement_id, "FAILED", error_code="BAD_REQUEST", message=query.error
        )
    if message.expired or query.result is None:
        return state_response(
            query.statement_id,
            "CLOSED",
            error_code="NOT_FOUND",
            message="The query result has expired. Re-run the query with execute-query.",
        )
    return inline_response(
        query.statement_id,
        query.result,
        row_limit=settings.inline_row_limit,
        row_format=settings.row_format,
    )


def rerun(
    message: MessageRecord,
    query: QueryRecord,
    *,
    engine: SqlEngine,
    settings: SimulatorSettings,
    now: float,
) -> dict[str, Any]:
    """Execute the attachment's stored SQL again; brings an expired message back to COMPLETED."""
    if message.stage not in ("COMPLETED", "FAILED"):
        raise SimulatedApiError.invalid_state(
            f"Message {message.message_id} is {message.stage}; wait until it has finished."
        )
    execute(engine, query, int(now * 1000))
    message.expired = False
    message.completed_at = now
    message.updated_ms = int(now * 1000)
    return query_result(message, query, settings)
