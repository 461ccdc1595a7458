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
    conversation_id: str | None = None
    space_id: str | None = None
    title: str | None = None
    user_id: int | None = None
    created_timestamp: int | None = None
    last_updated_timestamp: int | None = None


class ConversationSummary(GenieModel):
    """A conversation as listed in a space."""

    conversation_id: str
    title: str | None = None
    created_timestamp: int | None = None
    agent_type: Open[AgentType] | None = None


class ListConversationsResponse(GenieModel):
    """One page of conversations."""

    conversations: list[ConversationSummary] = []
    next_page_token: str | None = None


class StartConversationRequest(RequestModel):
    """Body of ``POST /spaces/{space_id}/start-conversation``."""

    content: str
    enable_visualization: bool | None = None


class StartConversationResponse(GenieModel):
    """The new conversation and its first message."""

    conversation_id: str
    message_id: str
    conversation: Conversation | None = None
    message: Message | None = None
