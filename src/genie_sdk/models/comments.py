"""Comments on messages."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = ["CreateCommentRequest", "ListCommentsResponse", "MessageComment"]


class MessageComment(GenieModel):
    """A comment left on a message."""

    message_comment_id: str | None = None
    """Id of the comment."""
    space_id: str | None = None
    """Id of the space the commented message is in."""
    conversation_id: str | None = None
    """Id of the conversation the commented message is in."""
    message_id: str | None = None
    """Id of the message the comment is on."""
    content: str | None = None
    """Text of the comment."""
    user_id: int | None = None
    """Id of the user who wrote the comment."""
    created_timestamp: int | None = None
    """When the comment was created, in epoch milliseconds."""


class ListCommentsResponse(GenieModel):
    """One page of comments."""

    comments: list[MessageComment] = []
    """The comments on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class CreateCommentRequest(RequestModel):
    """Body of ``POST .../messages/{message_id}/comments``."""

    content: str
    """Text of the comment."""
