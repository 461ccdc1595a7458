"""What a conversation object remembers: its id, its answers and the question in flight."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from genie_sdk.conversation.answer import AnswerData
from genie_sdk.conversation.events import AnswerReady, Event, StatusChanged
from genie_sdk.models import Message

A = TypeVar("A", bound=AnswerData)

__all__ = ["ConversationState"]


class ConversationState(Generic[A]):
    """State shared by ``Conversation`` and ``AsyncConversation``.

    ``id`` is set as soon as the first question has been sent (even if waiting is then
    interrupted); ``answers`` holds every answer received, in order; ``pending`` is the message
    in flight, if any.
    """

    def __init__(self, space_id: str, conversation_id: str | None = None) -> None:
        self.space_id = space_id
        self.id = conversation_id
        self.answers: list[A] = []
        self.pending: Message | None = None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(space_id={self.space_id!r}, id={self.id!r}, "
            f"answers={len(self.answers)})"
        )

    def seen(self, event: Event) -> None:
        """Remember the conversation id and the message in flight from a progress event."""
        if isinstance(event, StatusChanged):
            self.id = event.message.conversation_id or self.id
            self.pending = event.message
        elif isinstance(event, AnswerReady):
            self.done(event.answer)

    def done(self, answer: Any) -> None:
        """Record a finished answer."""
        self.id, self.pending = answer.conversation_id, None
        self.answers.append(answer)

    def pending_ids(self) -> tuple[str, str, str]:
        """Ids of the message in flight; ``ValueError`` when there is none."""
        if self.pending is None or self.id is None:
            raise ValueError("no question of this conversation is in flight")
        return self.space_id, self.id, self.pending.message_id
