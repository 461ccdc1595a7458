"""``client.conversations``: start, list and delete conversations, list their comments."""

from __future__ import annotations

from genie_sdk._core.calls import Call, Page, genie_path, segment
from genie_sdk._core.endpoints._common import (
    decode_empty,
    decode_page,
    decode_page_json,
    non_empty,
    page_params,
    request_body,
)
from genie_sdk.models import (
    ConversationSummary,
    ListCommentsResponse,
    ListConversationsResponse,
    MessageComment,
    StartConversationRequest,
    StartConversationResponse,
)


def _conversations(space_id: str, *rest: str) -> str:
    return genie_path("spaces", segment("space_id", space_id), *rest)


def start_conversation(
    space_id: str, content: str, *, enable_visualization: bool | None = None
) -> Call[StartConversationResponse]:
    """Start a conversation with a first question; returns the conversation and message ids."""
    body = request_body(
        StartConversationRequest,
        content=non_empty("content", content),
        enable_visualization=enable_visualization,
    )
    return Call(
        "POST",
        _conversations(space_id, "start-conversation"),
        StartConversationResponse.model_validate,
        decode_json=StartConversationResponse.model_validate_json,
        body=body,
    )


def list_conversations(
    space_id: str,
    *,
    include_all: bool | None = None,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[ConversationSummary]]:
    """List conversations in a space (``include_all=True``: every user's, for space managers)."""
    return Call(
        "GET",
        _conversations(space_id, "conversations"),
        decode_page(ListConversationsResponse, "conversations"),
        decode_json=decode_page_json(ListConversationsResponse, "conversations"),
        params=page_params(page_size, page_token, include_all=include_all),
    )


def delete_conversation(space_id: str, conversation_id: str) -> Call[None]:
    """Delete a conversation."""
    path = _conversations(space_id, "conversations", segment("conversation_id", conversation_id))
    return Call("DELETE", path, decode_empty)


def list_conversation_comments(
    space_id: str,
    conversation_id: str,
    *,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[MessageComment]]:
    """List the comments on every message of a conversation."""
    path = _conversations(
        space_id, "conversations", segment("conversation_id", conversation_id), "list-comments"
    )
    return Call(
        "GET",
        path,
        decode_page(ListCommentsResponse, "comments"),
        decode_json=decode_page_json(ListCommentsResponse, "comments"),
        params=page_params(page_size, page_token),
    )
