"""The headless genie API's requests, as data (no I/O)."""

from __future__ import annotations

import os
from typing import Any

from pydantic import TypeAdapter

from genie_sdk._core.calls import Call, segment
from genie_sdk._core.endpoints._common import decode_empty, non_empty, request_body
from genie_sdk.errors import DecodeError
from genie_sdk.providers.workato.models import (
    ConnectionLink,
    GenieEvent,
    GenieMessage,
    HeadlessConversation,
    SendMessageRequest,
    UploadedFile,
)

__all__ = [
    "approve_skill",
    "connection_link",
    "create_conversation",
    "list_events",
    "list_messages",
    "reconnect",
    "reject_connection",
    "send_message",
    "upload",
]

EVENT_STREAM = {"Accept": "text/event-stream"}
MAX_UPLOAD_BYTES = 100 * 2**20
"""Largest file this client uploads (the API does not document a limit)."""

_EVENTS = TypeAdapter(list[GenieEvent])
_MESSAGES = TypeAdapter(list[GenieMessage])


def _chat(genie_handle: str, *rest: str) -> str:
    return "/".join(("/api/v1/genies", segment("genie_handle", genie_handle), "chat", *rest))


def _conversation(genie_handle: str, conversation_id: str, *rest: str) -> str:
    return _chat(genie_handle, "conversations", segment("conversation_id", conversation_id), *rest)


def _listed(data: Any, *keys: str) -> Any:
    """The list in a response: the body itself, or under one of ``keys``."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                return data[key]
    raise DecodeError(f"expected a list (or an object with {', '.join(keys)})")


def create_conversation(genie_handle: str) -> Call[HeadlessConversation]:
    """``POST .../chat/conversations``: a new conversation."""
    return Call(
        "POST",
        _chat(genie_handle, "conversations"),
        HeadlessConversation.model_validate,
        body={},
    )


def send_message(
    genie_handle: str, conversation_id: str, content: str, *, file_id: str | None = None
) -> Call[None]:
    """``POST .../messages`` with ``stream: true``: the reply is a stream of server-sent events."""
    if file_id is not None:
        segment("file_id", file_id)
    body = request_body(
        SendMessageRequest, content=non_empty("content", content), stream=True, file_id=file_id
    )
    path = _conversation(genie_handle, conversation_id, "messages")
    return Call("POST", path, decode_empty, body=body, headers=EVENT_STREAM)


def reconnect(
    genie_handle: str, conversation_id: str, genie_run_id: str, last_event_id: str | None
) -> Call[None]:
    """``GET .../genie-runs/{run}``: the run's stream again, after ``Last-Event-ID`` when given."""
    headers = dict(EVENT_STREAM)
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    path = _conversation(
        genie_handle, conversation_id, "genie-runs", segment("genie_run_id", genie_run_id)
    )
    return Call("GET", path, decode_empty, headers=headers)


def list_events(
    genie_handle: str, conversation_id: str, since_created_at: str | None
) -> Call[list[GenieEvent]]:
    """``GET .../conversations/events``: a conversation's events after ``since_created_at``."""
    params = {"conversation_id": segment("conversation_id", conversation_id)}
    if since_created_at is not None:
        params["since_created_at"] = non_empty("since_created_at", since_created_at)
    return Call(
        "GET",
        _chat(genie_handle, "conversations", "events"),
        lambda data: _EVENTS.validate_python(_listed(data, "events", "data", "items")),
        params=params,
    )


def list_messages(genie_handle: str, conversation_id: str) -> Call[list[GenieMessage]]:
    """``GET .../messages``: a conversation's message history."""
    return Call(
        "GET",
        _conversation(genie_handle, conversation_id, "messages"),
        lambda data: _MESSAGES.validate_python(_listed(data, "messages", "data", "items")),
    )


def upload(
    genie_handle: str,
    conversation_id: str,
    name: str,
    content: bytes,
    media_type: str = "application/octet-stream",
) -> Call[UploadedFile]:
    """``POST .../upload``: a file to attach to the next message (multipart)."""
    name = os.path.basename(non_empty("name", name))
    if not isinstance(content, bytes):
        raise ValueError(f"content must be bytes, got {type(content).__name__}")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"the file is larger than {MAX_UPLOAD_BYTES:,} bytes")
    return Call(
        "POST",
        _conversation(genie_handle, conversation_id, "upload"),
        UploadedFile.model_validate,
        files={"file": (name, content, non_empty("media_type", media_type))},
    )


def approve_skill(
    genie_handle: str, conversation_id: str, call_id: str, approved: bool
) -> Call[None]:
    """``POST .../skill_approval/{call_id}``: let a paused skill call run, or refuse it."""
    if not isinstance(approved, bool):
        raise ValueError("approved must be True or False")
    path = _conversation(
        genie_handle, conversation_id, "skill_approval", segment("call_id", call_id)
    )
    return Call("POST", path, decode_empty, body={"approved": approved})


def connection_link(genie_handle: str, attempt_id: str) -> Call[ConnectionLink]:
    """``POST .../runtime_connection/{attempt}/link``: the link the user authenticates at."""
    path = _chat(genie_handle, "runtime_connection", segment("attempt_id", attempt_id), "link")
    return Call("POST", path, ConnectionLink.model_validate, body={})


def reject_connection(genie_handle: str, attempt_id: str) -> Call[None]:
    """``POST .../runtime_connection/{attempt}/reject``: cancel the connection request."""
    path = _chat(genie_handle, "runtime_connection", segment("attempt_id", attempt_id), "reject")
    return Call("POST", path, decode_empty, body={})
