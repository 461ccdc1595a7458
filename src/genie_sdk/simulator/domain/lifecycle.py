"""A message's life: planning it from an answer, advancing its status, rendering it as JSON."""

from __future__ import annotations

from typing import Any

from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.rules import ScriptedAnswer
from genie_sdk.simulator.domain.settings import SimulatorSettings
from genie_sdk.simulator.domain.state import MessageRecord, QueryRecord
from genie_sdk.simulator.sql.engine import ResultSet, SqlEngine, SqlError

__all__ = ["execute", "message_json", "message_status", "plan_message", "refresh"]

_THINKING = ("SUBMITTED", "FILTERING_CONTEXT", "ASKING_AI")
_NUMERIC = {"INT", "LONG", "SHORT", "BYTE", "DOUBLE", "FLOAT", "DECIMAL"}
_MAX_CHART_ROWS = 1000


def execute(engine: SqlEngine, query: QueryRecord, now_ms: int) -> None:
    """Run the query's SQL under a new statement id, storing the result or the error."""
    query.statement_id = new_id()
    query.updated_ms = now_ms
    try:
        query.result, query.error = engine.query(query.sql), None
    except SqlError as exc:
        query.result, query.error = None, exc.message


def plan_message(
    *,
    answer: ScriptedAnswer,
    engine: SqlEngine,
    settings: SimulatorSettings,
    now: float,
    space_id: str,
    conversation_id: str,
    user_id: int,
    content: str,
    enable_visualization: bool | None,
) -> MessageRecord:
    """A new ``SUBMITTED`` message whose stages and attachments follow from ``answer``."""
    now_ms = int(now * 1000)
    message = MessageRecord(
        message_id=new_id(),
        space_id=space_id,
        conversation_id=conversation_id,
        user_id=user_id,
        content=content,
        created_ms=now_ms,
        updated_ms=now_ms,
        stages=list(_THINKING),
        started_at=now,
        queries=_run_queries(answer, engine, content, now_ms),
    )
    _plan_outcome(message, answer, warehouse_startup=settings.warehouse_startup)
    _plan_reply(message, answer, enable_visualization=enable_visualization)
    return message


def _run_queries(
    answer: ScriptedAnswer, engine: SqlEngine, content: str, now_ms: int
) -> list[QueryRecord]:
    """Query attachments: discarded attempts first, the answering SQL last; all executed."""
    sqls = [*answer.earlier_sql, answer.sql] if answer.sql else []
    records = []
    for index, sql in enumerate(sqls):
        final = index == len(sqls) - 1
        query = QueryRecord(
            attachment_id=new_id(),
            title=(answer.title or "Query result") if final else "Initial attempt",
            description=(answer.description or content) if final else "First attempt; revised.",
            sql=sql,
            statement_id="",
            result=None,
            error=None,
            updated_ms=now_ms,
        )
        execute(engine, query, now_ms)
        records.append(query)
    return records


def _plan_outcome(
    message: MessageRecord, answer: ScriptedAnswer, *, warehouse_startup: int
) -> None:
    """The stages after ``ASKING_AI`` and the terminal status (with its error)."""
    final = message.queries[-1] if message.queries else None
    if final is not None:
        message.stages += ["PENDING_WAREHOUSE"] * warehouse_startup + ["EXECUTING_QUERY"]
    if answer.cancel:
        message.stages.append("CANCELLED")
    elif answer.error_type or (final is not None and final.error):
        message.stages.append("FAILED")
        sql_error = final.error if final is not None else None
        message.error = {
            "error": answer.error_message
            or sql_error
            or f"Genie could not answer the question ({answer.error_type}).",
            "type": answer.error_type or "SQL_EXECUTION_EXCEPTION",
        }
    else:
        message.stages.append("COMPLETED")


def _plan_reply(
    message: MessageRecord, answer: ScriptedAnswer, *, enable_visualization: bool | None
) -> None:
    """Text (answer, summary or clarification), chart and suggested questions, with their ids."""
    final = message.queries[-1] if message.queries else None
    result = final.result if final is not None else None
    if answer.clarification:
        message.text, message.text_purpose = answer.clarification, "FOLLOW_UP_QUESTION"
    elif answer.text:
        message.text = answer.text
    elif final is not None and result is not None:
        message.text = _summary(final)
    message.suggested_questions = answer.suggested_questions
    if final is not None and result is not None and enable_visualization is not False:
        message.viz_title = final.title if _chartable(result) else None
    for kind, wanted in (
        ("text", message.text),
        ("viz", message.viz_title),
        ("suggested_questions", message.suggested_questions),
    ):
        if wanted:
            message.attachment_ids[kind] = new_id()


def refresh(message: MessageRecord, *, settings: SimulatorSettings, now: float, poll: bool) -> None:
    """Advance the message (a poll in ``poll`` mode, elapsed time in ``time`` mode); expire it."""
    last = len(message.stages) - 1
    timed = settings.advance == "time"
    if timed:
        elapsed = now - message.started_at
        target = last if settings.stage_seconds <= 0 else int(elapsed / settings.stage_seconds)
    else:
        target = message.step + (settings.steps_per_poll if poll else 0)
    target = min(max(target, message.step), last)
    if target != message.step:
        message.step = target
        message.updated_ms = int(now * 1000)
        if message.stage == "COMPLETED":
            reached = message.started_at + last * settings.stage_seconds if timed else now
            message.completed_at = min(reached, now)
    if (
        message.queries
        and message.completed_at is not None
        and not message.expired
        and now - message.completed_at >= settings.result_ttl
    ):
        message.expired = True
        message.updated_ms = int(now * 1000)


def message_status(message: MessageRecord) -> str:
    """The status the API reports."""
    if message.expired and message.stage == "COMPLETED":
        return "QUERY_RESULT_EXPIRED"
    return message.stage


def message_json(message: MessageRecord, *, row_limit: int) -> dict[str, Any]:
    """The ``Message`` object."""
    body: dict[str, Any] = {
        "id": message.message_id,
        "message_id": message.message_id,
        "space_id": message.space_id,
        "conversation_id": message.conversation_id,
        "user_id": message.user_id,
        "content": message.content,
        "status": message_status(message),
        "created_timestamp": message.created_ms,
        "last_updated_timestamp": message.updated_ms,
    }
    attachments = _attachments(message, row_limit=row_limit)
    if attachments:
        body["attachments"] = attachments
    if message.stage == "FAILED" and message.error:
        body["error"] = dict(message.error)
    if message.feedback:
        body["feedback"] = dict(message.feedback)
    final = message.queries[-1] if message.queries else None
    if message.stage == "COMPLETED" and final is not None and final.result is not None:
        body["query_result"] = {"statement_id": final.statement_id, **_metadata(final, row_limit)}
    return body


def _attachments(message: MessageRecord, *, row_limit: int) -> list[dict[str, Any]]:
    stage = message.stage
    if stage in _THINKING:
        return []
    done = stage == "COMPLETED"
    attachments = [_query_json(query, done=done, row_limit=row_limit) for query in message.queries]
    if not done:
        return attachments
    ids = message.attachment_ids
    if message.text:
        text: dict[str, Any] = {"id": ids["text"], "content": message.text}
        if message.text_purpose:
            text["purpose"] = message.text_purpose
        attachments.append({"attachment_id": ids["text"], "text": text})
    if message.viz_title and message.queries:
        viz = {"query_attachment_id": message.queries[-1].attachment_id, "title": message.viz_title}
        attachments.append({"attachment_id": ids["viz"], "viz": viz})
    if message.suggested_questions:
        questions = {"questions": list(message.suggested_questions)}
        attachments.append(
            {"attachment_id": ids["suggested_questions"], "suggested_questions": questions}
        )
    return attachments


def _query_json(query: QueryRecord, *, done: bool, row_limit: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": query.attachment_id,
        "title": query.title,
        "description": query.description,
        "query": query.sql,
        "statement_id": query.statement_id,
        "last_updated_timestamp": query.updated_ms,
        "thoughts": [{"content": query.description, "thought_type": "THOUGHT_TYPE_DESCRIPTION"}],
    }
    if done and query.result is not None:
        body["query_result_metadata"] = _metadata(query, row_limit)
    return {"attachment_id": query.attachment_id, "query": body}


def _metadata(query: QueryRecord, row_limit: int) -> dict[str, Any]:
    total = len(query.result.rows) if query.result is not None else 0
    return {"row_count": min(total, row_limit), "is_truncated": total > row_limit}


def _summary(query: QueryRecord) -> str:
    result = query.result
    assert result is not None
    if not result.rows:
        return f"{query.description} The query returned no rows."
    if len(result.rows) == 1 and len(result.columns) == 1:
        value = result.encoded()[0][0]
        return f"{query.description} The answer is {value}."
    return f"{query.description} The result has {len(result.rows):,} rows."


def _chartable(result: ResultSet) -> bool:
    return (
        len(result.columns) >= 2
        and 0 < len(result.rows) <= _MAX_CHART_ROWS
        and any(column.type.name in _NUMERIC for column in result.columns)
    )
