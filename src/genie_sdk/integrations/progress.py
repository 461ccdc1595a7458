"""One line of progress per SDK event, as tools show it while Genie works."""

from __future__ import annotations

from genie_sdk._core.events import (
    AnswerReady,
    Event,
    Failed,
    RateLimited,
    ReasoningStep,
    ResultReady,
    SqlReady,
    StatusChanged,
    TextReady,
)

__all__ = ["progress_text"]

_LONGEST = 200


def progress_text(event: Event) -> str:
    """Describe ``event`` in one short line, e.g. ``"Genie is executing the query"``."""
    if isinstance(event, StatusChanged):
        status = str(event.status or "unknown").lower().replace("_", " ")
        return f"Genie status: {status}"
    if isinstance(event, SqlReady):
        return f"Genie wrote the SQL: {_short(event.description or event.sql)}"
    if isinstance(event, ResultReady):
        return "the query result is ready"
    if isinstance(event, (ReasoningStep, TextReady)):
        return _short(event.text)
    if isinstance(event, RateLimited):
        return str(event)
    if isinstance(event, AnswerReady):
        return "the answer is ready"
    if isinstance(event, Failed):
        return "Genie could not answer"
    return type(event).__name__


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _LONGEST else line[: _LONGEST - 1] + "…"
