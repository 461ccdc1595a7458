"""What a person sees while Genie works: the steps so far, then the SQL as soon as it is known."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from genie_sdk import (
    Event,
    RateLimited,
    ReasoningStep,
    ResultReady,
    SqlReady,
    StatusChanged,
    TextReady,
)
from genie_sdk.providers.workato import (
    ConnectionAuthorized,
    ConnectionAuthRequired,
    SkillConfirmationRequired,
)

__all__ = ["STEP_NAMES", "Progress", "Waiting", "progress_of", "step_name"]

STEP_NAMES = {
    "SUBMITTED": "Question received",
    "FILTERING_CONTEXT": "Finding the relevant data",
    "FETCHING_METADATA": "Reading the tables' metadata",
    "ASKING_AI": "Writing the query",
    "PENDING_WAREHOUSE": "Starting the SQL warehouse",
    "EXECUTING_QUERY": "Running the query",
    "COMPLETED": "Done",
    "QUERY_RESULT_EXPIRED": "Running the query again (the stored result had expired)",
    "in_progress": "Question received",
    "completed": "Done",
    "PENDING": "Question received",
    "RUNNING": "Looking it up",
}


def step_name(status: object) -> str:
    """A status in words; a status this app does not know yet is shown as it is."""
    text = str(getattr(status, "value", status))
    return STEP_NAMES.get(text, text.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Waiting:
    """A Workato genie waits for the user: to approve a skill, or to sign in to a connection."""

    kind: Literal["skill", "connection"]
    key: str
    """The skill's ``call_id`` or the connection's ``attempt_id``."""
    name: str | None
    """The skill's or the connection's name, when the genie gives it."""
    url: str | None = None
    """Where to sign in (connections)."""


@dataclass(frozen=True)
class Progress:
    """The progress of one question."""

    steps: tuple[str, ...] = ()
    """The statuses seen, in words, in order."""
    sql: str | None = None
    description: str | None = None
    rows: int | None = None
    """Rows in the result, once it is fetched."""
    notice: str | None = None
    """A wait in progress, e.g. a rate limit; cleared by the next event."""
    report: str | None = None
    """Agent mode and Genie One: the report as written so far."""
    waiting: Waiting | None = None
    """What the genie waits for, until the next event."""


def progress_of(events: Iterable[Event]) -> Progress:
    """Fold the SDK's events into what to show."""
    steps: list[str] = []
    parts: list[str] = []
    sql = description = notice = None
    rows = None
    waiting: Waiting | None = None
    for event in events:
        notice = None
        waiting = None
        if isinstance(event, StatusChanged) and event.status is not None:
            name = step_name(event.status)
            if not steps or steps[-1] != name:
                steps.append(name)
        elif isinstance(event, ReasoningStep):
            steps.append(event.text)
        elif isinstance(event, TextReady):
            parts.append(event.text)
        elif isinstance(event, SqlReady):
            sql, description = event.sql, event.description
        elif isinstance(event, ResultReady) and event.statement is not None:
            manifest = event.statement.manifest
            rows = manifest.total_row_count if manifest is not None else None
        elif isinstance(event, RateLimited):
            notice = f"Genie is busy: trying again in {max(1, round(event.wait))} s."
        elif isinstance(event, SkillConfirmationRequired):
            waiting = Waiting("skill", event.call_id, event.skill)
        elif isinstance(event, ConnectionAuthRequired):
            waiting = Waiting("connection", event.attempt_id, event.connection, event.auth_url)
        elif isinstance(event, ConnectionAuthorized):
            steps.append("Connection authorized")
    report = "\n\n".join(parts) or None
    return Progress(tuple(steps), sql, description, rows, notice, report, waiting)
