"""Conversations and their start request."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from genie_sdk.models._base import GenieModel, Open, RequestModel
from genie_sdk.models.enums import AgentType
from genie_sdk.models.messages import Message

__all__ = [
    "Conversation",
    "ConversationSummary",
    "ListConversationsResponse",
    "StartConversationRequest",
    "StartConversationResponse",
    "started_ids",
]


class Conversation(GenieModel):
    """A conversation in a space."""

    id: str | None = None
    """Legacy copy of ``conversation_id``."""
    conversation_id: str | None = None
    """Id of the conversation."""
    space_id: str | None = None
    """Id of the space the conversation is in."""
    title: str | None = None
    """Title of the conversation: its first question, cut to 255 characters."""
    user_id: int | None = None
    """Id of the user who started the conversation."""
    created_timestamp: int | None = None
    """When the conversation was created, in epoch milliseconds."""
    last_updated_timestamp: int | None = None
    """When the conversation last changed, in epoch milliseconds."""


class ConversationSummary(GenieModel):
    """A conversation as listed in a space."""

    conversation_id: str
    """Id of the conversation."""
    title: str | None = None
    """Title of the conversation: its first question, cut to 255 characters."""
    created_timestamp: int | None = None
    """When the conversation was created, in epoch milliseconds."""
    agent_type: Open[AgentType] | None = None
    """Whether the conversation is in chat mode or agent mode."""


class ListConversationsResponse(GenieModel):
    """One page of conversations."""

    conversations: list[ConversationSummary] = []
    """The conversations on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class StartConversationRequest(RequestModel):
    """Body of ``POST /spaces/{space_id}/start-conversation``."""

    content: str
    """The first question, in natural language."""
    enable_visualization: bool | None = None
    """Whether Genie may answer with a chart too (a ``viz`` attachment)."""


class StartConversationResponse(GenieModel):
    """The new conversation and its first message.

    The ids are read from the top-level ``conversation_id`` and ``message_id`` or, when a server
    sends only the nested objects (as the Genie documentation's example does), from
    ``conversation.id`` and ``message.id``.
    """

    conversation_id: str
    """Id of the new conversation."""
    message_id: str
    """Id of the first message: the question just asked."""
    conversation: Conversation | None = None
    """The new conversation, when the server sends it."""
    message: Message | None = None
    """The first message (usually still ``SUBMITTED``), when the server sends it."""

    @model_validator(mode="before")
    @classmethod
    def _ids_from_nested(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        conversation_id, message_id = started_ids(data)
        filled = dict(data)
        if not data.get("conversation_id") and conversation_id:
            filled["conversation_id"] = conversation_id
        if not data.get("message_id") and message_id:
            filled["message_id"] = message_id
        return filled


def started_ids(data: object) -> tuple[str | None, str | None]:
    """The conversation and message ids a start-conversation answer holds, wherever they are.

    Looks at the top level, then ``conversation`` and ``message``; ``None`` for an id not found
    as a non-empty string. Used to decode the answer, and to report what could be read of one
    that does not decode.
    """
    if not isinstance(data, dict):
        return None, None
    conversation = data.get("conversation")
    message = data.get("message")
    conversation = conversation if isinstance(conversation, dict) else {}
    message = message if isinstance(message, dict) else {}
    conversation_id = _first_id(
        data.get("conversation_id"),
        conversation.get("conversation_id"),
        conversation.get("id"),
        message.get("conversation_id"),
    )
    message_id = _first_id(data.get("message_id"), message.get("message_id"), message.get("id"))
    return conversation_id, message_id


def _first_id(*values: object) -> str | None:
    return next((value for value in values if isinstance(value, str) and value.strip()), None)
