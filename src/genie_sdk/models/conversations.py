"""Conversations and their start request."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, Open, RequestModel
from genie_sdk.models.enums import AgentType
from genie_sdk.models.messages import Message

__all__ = [
    "Conversation",
    "ConversationSummary",
    "ListConversationsResponse",
    "StartConversationRequest",
    "StartConversationResponse",
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
    """The new conversation and its first message."""

    conversation_id: str
    """Id of the new conversation."""
    message_id: str
    """Id of the first message: the question just asked."""
    conversation: Conversation | None = None
    """The new conversation, when the server sends it."""
    message: Message | None = None
    """The first message (usually still ``SUBMITTED``), when the server sends it."""
