"""What to do with a plan's outcomes: return a value, an answer, events, rows, or write a file.

A job pairs a plan with the handling of what it yields. The sync and async runners drive the
plan and hand every outcome to the job, so this handling is written once for both clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from genie_sdk._transport.call import Page
from genie_sdk.conversation.answer import AnswerData
from genie_sdk.conversation.downloads import DownloadSink, DownloadSummary
from genie_sdk.conversation.events import AnswerReady, ChunkReady, Event, StatusChanged
from genie_sdk.conversation.steps import Finished, Plan
from genie_sdk.conversation.streams import Binder, Outcome, Stream
from genie_sdk.models import Message

if TYPE_CHECKING:
    from genie_sdk.conversation.state import ConversationState

T = TypeVar("T")

__all__ = ["PENDING", "AnswerJob", "DownloadJob", "EventStream", "Job", "RowStream"]

PENDING: Any = object()
"""Returned by :meth:`Job.take` while the job has no result yet."""
Row = tuple[Any, ...]


class Job(Generic[T]):
    """A plan run to completion: :meth:`take` sees each outcome and returns the result."""

    def __init__(self, plan: Plan[Any]) -> None:
        self.plan = plan

    def take(self, outcome: Outcome, bind: Binder) -> Any:
        """Handle one outcome; return the job's result, or :data:`PENDING`."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what the job holds, whether it finished or failed."""


class AnswerJob(Job[AnswerData]):
    """Runs a question to its answer, reporting status changes to ``on_status`` and ``observer``."""

    def __init__(
        self,
        plan: Plan[AnswerData],
        on_status: Callable[[Message], None] | None = None,
        observer: ConversationState[Any] | None = None,
    ) -> None:
        super().__init__(plan)
        self.on_status = on_status
        self.observer = observer

    def take(self, outcome: Outcome, bind: Binder) -> Any:
        """Report status changes; bind the answer at the end."""
        if isinstance(outcome, Finished):
            answer = bind(outcome.value)
            if self.observer is not None:
                self.observer.done(answer)
            return answer
        if isinstance(outcome, StatusChanged):
            if self.on_status is not None:
                self.on_status(outcome.message)
            if self.observer is not None:
                self.observer.seen(outcome)
        return PENDING


class DownloadJob(Job[DownloadSummary]):
    """Writes each downloaded chunk to a file as it arrives."""

    def __init__(
        self,
        plan: Plan[DownloadSummary],
        sink: DownloadSink,
        on_chunk: Callable[[ChunkReady], None] | None = None,
    ) -> None:
        super().__init__(plan)
        self.sink = sink
        self.on_chunk = on_chunk

    def take(self, outcome: Outcome, _bind: Binder) -> Any:
        """Write chunks; close the file at the end."""
        if isinstance(outcome, Finished):
            return self.sink.finish(outcome.value)
        if isinstance(outcome, ChunkReady):
            self.sink.write(outcome)
            if self.on_chunk is not None:
                self.on_chunk(outcome)
        return PENDING

    def close(self) -> None:
        """Close the file if the download stopped half-way."""
        self.sink.abort()


class EventStream(Stream[Event]):
    """Yields a question's progress events, ending with :class:`AnswerReady`."""

    def __init__(self, plan: Plan[AnswerData], observer: ConversationState[Any] | None = None):
        super().__init__(plan)
        self.observer = observer

    def items(self, outcome: Outcome, bind: Binder) -> Iterable[Event]:
        """Pass events through; turn the plan's result into ``AnswerReady``."""
        if isinstance(outcome, Finished):
            answer = bind(outcome.value)
            if self.observer is not None:
                self.observer.done(answer)
            return (AnswerReady(answer),)
        if isinstance(outcome, Page):
            return ()
        if self.observer is not None and isinstance(outcome, StatusChanged):
            self.observer.seen(outcome)
        return (outcome,)


class RowStream(Stream[Row]):
    """Yields every row of a full download, chunk by chunk."""

    def items(self, outcome: Outcome, _bind: Binder) -> Iterable[Row]:
        """Return the rows of a downloaded chunk."""
        return outcome.rows if isinstance(outcome, ChunkReady) else ()
