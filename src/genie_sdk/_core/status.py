"""What each message and statement status means for the waiting client: one table each."""

from __future__ import annotations

from enum import Enum

from genie_sdk.models import MessageStatus, StatementState

__all__ = ["Next", "message_next", "statement_next", "warehouse_starting"]


class Next(Enum):
    """What to do after seeing a status."""

    POLL = "poll"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    REEXECUTE = "reexecute"


_MESSAGE: dict[str, Next] = {
    MessageStatus.COMPLETED: Next.DONE,
    MessageStatus.FAILED: Next.FAILED,
    MessageStatus.CANCELLED: Next.CANCELLED,
    MessageStatus.QUERY_RESULT_EXPIRED: Next.REEXECUTE,
}

_STATEMENT: dict[str, Next] = {
    StatementState.SUCCEEDED: Next.DONE,
    StatementState.FAILED: Next.FAILED,
    StatementState.CANCELED: Next.CANCELLED,
    StatementState.CLOSED: Next.REEXECUTE,
}


def message_next(status: MessageStatus | str | None) -> Next:
    """Return what a message status calls for; unknown and in-progress statuses keep polling."""
    return _MESSAGE.get(str(status), Next.POLL) if status is not None else Next.POLL


def statement_next(state: StatementState | str | None) -> Next:
    """Return what a statement state calls for; ``PENDING``/``RUNNING``/unknown keep polling."""
    return _STATEMENT.get(str(state), Next.POLL) if state is not None else Next.POLL


def warehouse_starting(status: object) -> bool:
    """Whether a message status says the SQL warehouse is starting (``PENDING_WAREHOUSE``)."""
    return status is not None and str(status) == MessageStatus.PENDING_WAREHOUSE
