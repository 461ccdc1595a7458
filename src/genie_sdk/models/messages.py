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
    """Id of the text, as the server sends it."""
    content: str | None = None
    """The text Genie wrote."""
    purpose: Open[TextAttachmentPurpose] | None = None
    """``FOLLOW_UP_QUESTION`` when Genie asks the user to clarify; an answer otherwise."""


class QueryResultMetadata(GenieModel):
    """Size of a query attachment's result."""

    row_count: int | None = None
    """Number of rows in the result."""
    is_truncated: bool | None = None
    """Whether the inline result was cut short (it holds at most 5,000 rows)."""


class QueryAttachmentParameter(GenieModel):
    """A parameter bound into a query attachment's SQL."""

    keyword: str | None = None
    """Name of the parameter."""
    sql_type: str | None = None
    """SQL type of the parameter, as the server names it."""
    value: str | None = None
    """Value bound to the parameter, as a string."""


class QueryThought(GenieModel):
    """A reasoning step Genie reported for a query."""

    content: str | None = None
    """Text of the step (Markdown)."""
    thought_type: str | None = None
    """Kind of step, such as ``THOUGHT_TYPE_DESCRIPTION`` or ``THOUGHT_TYPE_STEPS``."""


class QueryAttachment(GenieModel):
    """SQL Genie generated to answer the question."""

    id: str | None = None
    """Id of the query, as the server sends it."""
    title: str | None = None
    """Name Genie gave the query."""
    description: str | None = None
    """Genie's description of the query."""
    query: str | None = None
    """The SQL Genie generated."""
    statement_id: str | None = None
    """Id of the SQL statement that ran the query."""
    last_updated_timestamp: int | None = None
    """When the query was last updated, in epoch milliseconds."""
    query_result_metadata: QueryResultMetadata | None = None
    """Row count of the result and whether it was truncated."""
    parameters: list[QueryAttachmentParameter] | None = None
    """Parameters bound into the SQL."""
    thoughts: list[QueryThought] | None = None
    """Steps Genie reported on how it came to the SQL."""


class SuggestedQuestionsAttachment(GenieModel):
    """Questions Genie suggests asking next."""

    questions: list[str] = []
    """The questions Genie suggests asking next."""


class VizAttachment(GenieModel):
    """A chart over a query attachment."""

    query_attachment_id: str | None = None
    """Id of the query attachment the chart draws."""
    title: str | None = None
    """Name of the chart."""


class Attachment(GenieModel):
    """One part of a message's answer: exactly one kind is set (unknown kinds kept as extras)."""

    attachment_id: str | None = None
    """Id of the attachment, used by the query-result and download endpoints."""
    text: TextAttachment | None = None
    """Set when this part is text: an answer, a summary or a question back."""
    query: QueryAttachment | None = None
    """Set when this part is SQL Genie generated."""
    suggested_questions: SuggestedQuestionsAttachment | None = None
    """Set when this part suggests follow-up questions."""
    viz: VizAttachment | None = None
    """Set when this part is a chart (asked for with ``enable_visualization``)."""

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
    """Text of the error."""
    type: Open[MessageErrorType] | None = None
    """Kind of failure, such as ``SQL_EXECUTION_EXCEPTION``."""


class Feedback(GenieModel):
    """The rating a user gave a message."""

    rating: Open[FeedbackRating] | None = None
    """``POSITIVE``, ``NEGATIVE`` or ``NONE``."""
    comment: str | None = None
    """Comment the user left with the rating."""


class LegacyQueryResult(GenieModel):
    """Deprecated message-level query result reference."""

    statement_id: str | None = None
    """Id of the SQL statement that ran the message's query."""
    statement_id_signature: str | None = None
    """Signature (a JWT) the server sends with ``statement_id``."""
    row_count: int | None = None
    """Number of rows in the result."""
    is_truncated: bool | None = None
    """Whether the result was truncated."""


class Message(GenieModel):
    """A question in a conversation and, once processed, Genie's answer as attachments."""

    message_id: str = ""
    """Id of the message; taken from ``id`` when the server sends only that."""
    id: str | None = None
    """Legacy copy of ``message_id``."""
    space_id: str = ""
    """Id of the space the message is in."""
    conversation_id: str = ""
    """Id of the conversation the message is in."""
    user_id: int | None = None
    """Id of the user who asked."""
    content: str | None = None
    """The question, as the user asked it."""
    status: Open[MessageStatus] | None = None
    """Where the message is in its life, from ``SUBMITTED`` to a terminal status."""
    attachments: list[Attachment] | None = None
    """Genie's answer in parts (text, SQL, suggestions, charts); ``None`` before any."""
    error: MessageError | None = None
    """Why the message failed, when its status is ``FAILED``."""
    feedback: Feedback | None = None
    """The rating the user gave the answer, if any."""
    query_result: LegacyQueryResult | None = None
    """Deprecated reference to the query result; read the query attachment instead."""
    created_timestamp: int | None = None
    """When the message was created, in epoch milliseconds."""
    last_updated_timestamp: int | None = None
    """When the message last changed, in epoch milliseconds."""

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
    """The messages on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class SendMessageRequest(RequestModel):
    """Body of ``POST .../conversations/{conversation_id}/messages``."""

    content: str
    """The question, in natural language."""
    enable_visualization: bool | None = None
    """Whether Genie may answer with a chart too (a ``viz`` attachment)."""


class SendFeedbackRequest(RequestModel):
    """Body of ``POST .../messages/{message_id}/feedback``."""

    rating: FeedbackRating
    """``POSITIVE``, ``NEGATIVE`` or ``NONE``."""
    comment: str | None = None
    """Comment to leave with the rating."""


class QueryResultResponse(GenieModel):
    """The statement behind a query attachment."""

    statement_response: StatementResponse | None = None
    """The statement: its status, result manifest and first chunk of rows."""


class GenerateDownloadResponse(GenieModel):
    """Handle of a full-result export."""

    download_id: str
    """Id of the export; poll the download endpoint with it."""
    download_id_signature: str | None = None
    """Signature (a JWT) to send with ``download_id`` when polling."""
