"""``client.messages``: messages, feedback, comments, query results, downloads and charts."""

from __future__ import annotations

from urllib.parse import quote

from genie_sdk._core.calls import Call, Page, genie_path, segment, segment_problem
from genie_sdk._core.endpoints._common import (
    decode_empty,
    decode_page,
    decode_page_json,
    decode_statement,
    non_empty,
    page_params,
    request_body,
)
from genie_sdk.models import (
    CreateCommentRequest,
    FeedbackRating,
    GenerateDownloadResponse,
    ListCommentsResponse,
    ListMessagesResponse,
    Message,
    MessageComment,
    SendFeedbackRequest,
    SendMessageRequest,
    StatementResponse,
)


def _message_path(space_id: str, conversation_id: str, *rest: str) -> str:
    return genie_path(
        "spaces",
        segment("space_id", space_id),
        "conversations",
        segment("conversation_id", conversation_id),
        "messages",
        *rest,
    )


def _attachment_path(
    space_id: str, conversation_id: str, message_id: str, attachment_id: str, *rest: str
) -> str:
    return _message_path(
        space_id,
        conversation_id,
        segment("message_id", message_id),
        "attachments",
        segment("attachment_id", attachment_id),
        *rest,
    )


def create_message(
    space_id: str, conversation_id: str, content: str, *, enable_visualization: bool | None = None
) -> Call[Message]:
    """Ask a follow-up question in a conversation."""
    body = request_body(
        SendMessageRequest,
        content=non_empty("content", content),
        enable_visualization=enable_visualization,
    )
    return Call(
        "POST",
        _message_path(space_id, conversation_id),
        Message.model_validate,
        decode_json=Message.model_validate_json,
        body=body,
    )


def get_message(space_id: str, conversation_id: str, message_id: str) -> Call[Message]:
    """Get a message with its status and attachments (poll this while Genie works)."""
    path = _message_path(space_id, conversation_id, segment("message_id", message_id))
    return Call("GET", path, Message.model_validate, decode_json=Message.model_validate_json)


def list_messages(
    space_id: str,
    conversation_id: str,
    *,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[Message]]:
    """List the messages of a conversation."""
    return Call(
        "GET",
        _message_path(space_id, conversation_id),
        decode_page(ListMessagesResponse, "messages"),
        decode_json=decode_page_json(ListMessagesResponse, "messages"),
        params=page_params(page_size, page_token),
    )


def delete_message(space_id: str, conversation_id: str, message_id: str) -> Call[None]:
    """Delete a message."""
    path = _message_path(space_id, conversation_id, segment("message_id", message_id))
    return Call("DELETE", path, decode_empty)


def send_feedback(
    space_id: str,
    conversation_id: str,
    message_id: str,
    rating: FeedbackRating | str,
    *,
    comment: str | None = None,
) -> Call[None]:
    """Rate an answer ``POSITIVE``, ``NEGATIVE`` or ``NONE`` (clears the rating)."""
    try:
        value = FeedbackRating(rating)
    except ValueError:
        raise ValueError(
            f"rating must be one of POSITIVE, NEGATIVE, NONE, got {rating!r}"
        ) from None
    body = request_body(SendFeedbackRequest, rating=value, comment=comment)
    path = _message_path(space_id, conversation_id, segment("message_id", message_id), "feedback")
    return Call("POST", path, decode_empty, body=body)


def create_comment(
    space_id: str, conversation_id: str, message_id: str, content: str
) -> Call[MessageComment]:
    """Leave a comment on a message."""
    body = request_body(CreateCommentRequest, content=non_empty("content", content))
    path = _message_path(space_id, conversation_id, segment("message_id", message_id), "comments")
    return Call(
        "POST",
        path,
        MessageComment.model_validate,
        decode_json=MessageComment.model_validate_json,
        body=body,
    )


def list_message_comments(
    space_id: str,
    conversation_id: str,
    message_id: str,
    *,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[MessageComment]]:
    """List the comments on a message."""
    path = _message_path(space_id, conversation_id, segment("message_id", message_id), "comments")
    return Call(
        "GET",
        path,
        decode_page(ListCommentsResponse, "comments"),
        decode_json=decode_page_json(ListCommentsResponse, "comments"),
        params=page_params(page_size, page_token),
    )


def get_query_result(
    space_id: str, conversation_id: str, message_id: str, attachment_id: str
) -> Call[StatementResponse]:
    """Get the SQL result of a query attachment (first 5,000 rows inline)."""
    path = _attachment_path(space_id, conversation_id, message_id, attachment_id, "query-result")
    return Call("GET", path, decode_statement)


def execute_query(
    space_id: str, conversation_id: str, message_id: str, attachment_id: str
) -> Call[StatementResponse]:
    """Run a query attachment's SQL again, e.g. after its results expired."""
    path = _attachment_path(space_id, conversation_id, message_id, attachment_id, "execute-query")
    return Call("POST", path, decode_statement)


def generate_download(
    space_id: str, conversation_id: str, message_id: str, attachment_id: str
) -> Call[GenerateDownloadResponse]:
    """Start exporting a query attachment's full result (beyond the inline cap)."""
    path = _attachment_path(space_id, conversation_id, message_id, attachment_id, "downloads")
    return Call(
        "POST",
        path,
        GenerateDownloadResponse.model_validate,
        decode_json=GenerateDownloadResponse.model_validate_json,
    )


def get_download(
    space_id: str,
    conversation_id: str,
    message_id: str,
    attachment_id: str,
    download_id: str,
    download_id_signature: str,
) -> Call[StatementResponse]:
    """Get an export's state; once ``SUCCEEDED`` its result holds the external links."""
    path = _attachment_path(
        space_id,
        conversation_id,
        message_id,
        attachment_id,
        "downloads",
        segment("download_id", download_id),
    )
    params = {"download_id_signature": non_empty("download_id_signature", download_id_signature)}
    return Call("GET", path, decode_statement, params=params)


def download_visualization(name: str) -> Call[bytes]:
    """Download a chart of a completed message as PNG bytes; ``name`` is its resource name."""
    parts = non_empty("name", name).strip("/").split("/")
    if any(segment_problem(part) for part in parts):
        raise ValueError(
            "name must be a visualization resource name (segments joined by '/', each plain "
            f"text, not '.' or '..'), got {ascii(name)[:60]}"
        )
    path = genie_path(*(quote(part, safe="") for part in parts), "download-visualization")
    return Call("GET", path, bytes, raw=True)


def get_message_query_result(
    space_id: str, conversation_id: str, message_id: str
) -> Call[StatementResponse]:
    """Deprecated: get the query result of a message without naming the attachment."""
    path = _message_path(
        space_id, conversation_id, segment("message_id", message_id), "query-result"
    )
    return Call("GET", path, decode_statement)


def get_query_result_by_attachment(
    space_id: str, conversation_id: str, message_id: str, attachment_id: str
) -> Call[StatementResponse]:
    """Deprecated: get a query attachment's result through the message-level path."""
    path = _message_path(
        space_id,
        conversation_id,
        segment("message_id", message_id),
        "query-result",
        segment("attachment_id", attachment_id),
    )
    return Call("GET", path, decode_statement)


def execute_message_query(
    space_id: str, conversation_id: str, message_id: str
) -> Call[StatementResponse]:
    """Deprecated: run a message's SQL again without naming the attachment."""
    path = _message_path(
        space_id, conversation_id, segment("message_id", message_id), "execute-query"
    )
    return Call("POST", path, decode_statement)
