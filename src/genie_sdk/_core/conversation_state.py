"""What a conversation object remembers: its id, its answers and the question in flight."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from genie_sdk._core.answer import AnswerData, MessageIds
from genie_sdk._core.events import Event, StatusChanged
from genie_sdk.models import Message

A = TypeVar("A", bound=AnswerData)

__all__ = ["ConversationState", "status_listener"]


class ConversationState(Generic[A]):
    """State shared by ``Conversation`` and ``AsyncConversation``.

    Attributes:
        space_id: The space the conversation is in.
        id: The conversation's id, set as soon as the first question has been sent (even if
            waiting is then interrupted).
        answers: Every answer received, in order.
        pending: The message in flight, if any.
    """

    def __init__(self, space_id: str, conversation_id: str | None = None) -> None:
        self.space_id = space_id
        self.id = conversation_id
        self.answers: list[A] = []
        self.pending: Message | None = None
        self._pending: MessageIds | None = None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(space_id={self.space_id!r}, id={self.id!r}, "
            f"answers={len(self.answers)})"
        )

    def _observe(self, event: Event) -> None:
        # The ids the plan checked, not the polled message's own fields, which the server wrote.
        if isinstance(event, StatusChanged) and isinstance(event.ids, MessageIds):
            self.id, self._pending = event.ids.conversation_id, event.ids
            self.pending = event.message

    def _record(self, answer: A) -> A:
        self.id, self.pending, self._pending = answer.conversation_id, None, None
        self.answers.append(answer)
        return answer

    def _pending_ids(self) -> MessageIds:
        if self._pending is None:
            raise ValueError("no question of this conversation is in flight")
        return self._pending


def status_listener(
    on_status: Callable[[Message], None] | None,
    on_event: Callable[[Event], None] | None = None,
    state: ConversationState[A] | None = None,
) -> Callable[[Event], None]:
    """Return an event handler that tells ``state``, ``on_status`` and ``on_event`` of events."""

    def listen(event: Event) -> None:
        if state is not None:
            state._observe(event)
        if on_status is not None and isinstance(event, StatusChanged) and event.message:
            on_status(event.message)
        if on_event is not None:
            on_event(event)

    return listen
