"""Messages, their attachments, feedback and query results."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from genie_sdk.models._base import GenieModel, Open, RequestModel
from genie_sdk.models.enums import (
    FeedbackRating,
    MessageErrorType,
    MessageStatus,
    TextAttachmentPurpose,
)
from genie_sdk.models.statements import StatementResponse

__all__ = [
    "Attachment",
    "Feedback",
    "GenerateDownloadResponse",
    "LegacyQueryResult",
    "ListMessagesResponse",
    "Message",
    "MessageError",
    "QueryAttachment",
    "QueryAttachmentParameter",
    "QueryResultMetadata",
    "QueryResultResponse",
    "QueryThought",
    "SendFeedbackRequest",
    "SendMessageRequest",
    "SuggestedQuestionsAttachment",
    "TextAttachment",
    "VizAttachment",
]


class TextAttachment(GenieModel):
    """Text from Genie: an answer, a summary, or a question back to the user."""

    id: str | None = None
    content: str | None = None
    purpose: Open[TextAttachmentPurpose] | None = None


class QueryResultMetadata(GenieModel):
    """Size of a query attachment's result."""

    row_count: int | None = None
    is_truncated: bool | None = None


class QueryAttachmentParameter(GenieModel):
    """A parameter bound into a query attachment's SQL."""

    keyword: str | None = None
    sql_type: str | None = None
    value: str | None = None


class QueryThought(GenieModel):
    """A reasoning step Genie reported for a query."""

    content: str | None = None
    thought_type: str | None = None


class QueryAttachment(GenieModel):
    """SQL Genie generated to answer the question."""

    id: str | None = None
    title: str | None = None
    description: str | None = None
    query: str | None = None
    statement_id: str | None = None
    last_updated_timestamp: int | None = None
    query_result_metadata: QueryResultMetadata | None = None
    parameters: list[QueryAttachmentParameter] | None = None
    thoughts: list[QueryThought] | None = None


class SuggestedQuestionsAttachment(GenieModel):
    """Questions Genie suggests asking next."""

    questions: list[str] = []


class VizAttachment(GenieModel):
    """A chart over a query attachment."""

    query_attachment_id: str | None = None
    title: str | None = None


class Attachment(GenieModel):
    """One part of a message's answer: exactly one kind is set (unknown kinds kept as extras)."""

    attachment_id: str | None = None
    text: TextAttachment | None = None
    query: QueryAttachment | None = None
    suggested_questions: SuggestedQuestionsAttachment | None = None
    viz: VizAttachment | None = None

    @property
    def kind(self) -> str:
        """``text``, ``query``, ``suggested_questions``, ``viz`` or the name of an unknown kind."""
        for name in ("query", "text", "suggested_questions", "viz"):
            if getattr(self, name) is not None:
                return name
        return next(iter(self.model_extra or {}), "unknown")


class MessageError(GenieModel):
    """Why a message failed."""

    error: str | None = None
    type: Open[MessageErrorType] | None = None


class Feedback(GenieModel):
    """The rating a user gave a message."""

    rating: Open[FeedbackRating] | None = None
    comment: str | None = None


class LegacyQueryResult(GenieModel):
    """Deprecated message-level query result reference."""

    statement_id: str | None = None
    statement_id_signature: str | None = None
    row_count: int | None = None
    is_truncated: bool | None = None


class Message(GenieModel):
    """A question in a conversation and, once processed, Genie's answer as attachments."""

    message_id: str = ""
    id: str | None = None
    space_id: str = ""
    conversation_id: str = ""
    user_id: int | None = None
    content: str | None = None
    status: Open[MessageStatus] | None = None
    attachments: list[Attachment] | None = None
    error: MessageError | None = None
    feedback: Feedback | None = None
    query_result: LegacyQueryResult | None = None
    created_timestamp: int | None = None
    last_updated_timestamp: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _fill_message_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("message_id") and data.get("id"):
            return {**data, "message_id": data["id"]}
        return data

    @property
    def query_attachments(self) -> list[Attachment]:
        """Attachments that carry SQL, in order (the last one answers)."""
        return [a for a in self.attachments or () if a.query is not None]


class ListMessagesResponse(GenieModel):
    """One page of messages."""

    messages: list[Message] = []
    next_page_token: str | None = None


class SendMessageRequest(RequestModel):
    """Body of ``POST .../conversations/{conversation_id}/messages``."""

    content: str
    enable_visualization: bool | None = None


class SendFeedbackRequest(RequestModel):
    """Body of ``POST .../messages/{message_id}/feedback``."""

    rating: FeedbackRating
    comment: str | None = None


class QueryResultResponse(GenieModel):
    """The statement behind a query attachment."""

    statement_response: StatementResponse | None = None


class GenerateDownloadResponse(GenieModel):
    """Handle of a full-result export."""

    download_id: str
    download_id_signature: str | None = None
