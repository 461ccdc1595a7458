"""Typed progress events of a question, for chat UIs that show progress as it happens."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from genie_sdk.models import Message, MessageStatus, StatementResponse

if TYPE_CHECKING:
    from genie_sdk._core.answer import AnswerData
    from genie_sdk.results import Column

__all__ = [
    "AnswerReady",
    "ChunkReady",
    "Event",
    "RateLimited",
    "ResultReady",
    "SqlReady",
    "StatusChanged",
]


@dataclass(frozen=True)
class StatusChanged:
    """The message moved to a new status."""

    status: MessageStatus | str | None
    message: Message


@dataclass(frozen=True)
class SqlReady:
    """Genie has written the SQL (available while the query executes)."""

    sql: str
    description: str | None
    attachment_id: str | None
    message: Message


@dataclass(frozen=True)
class ResultReady:
    """The query result has been fetched."""

    statement: StatementResponse


@dataclass(frozen=True)
class AnswerReady:
    """The answer is complete; the last event of a question."""

    answer: AnswerData


@dataclass(frozen=True)
class ChunkReady:
    """One chunk of a full download has been fetched and decoded."""

    chunk_index: int
    rows: list[tuple[Any, ...]] = field(repr=False)
    columns: list[Column] = field(repr=False)
    total_rows: int | None = None
    """Rows in the whole result, when the export's manifest says."""
    total_chunks: int | None = None
    """Chunks in the whole result, when the export's manifest says."""


@dataclass(frozen=True)
class RateLimited:
    """A rate limit holds the next request back: it is sent again after ``wait`` seconds."""

    wait: float
    """Seconds until the next request is allowed."""
    reason: str
    """Which limit: the server's (HTTP 429) or this client's ``rate_limit``."""

    def __str__(self) -> str:
        return f"rate limited ({self.reason}); next request allowed in {self.wait:.0f} s"


Event = StatusChanged | SqlReady | ResultReady | AnswerReady | ChunkReady | RateLimited
"""Any progress event."""
