"""Comments on messages."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = ["CreateCommentRequest", "ListCommentsResponse", "MessageComment"]


class MessageComment(GenieModel):
    """A comment left on a message."""

    message_comment_id: str | None = None
    space_id: str | None = None
    conversation_id: str | None = None
    message_id: str | None = None
    content: str | None = None
    user_id: int | None = None
    created_timestamp: int | None = None


class ListCommentsResponse(GenieModel):
    """One page of comments."""

    comments: list[MessageComment] = []
    next_page_token: str | None = None


class CreateCommentRequest(RequestModel):
    """Body of ``POST .../messages/{message_id}/comments``."""

    content: str
