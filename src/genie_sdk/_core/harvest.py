"""Harvest: every user's questions to a space since a watermark, as candidate benchmarks."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from genie_sdk._core.calls import Page
from genie_sdk._core.endpoints import conversations, messages
from genie_sdk._core.listing import every_page
from genie_sdk._core.steps import Emit, Plan
from genie_sdk.models import ConversationSummary, Message

__all__ = ["HarvestedQuestion", "harvest", "watermark_ms"]


@dataclass(frozen=True)
class HarvestedQuestion:
    """A question a user asked, with what Genie answered: a candidate benchmark question.

    Attributes:
        space_id: The space asked.
        conversation_id: The conversation it was asked in.
        message_id: The message.
        question: The question as the user wrote it.
        sql: The SQL of Genie's last query in the answer, if it wrote one.
        feedback: The user's rating: ``POSITIVE``, ``NEGATIVE`` or ``None`` (not rated).
        status: The message's status (``COMPLETED``, ``FAILED``, ...).
        user_id: Who asked.
        created_timestamp: When it was asked, in epoch milliseconds: keep the largest as the
            next harvest's ``since``.
        link: The conversation in the Genie UI.
    """

    space_id: str
    conversation_id: str
    message_id: str
    question: str
    sql: str | None
    feedback: str | None
    status: str | None
    user_id: int | None
    created_timestamp: int | None
    link: str


def watermark_ms(since: int | float | dt.datetime | None) -> int:
    """``since`` in epoch milliseconds (a number is taken as milliseconds already)."""
    if since is None:
        return 0
    if isinstance(since, dt.datetime):
        if since.tzinfo is None:
            raise ValueError("since must be a timezone-aware datetime (or epoch milliseconds)")
        return int(since.timestamp() * 1000)
    if isinstance(since, bool) or not isinstance(since, (int, float)) or since < 0:
        raise ValueError(f"since must be epoch milliseconds or a datetime, got {since!r}")
    return int(since)


def _candidate(message: Message, host: str) -> HarvestedQuestion | None:
    if not message.content:
        return None
    queries = message.query_attachments
    last_query = queries[-1].query if queries else None
    rating = message.feedback.rating if message.feedback else None
    feedback = str(rating) if rating is not None and str(rating) != "NONE" else None
    return HarvestedQuestion(
        space_id=message.space_id,
        conversation_id=message.conversation_id,
        message_id=message.message_id,
        question=message.content,
        sql=last_query.query if last_query is not None else None,
        feedback=feedback,
        status=None if message.status is None else str(message.status),
        user_id=message.user_id,
        created_timestamp=message.created_timestamp,
        link=f"{host.rstrip('/')}/genie/rooms/{message.space_id}/chats/{message.conversation_id}",
    )


def harvest(space_id: str, host: str, since: int) -> Plan[None]:
    """Check the arguments now; return the plan that emits pages of harvested questions.

    Conversations are walked page by page (``include_all``: every user's, which needs
    ``CAN MANAGE``); each page of a conversation's messages newer than ``since`` becomes one
    emitted page of candidates.
    """
    conversations.list_conversations(space_id, include_all=True)
    return _harvest(space_id, host, since)


def _harvest(space_id: str, host: str, since: int) -> Plan[None]:
    listing = functools.partial(conversations.list_conversations, space_id, include_all=True)
    summaries: Page[ConversationSummary]
    for summaries in (yield from every_page(listing)):
        for summary in summaries.items:
            updated = getattr(summary, "last_updated_timestamp", None)
            if isinstance(updated, int) and updated <= since:
                continue
            chat = functools.partial(messages.list_messages, space_id, summary.conversation_id)
            for page in (yield from every_page(chat)):
                picked = [
                    candidate
                    for message in page.items
                    if (message.created_timestamp or 0) > since
                    and (candidate := _candidate(message, host)) is not None
                ]
                if picked:
                    yield Emit(Page(items=picked, next_page_token=None))
