"""``client.genie_one``: ask across the workspace's data (streamed), responses, conversations."""

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
from genie_sdk._core.endpoints.agent_mode import EVENT_STREAM, body_id
from genie_sdk.models import (
    GenieOneConversation,
    GenieOneItemList,
    GenieOneResponseRequest,
    GenieResponse,
    ListGenieOneConversationsResponse,
    OutputItem,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "create_response",
    "delete_conversation",
    "get_conversation",
    "get_response",
    "list_conversations",
    "list_items",
]

MAX_INPUT_BYTES = 25_000
"""The longest question Genie One takes, in UTF-8 bytes."""


def _one(*parts: str) -> str:
    return genie_path("one", *parts)


def _conversation(conversation_id: str, *rest: str) -> str:
    return _one("conversations", segment("conversation_id", conversation_id), *rest)


def create_response(question: str, *, conversation_id: str | None) -> Call[None]:
    """Ask Genie One ``question``; the answer is a stream of server-sent events.

    Raises:
        ValueError: the question is blank or longer than `MAX_INPUT_BYTES` in UTF-8.
    """
    size = len(non_empty("question", question).encode("utf-8"))
    if size > MAX_INPUT_BYTES:
        raise ValueError(
            f"question must be at most {MAX_INPUT_BYTES:,} bytes in UTF-8, got {size:,}"
        )
    body = request_body(
        GenieOneResponseRequest,
        input=question,
        conversation_id=(
            None if conversation_id is None else body_id("conversation_id", conversation_id)
        ),
    )
    return Call("POST", _one("responses"), decode_empty, body=body, headers=EVENT_STREAM)


def get_response(conversation_id: str, response_id: str) -> Call[GenieResponse]:
    """A response as it is now (it starts nothing)."""
    path = _conversation(conversation_id, "responses", segment("response_id", response_id))
    return Call(
        "GET", path, GenieResponse.model_validate, decode_json=GenieResponse.model_validate_json
    )


def list_conversations(
    *, page_size: int | None = None, page_token: str | None = None
) -> Call[Page[GenieOneConversation]]:
    """A page of the caller's Genie One conversations, newest update first."""
    return Call(
        "GET",
        _one("conversations"),
        decode_page(ListGenieOneConversationsResponse, "conversations"),
        decode_json=decode_page_json(ListGenieOneConversationsResponse, "conversations"),
        params=page_params(page_size, page_token),
    )


def get_conversation(conversation_id: str) -> Call[GenieOneConversation]:
    """One of the caller's conversations (without its items)."""
    return Call(
        "GET",
        _conversation(conversation_id),
        GenieOneConversation.model_validate,
        decode_json=GenieOneConversation.model_validate_json,
    )


def delete_conversation(conversation_id: str) -> Call[None]:
    """Delete one of the caller's conversations."""
    return Call("DELETE", _conversation(conversation_id), decode_empty)


def list_items(
    conversation_id: str, *, page_size: int | None = None, page_token: str | None = None
) -> Call[Page[OutputItem]]:
    """A page of a conversation's items (questions and answers)."""
    return Call(
        "GET",
        _conversation(conversation_id, "items"),
        decode_page(GenieOneItemList, "data"),
        decode_json=decode_page_json(GenieOneItemList, "data"),
        params=page_params(page_size, page_token),
    )
