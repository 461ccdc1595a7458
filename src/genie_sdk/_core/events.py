"""The one family of typed progress events, for chat UIs and agents that show progress live.

Chat mode (`ask_events`), agent mode and Genie One all yield
[`Event`][genie_sdk.Event] instances.
Every event carries ``ids``: what a caller needs to resume the question without asking it again
([`MessageIds`][genie_sdk.MessageIds] in chat mode, [`ResponseIds`][genie_sdk.ResponseIds] for
agent mode and Genie One), or ``None`` before the server has accepted the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from genie_sdk.models import Message, MessageStatus, StatementResponse

if TYPE_CHECKING:
    from genie_sdk._core.answer import MessageIds
    from genie_sdk.errors import GenieError
    from genie_sdk.results import Column

__all__ = [
    "AnswerReady",
    "ChunkReady",
    "Event",
    "Failed",
    "RateLimited",
    "ReasoningStep",
    "ResponseIds",
    "ResultReady",
    "SqlReady",
    "StatusChanged",
    "TextReady",
]

AnswerT = TypeVar("AnswerT")


class ResponseIds(NamedTuple):
    """Where an agent-mode or Genie One response lives; enough to resume reading it."""

    conversation_id: str
    response_id: str
    agent_id: str | None = None
    """The Genie Agent (space) that answers; ``None`` for Genie One."""


@dataclass(frozen=True)
class Event:
    """Base class of every progress event."""

    ids: MessageIds | ResponseIds | None = field(default=None, kw_only=True, repr=False)
    """What resumes the question without asking it again; ``None`` until the server accepted it."""


@dataclass(frozen=True)
class StatusChanged(Event):
    """The question moved to a new status (a chat-mode message status or a response status)."""

    status: MessageStatus | str | None
    message: Message | None = None
    """The chat-mode message as polled; ``None`` in agent mode and Genie One."""


@dataclass(frozen=True)
class ReasoningStep(Event):
    """Genie explains what it is about to do (agent mode's plan and progress sentences)."""

    text: str
    item_id: str | None = None


@dataclass(frozen=True)
class SqlReady(Event):
    """Genie has written a query (available while it executes)."""

    sql: str
    description: str | None
    """The query's description (chat mode) or title (agent mode)."""
    attachment_id: str | None
    """The query attachment (chat mode) or the query's call id (agent mode)."""
    message: Message | None = None


@dataclass(frozen=True)
class ResultReady(Event):
    """A query's result is known.

    Chat mode fetches the statement; agent mode carries the output table as Genie wrote it.
    """

    statement: StatementResponse | None = None
    query_id: str | None = None
    """The query's attachment id (chat mode) or call id (agent mode)."""
    output: str | None = field(default=None, repr=False)
    """The output as the server wrote it (agent mode: a title and a Markdown table)."""


@dataclass(frozen=True)
class TextReady(Event):
    """A part of the answer text is known (agent mode and Genie One write the report in parts)."""

    text: str
    item_id: str | None = None


@dataclass(frozen=True)
class AnswerReady(Event, Generic[AnswerT]):
    """The answer is complete; the last event of a question that succeeded."""

    answer: AnswerT


@dataclass(frozen=True)
class Failed(Event):
    """The question ended without an answer; the iterator raises ``error`` right after it."""

    error: GenieError


@dataclass(frozen=True)
class ChunkReady(Event):
    """One chunk of a full download has been fetched and decoded."""

    chunk_index: int
    rows: list[tuple[Any, ...]] = field(repr=False)
    columns: list[Column] = field(repr=False)
    total_rows: int | None = None
    """Rows in the whole result, when the export's manifest says."""
    total_chunks: int | None = None
    """Chunks in the whole result, when the export's manifest says."""


@dataclass(frozen=True)
class RateLimited(Event):
    """A rate limit holds the next request back: it is sent again after ``wait`` seconds."""

    wait: float
    """Seconds until the next request is allowed."""
    reason: str
    """Which limit: the server's (HTTP 429) or this client's ``rate_limit``."""

    def __str__(self) -> str:
        return f"rate limited ({self.reason}); next request allowed in {self.wait:.0f} s"
