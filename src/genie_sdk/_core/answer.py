"""What a question comes back as: the message, its SQL, its text and its typed result."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from genie_sdk.models import (
    Attachment,
    Message,
    MessageStatus,
    QueryAttachment,
    StatementResponse,
    TextAttachmentPurpose,
)

if TYPE_CHECKING:
    from genie_sdk.results import QueryResult

__all__ = ["AnswerData", "MessageIds"]


class MessageIds(NamedTuple):
    """Where a message lives: its space, its conversation and its own id."""

    space_id: str
    conversation_id: str
    message_id: str


@dataclass(frozen=True)
class AnswerData:
    """Genie's answer to one question; the sync and async ``Answer`` classes add actions.

    Attributes:
        space_id: The space asked.
        conversation_id: The conversation the question belongs to.
        message_id: The message holding the question and its answer.
        message: The raw [`Message`][genie_sdk.models.Message].
        statement: The SQL statement of the answering query, when there is one.
    """

    space_id: str
    conversation_id: str
    message_id: str
    message: Message = field(repr=False)
    statement: StatementResponse | None = field(default=None, repr=False)

    @property
    def ids(self) -> MessageIds:
        """``(space_id, conversation_id, message_id)``: ``client.wait(*answer.ids)`` resumes."""
        return MessageIds(self.space_id, self.conversation_id, self.message_id)

    @property
    def status(self) -> MessageStatus | str | None:
        """The message's final status."""
        return self.message.status

    @property
    def queries(self) -> list[QueryAttachment]:
        """Every query Genie wrote, in order; when it corrected itself the last one answers."""
        return [a.query for a in self.message.query_attachments if a.query is not None]

    @property
    def query_attachment(self) -> Attachment | None:
        """The attachment of the answering query (the last one), or ``None``."""
        attachments = self.message.query_attachments
        return attachments[-1] if attachments else None

    @property
    def attachment_id(self) -> str | None:
        """Id of the answering query attachment, or ``None``."""
        attachment = self.query_attachment
        return (attachment.attachment_id or None) if attachment else None

    @property
    def sql(self) -> str | None:
        """The SQL of the answering query."""
        return self.queries[-1].query if self.queries else None

    @property
    def description(self) -> str | None:
        """Genie's description of the answering query."""
        return self.queries[-1].description if self.queries else None

    def _texts(self, clarifying: bool) -> list[str]:
        texts = []
        for attachment in self.message.attachments or ():
            text = attachment.text
            if text is None or not text.content:
                continue
            asks_back = text.purpose == TextAttachmentPurpose.FOLLOW_UP_QUESTION
            if asks_back == clarifying:
                texts.append(text.content)
        return texts

    @property
    def text(self) -> str | None:
        """The answer text, or ``None`` when Genie gave none."""
        return "\n\n".join(self._texts(clarifying=False)) or None

    @property
    def clarification(self) -> str | None:
        """The question Genie asks back when it needs clarification, else ``None``."""
        return "\n\n".join(self._texts(clarifying=True)) or None

    @property
    def suggested_questions(self) -> list[str]:
        """Questions Genie suggests asking next."""
        questions: list[str] = []
        for attachment in self.message.attachments or ():
            if attachment.suggested_questions is not None:
                questions.extend(attachment.suggested_questions.questions)
        return questions

    @functools.cached_property
    def result(self) -> QueryResult | None:
        """The answering query's rows as a typed [`QueryResult`][genie_sdk.results.QueryResult]."""
        from genie_sdk.results import QueryResult

        return QueryResult.from_statement(self.statement) if self.statement is not None else None

    def __str__(self) -> str:
        return self.text or self.clarification or self.sql or f"<{self.status}>"
