"""The synchronous client."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

import httpx
from typing_extensions import Self, Unpack

from genie_sdk._base_client import BaseClient
from genie_sdk._options import AskOptions, ClientOptions
from genie_sdk._transport.senders import SyncSender
from genie_sdk.conversation import downloads, plans
from genie_sdk.conversation.answer import AnswerData
from genie_sdk.conversation.downloads import DownloadSink, DownloadSummary, FileFormat
from genie_sdk.conversation.drivers import Finished, drive_sync
from genie_sdk.conversation.events import AnswerReady, ChunkReady, Event, StatusChanged
from genie_sdk.conversation.state import ConversationState
from genie_sdk.conversation.steps import Plan
from genie_sdk.errors import GenieError
from genie_sdk.models import FeedbackRating, Message
from genie_sdk.resources._binding import Sync

T = TypeVar("T")
Row = tuple[Any, ...]

__all__ = ["Answer", "Conversation", "GenieClient"]


class GenieClient(BaseClient[Sync]):
    """Synchronous client of the Genie Conversation API.

    Args:
        host: Workspace URL; from ``DATABRICKS_HOST`` or the config profile when omitted.
        http_client: An ``httpx.Client`` to send with, used as is and not closed by this client.
        sleep: Function used to wait between polls and retries (inject one in tests).
        **options: See :class:`~genie_sdk.ClientOptions` (``auth``, ``profile``, ``timeout``,
            ``max_retries``, ``polling``, ``rate_limit``, ...).

    Use it as a context manager, or call :meth:`close`, to release its connections.
    """

    def __init__(
        self,
        host: str | None = None,
        *,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        pipeline = self._configure(host, options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=False)
        self._sleep = sleep
        self._sender = SyncSender(self._http, pipeline, sleep)
        self._attach(self._sender)

    def close(self) -> None:
        """Close the connections this client opened."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self, plan: Plan[T], on_status: Callable[[Message], None] | None = None) -> T:
        for outcome in drive_sync(plan, self._sender, self._sleep):
            if isinstance(outcome, Finished):
                return outcome.value
            if on_status is not None and isinstance(outcome, StatusChanged):
                on_status(outcome.message)
        raise AssertionError("a plan always finishes")

    def _answer(self, data: AnswerData) -> Answer:
        return Answer(
            data.space_id,
            data.conversation_id,
            data.message_id,
            data.message,
            data.statement,
            client=self,
        )

    def ask(
        self,
        space_id: str,
        question: str,
        *,
        conversation_id: str | None = None,
        **options: Unpack[AskOptions],
    ) -> Answer:
        """Ask a question and wait for the answer with its query result.

        Starts a new conversation, or sends a follow-up when ``conversation_id`` is given.

        Raises:
            MessageFailedError: Genie could not answer.
            MessageCancelledError: the message was cancelled.
            PollTimeoutError: no answer within the timeout; it carries the ids to :meth:`wait` on.
            QueryFailedError: the SQL statement failed.
        """
        plan = plans.ask(
            space_id, question, self._waiting(options), conversation_id=conversation_id
        )
        return self._answer(self._run(plan, options.get("on_status")))

    def wait(
        self, space_id: str, conversation_id: str, message_id: str, **options: Unpack[AskOptions]
    ) -> Answer:
        """Finish a question asked earlier: wait for it and fetch its answer."""
        plan = plans.wait(space_id, conversation_id, message_id, self._waiting(options))
        return self._answer(self._run(plan, options.get("on_status")))

    def ask_events(
        self,
        space_id: str,
        question: str,
        *,
        conversation_id: str | None = None,
        **options: Unpack[AskOptions],
    ) -> Iterator[Event]:
        """Ask a question and yield progress events; the last one is :class:`AnswerReady`."""
        plan = plans.ask(
            space_id, question, self._waiting(options), conversation_id=conversation_id
        )
        return self._events(plan)

    def _events(self, plan: Plan[AnswerData]) -> Iterator[Event]:
        for outcome in drive_sync(plan, self._sender, self._sleep):
            yield (
                AnswerReady(self._answer(outcome.value))
                if isinstance(outcome, Finished)
                else outcome
            )

    def refresh(self, answer: AnswerData, **options: Unpack[AskOptions]) -> Answer:
        """Re-run an answer's SQL (execute-query) and return it with fresh results."""
        return self._answer(self._run(plans.refresh(answer, self._waiting(options))))

    def download(
        self,
        answer: AnswerData,
        path: str | os.PathLike[str],
        *,
        format: FileFormat | None = None,
        **options: Unpack[AskOptions],
    ) -> DownloadSummary:
        """Download an answer's full result (past the inline cap) to a Parquet or CSV file.

        Chunks are written as they arrive, so memory stays bounded by one chunk. The format
        follows the file suffix (``.csv`` or else Parquet) unless ``format`` is given.
        """
        sink = DownloadSink(path, format)
        plan = downloads.download(answer, self._waiting(options))
        try:
            for outcome in drive_sync(plan, self._sender, self._sleep):
                if isinstance(outcome, ChunkReady):
                    sink.write(outcome)
                elif isinstance(outcome, Finished):
                    return sink.finish(outcome.value)
        finally:
            sink.abort()
        raise AssertionError("a plan always finishes")

    def iter_rows(self, answer: AnswerData, **options: Unpack[AskOptions]) -> Iterator[Row]:
        """Yield every row of an answer's full result, fetching chunk by chunk as you iterate."""
        return self._rows(downloads.download(answer, self._waiting(options)))

    def _rows(self, plan: Plan[DownloadSummary]) -> Iterator[Row]:
        for outcome in drive_sync(plan, self._sender, self._sleep):
            if isinstance(outcome, ChunkReady):
                yield from outcome.rows

    def conversation(self, space_id: str, conversation_id: str | None = None) -> Conversation:
        """Return a :class:`Conversation` that asks follow-ups in one conversation."""
        return Conversation(self, space_id, conversation_id)

    def ask_many(
        self,
        space_id: str,
        questions: Iterable[str],
        *,
        concurrency: int = 4,
        **options: Unpack[AskOptions],
    ) -> list[Answer | GenieError]:
        """Ask many questions, ``concurrency`` at a time, each in its own conversation.

        Returns one entry per question, in order: its :class:`Answer` or the error it ended with.
        """
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        batch = list(questions)
        for question in batch:
            plans.ask(space_id, question, self._waiting(options))

        def one(question: str) -> Answer | GenieError:
            try:
                return self.ask(space_id, question, **options)
            except GenieError as error:
                return error

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(one, batch))


@dataclass(frozen=True)
class Answer(AnswerData):
    """Genie's answer to a question, with actions run through the :class:`GenieClient`."""

    client: GenieClient = field(repr=False, compare=False, kw_only=True)

    def refresh(self) -> Answer:
        """Re-run the SQL and return this answer with fresh results."""
        return self.client.refresh(self)

    def send_feedback(self, rating: FeedbackRating | str, comment: str | None = None) -> None:
        """Rate this answer ``POSITIVE``, ``NEGATIVE`` or ``NONE``."""
        self.client.messages.send_feedback(*self._ids, rating, comment=comment)

    def download(
        self, path: str | os.PathLike[str], *, format: FileFormat | None = None
    ) -> DownloadSummary:
        """Download the full result to a Parquet or CSV file (see ``GenieClient.download``)."""
        return self.client.download(self, path, format=format)

    def iter_rows(self) -> Iterator[Row]:
        """Yield every row of the full result, chunk by chunk."""
        return self.client.iter_rows(self)

    def follow_up(self, question: str, **options: Unpack[AskOptions]) -> Answer:
        """Ask a follow-up question in the same conversation."""
        return self.client.ask(
            self.space_id, question, conversation_id=self.conversation_id, **options
        )

    @property
    def _ids(self) -> tuple[str, str, str]:
        return self.space_id, self.conversation_id, self.message_id


class Conversation(ConversationState[Answer]):
    """A conversation you ask questions in: the first starts it, the next ones follow up."""

    def __init__(self, client: GenieClient, space_id: str, conversation_id: str | None = None):
        super().__init__(space_id, conversation_id)
        self.client = client

    def ask(self, question: str, **options: Unpack[AskOptions]) -> Answer:
        """Ask ``question`` in this conversation and wait for the answer."""
        on_status = options.pop("on_status", None)
        for event in self.ask_events(question, **options):
            if on_status is not None and isinstance(event, StatusChanged):
                on_status(event.message)
            if isinstance(event, AnswerReady) and isinstance(event.answer, Answer):
                return event.answer
        raise AssertionError("a question always ends with AnswerReady or an error")

    def ask_events(self, question: str, **options: Unpack[AskOptions]) -> Iterator[Event]:
        """Ask ``question`` here and yield progress events; the last one is ``AnswerReady``."""
        for event in self.client.ask_events(
            self.space_id, question, conversation_id=self.id, **options
        ):
            self._seen(event)
            yield event

    def wait(self, **options: Unpack[AskOptions]) -> Answer:
        """Finish the question that was in flight when waiting was interrupted."""
        answer = self.client.wait(*self._pending_ids(), **options)
        self._done(answer)
        return answer
