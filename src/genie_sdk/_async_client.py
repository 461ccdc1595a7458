"""The asynchronous client."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

import httpx
from typing_extensions import Self, Unpack

from genie_sdk._base_client import BaseClient
from genie_sdk._options import AskOptions, ClientOptions
from genie_sdk._transport.senders import AsyncSender
from genie_sdk.conversation import downloads, plans
from genie_sdk.conversation.answer import AnswerData
from genie_sdk.conversation.downloads import DownloadSink, DownloadSummary, FileFormat
from genie_sdk.conversation.drivers import Finished, drive_async
from genie_sdk.conversation.events import AnswerReady, ChunkReady, Event, StatusChanged
from genie_sdk.conversation.state import ConversationState
from genie_sdk.conversation.steps import Plan
from genie_sdk.errors import GenieError
from genie_sdk.models import FeedbackRating, Message
from genie_sdk.resources._binding import Async

T = TypeVar("T")
Row = tuple[Any, ...]

__all__ = ["AsyncAnswer", "AsyncConversation", "AsyncGenieClient"]


class AsyncGenieClient(BaseClient[Async]):
    """Asynchronous client of the Genie Conversation API: the surface of ``GenieClient``, awaited.

    Args:
        host: Workspace URL; from ``DATABRICKS_HOST`` or the config profile when omitted.
        http_client: An ``httpx.AsyncClient`` to send with, used as is and not closed here.
        sleep: Coroutine function used to wait between polls and retries.
        **options: See :class:`~genie_sdk.ClientOptions`.

    Use it as an async context manager, or await :meth:`aclose`, to release its connections.
    """

    def __init__(
        self,
        host: str | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        pipeline = self._configure(host, options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        self._sleep = sleep
        self._sender = AsyncSender(self._http, pipeline, sleep)
        self._attach(self._sender)

    async def aclose(self) -> None:
        """Close the connections this client opened."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _run(self, plan: Plan[T], on_status: Callable[[Message], None] | None = None) -> T:
        async for outcome in drive_async(plan, self._sender, self._sleep):
            if isinstance(outcome, Finished):
                return outcome.value
            if on_status is not None and isinstance(outcome, StatusChanged):
                on_status(outcome.message)
        raise AssertionError("a plan always finishes")

    def _answer(self, data: AnswerData) -> AsyncAnswer:
        ids = (data.space_id, data.conversation_id, data.message_id)
        return AsyncAnswer(*ids, data.message, data.statement, client=self)

    async def ask(
        self,
        space_id: str,
        question: str,
        *,
        conversation_id: str | None = None,
        **options: Unpack[AskOptions],
    ) -> AsyncAnswer:
        """Ask a question and wait for its answer and query result (see ``GenieClient.ask``)."""
        plan = plans.ask(
            space_id, question, self._waiting(options), conversation_id=conversation_id
        )
        return self._answer(await self._run(plan, options.get("on_status")))

    async def wait(
        self, space_id: str, conversation_id: str, message_id: str, **options: Unpack[AskOptions]
    ) -> AsyncAnswer:
        """Finish a question asked earlier: wait for it and fetch its answer."""
        plan = plans.wait(space_id, conversation_id, message_id, self._waiting(options))
        return self._answer(await self._run(plan, options.get("on_status")))

    def ask_events(
        self,
        space_id: str,
        question: str,
        *,
        conversation_id: str | None = None,
        **options: Unpack[AskOptions],
    ) -> AsyncIterator[Event]:
        """Ask a question and yield progress events; the last one is :class:`AnswerReady`."""
        plan = plans.ask(
            space_id, question, self._waiting(options), conversation_id=conversation_id
        )
        return self._events(plan)

    async def _events(self, plan: Plan[AnswerData]) -> AsyncIterator[Event]:
        async for outcome in drive_async(plan, self._sender, self._sleep):
            yield (
                AnswerReady(self._answer(outcome.value))
                if isinstance(outcome, Finished)
                else outcome
            )

    async def refresh(self, answer: AnswerData, **options: Unpack[AskOptions]) -> AsyncAnswer:
        """Re-run an answer's SQL (execute-query) and return it with fresh results."""
        return self._answer(await self._run(plans.refresh(answer, self._waiting(options))))

    async def download(
        self,
        answer: AnswerData,
        path: str | os.PathLike[str],
        *,
        format: FileFormat | None = None,
        **options: Unpack[AskOptions],
    ) -> DownloadSummary:
        """Download an answer's full result to Parquet or CSV (see ``GenieClient.download``)."""
        sink = DownloadSink(path, format)
        plan = downloads.download(answer, self._waiting(options))
        try:
            async for outcome in drive_async(plan, self._sender, self._sleep):
                if isinstance(outcome, ChunkReady):
                    sink.write(outcome)
                elif isinstance(outcome, Finished):
                    return sink.finish(outcome.value)
        finally:
            sink.abort()
        raise AssertionError("a plan always finishes")

    def iter_rows(self, answer: AnswerData, **options: Unpack[AskOptions]) -> AsyncIterator[Row]:
        """Yield every row of an answer's full result, fetching chunk by chunk as you iterate."""
        return self._rows(downloads.download(answer, self._waiting(options)))

    async def _rows(self, plan: Plan[DownloadSummary]) -> AsyncIterator[Row]:
        async for outcome in drive_async(plan, self._sender, self._sleep):
            if isinstance(outcome, ChunkReady):
                for row in outcome.rows:
                    yield row

    def conversation(self, space_id: str, conversation_id: str | None = None) -> AsyncConversation:
        """Return an :class:`AsyncConversation` that asks follow-ups in one conversation."""
        return AsyncConversation(self, space_id, conversation_id)

    async def ask_many(
        self,
        space_id: str,
        questions: Iterable[str],
        *,
        concurrency: int = 4,
        **options: Unpack[AskOptions],
    ) -> list[AsyncAnswer | GenieError]:
        """Ask many questions concurrently (``concurrency`` at a time), each in a new conversation.

        Returns one entry per question, in order: its answer or the error it ended with.
        """
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        batch = list(questions)
        for question in batch:
            plans.ask(space_id, question, self._waiting(options))
        gate = asyncio.Semaphore(concurrency)

        async def one(question: str) -> AsyncAnswer | GenieError:
            async with gate:
                try:
                    return await self.ask(space_id, question, **options)
                except GenieError as error:
                    return error

        return list(await asyncio.gather(*(one(question) for question in batch)))


@dataclass(frozen=True)
class AsyncAnswer(AnswerData):
    """Genie's answer to a question, with actions run through the :class:`AsyncGenieClient`."""

    client: AsyncGenieClient = field(repr=False, compare=False, kw_only=True)

    async def refresh(self) -> AsyncAnswer:
        """Re-run the SQL and return this answer with fresh results."""
        return await self.client.refresh(self)

    async def send_feedback(self, rating: FeedbackRating | str, comment: str | None = None) -> None:
        """Rate this answer ``POSITIVE``, ``NEGATIVE`` or ``NONE``."""
        ids = (self.space_id, self.conversation_id, self.message_id)
        await self.client.messages.send_feedback(*ids, rating, comment=comment)

    async def download(
        self, path: str | os.PathLike[str], *, format: FileFormat | None = None
    ) -> DownloadSummary:
        """Download the full result to a Parquet or CSV file (see ``GenieClient.download``)."""
        return await self.client.download(self, path, format=format)

    def iter_rows(self) -> AsyncIterator[Row]:
        """Yield every row of the full result, chunk by chunk."""
        return self.client.iter_rows(self)

    async def follow_up(self, question: str, **options: Unpack[AskOptions]) -> AsyncAnswer:
        """Ask a follow-up question in the same conversation."""
        conversation_id = self.conversation_id
        return await self.client.ask(
            self.space_id, question, conversation_id=conversation_id, **options
        )


class AsyncConversation(ConversationState[AsyncAnswer]):
    """A conversation asked in with ``await``: the first question starts it, the next follow up."""

    def __init__(self, client: AsyncGenieClient, space_id: str, conversation_id: str | None = None):
        super().__init__(space_id, conversation_id)
        self.client = client

    async def ask(self, question: str, **options: Unpack[AskOptions]) -> AsyncAnswer:
        """Ask ``question`` in this conversation and wait for the answer."""
        on_status = options.pop("on_status", None)
        async for event in self.ask_events(question, **options):
            if on_status is not None and isinstance(event, StatusChanged):
                on_status(event.message)
            if isinstance(event, AnswerReady) and isinstance(event.answer, AsyncAnswer):
                return event.answer
        raise AssertionError("a question always ends with AnswerReady or an error")

    async def ask_events(
        self, question: str, **options: Unpack[AskOptions]
    ) -> AsyncIterator[Event]:
        """Ask ``question`` here and yield progress events; the last one is ``AnswerReady``."""
        events = self.client.ask_events(self.space_id, question, conversation_id=self.id, **options)
        async for event in events:
            self._seen(event)
            yield event

    async def wait(self, **options: Unpack[AskOptions]) -> AsyncAnswer:
        """Finish the question that was in flight when waiting was interrupted."""
        answer = await self.client.wait(*self._pending_ids(), **options)
        self._done(answer)
        return answer
