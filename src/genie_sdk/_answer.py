"""``Answer`` and ``Conversation``, written once for both clients.

Their actions (refresh, download, follow-ups, …) are builders bound by the descriptors of
:mod:`genie_sdk._binding`: with a ``GenieClient`` they return results, with an
``AsyncGenieClient`` awaitables.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from typing_extensions import Self, Unpack

from genie_sdk._base_client import ask_job, download_job, refresh_job, rows_stream
from genie_sdk._binding import Async, M, Moded, Runner, Sync, answering, finishing, streaming
from genie_sdk._options import AskOptions
from genie_sdk._transport.call import Call
from genie_sdk.conversation import plans
from genie_sdk.conversation.answer import AnswerData
from genie_sdk.conversation.downloads import DownloadSummary, FileFormat
from genie_sdk.conversation.events import ChunkReady
from genie_sdk.conversation.jobs import AnswerJob, EventStream, Job, RowStream
from genie_sdk.conversation.state import ConversationState
from genie_sdk.models import FeedbackRating
from genie_sdk.resources.messages import send_feedback

if TYPE_CHECKING:
    from genie_sdk._async_client import AsyncGenieClient
    from genie_sdk._base_client import BaseClient
    from genie_sdk._client import GenieClient

A = TypeVar("A", bound=AnswerData)

__all__ = ["Answer", "AsyncAnswer", "AsyncConversation", "Conversation"]


def _refresh(answer: AnswerBase[Any], **options: Unpack[AskOptions]) -> Job[AnswerData]:
    """Re-run the SQL (execute-query) and return this answer with fresh results."""
    return refresh_job(answer.client, answer, **options)


def _send_feedback(
    answer: AnswerBase[Any], rating: FeedbackRating | str, comment: str | None = None
) -> Call[None]:
    """Rate this answer ``POSITIVE``, ``NEGATIVE`` or ``NONE``."""
    return send_feedback(*answer.ids, rating, comment=comment)


def _follow_up(
    answer: AnswerBase[Any], question: str, **options: Unpack[AskOptions]
) -> Job[AnswerData]:
    """Ask a follow-up question in the same conversation."""
    return ask_job(
        answer.client, answer.space_id, question, conversation_id=answer.conversation_id, **options
    )


def _download(
    answer: AnswerBase[Any],
    path: str | os.PathLike[str],
    *,
    format: FileFormat | None = None,
    on_chunk: Callable[[ChunkReady], None] | None = None,
    **options: Unpack[AskOptions],
) -> Job[DownloadSummary]:
    """Download the full result to a Parquet or CSV file (see ``GenieClient.download``)."""
    return download_job(answer.client, answer, path, format=format, on_chunk=on_chunk, **options)


def _iter_rows(answer: AnswerBase[Any], **options: Unpack[AskOptions]) -> RowStream:
    """Yield every row of the full result, fetching chunk by chunk as you iterate."""
    return rows_stream(answer.client, answer, **options)


@dataclass(frozen=True)
class AnswerBase(AnswerData, Moded[M]):
    """An answer bound to the client that fetched it."""

    client: BaseClient[M] = field(repr=False, compare=False, kw_only=True)

    @classmethod
    def of(cls, data: AnswerData, client: BaseClient[M]) -> Self:
        """Bind plain answer data to ``client``."""
        fields = (data.space_id, data.conversation_id, data.message_id, data.message)
        return cls(*fields, data.statement, client=client)

    @property
    def ids(self) -> tuple[str, str, str]:
        """``(space_id, conversation_id, message_id)``."""
        return self.space_id, self.conversation_id, self.message_id

    def _executor(self) -> Runner:
        return self.client._executor()

    refresh = answering(_refresh)
    follow_up = answering(_follow_up)
    send_feedback = finishing(_send_feedback)
    download = finishing(_download)
    iter_rows = streaming(_iter_rows)


@dataclass(frozen=True)
class Answer(AnswerBase[Sync]):
    """Genie's answer to a question, with actions run through a :class:`GenieClient`."""

    client: GenieClient = field(repr=False, compare=False, kw_only=True)


@dataclass(frozen=True)
class AsyncAnswer(AnswerBase[Async]):
    """Genie's answer to a question, with actions awaited through an :class:`AsyncGenieClient`."""

    client: AsyncGenieClient = field(repr=False, compare=False, kw_only=True)


def _ask_here(
    conversation: ConversationBase[Any, Any], question: str, **options: Unpack[AskOptions]
) -> Job[AnswerData]:
    """Ask ``question`` in this conversation (starting it on first use) and wait for the answer."""
    waiting = conversation.client._waiting(options)
    plan = plans.ask(conversation.space_id, question, waiting, conversation_id=conversation.id)
    return AnswerJob(plan, options.get("on_status"), observer=conversation)


def _events_here(
    conversation: ConversationBase[Any, Any], question: str, **options: Unpack[AskOptions]
) -> EventStream:
    """Ask ``question`` here and yield progress events; the last one is ``AnswerReady``."""
    waiting = conversation.client._waiting(options)
    plan = plans.ask(conversation.space_id, question, waiting, conversation_id=conversation.id)
    return EventStream(plan, observer=conversation)


def _wait_here(
    conversation: ConversationBase[Any, Any], **options: Unpack[AskOptions]
) -> Job[AnswerData]:
    """Finish the question that was in flight when waiting was interrupted."""
    plan = plans.wait(*conversation.pending_ids(), conversation.client._waiting(options))
    return AnswerJob(plan, options.get("on_status"), observer=conversation)


class ConversationBase(ConversationState[A], Moded[M]):
    """A conversation you ask questions in: the first starts it, the next ones follow up."""

    def __init__(self, client: BaseClient[M], space_id: str, conversation_id: str | None = None):
        super().__init__(space_id, conversation_id)
        self.client = client

    def _executor(self) -> Runner:
        return self.client._executor()

    ask = answering(_ask_here)
    ask_events = streaming(_events_here)
    wait = answering(_wait_here)


class Conversation(ConversationBase[Answer, Sync]):
    """A conversation asked in through a :class:`GenieClient`."""


class AsyncConversation(ConversationBase[AsyncAnswer, Async]):
    """A conversation asked in with ``await`` through an :class:`AsyncGenieClient`."""
