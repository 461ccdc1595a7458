"""Typed models of Workato's headless genie API (private beta): conversations, messages, events.

The API's documents name the identifiers but not every field, so responses are read
tolerantly: unknown fields are kept, ids are read from ``id`` or their named field.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = [
    "ConnectionLink",
    "GenieEvent",
    "GenieMessage",
    "HeadlessConversation",
    "SendMessageRequest",
    "UploadedFile",
]


class HeadlessConversation(GenieModel):
    """A conversation with a genie."""

    conversation_id: str = Field(validation_alias=AliasChoices("conversation_id", "id"))
    """The conversation's id: every later request names it."""
    title: str | None = None
    """The conversation's title, when the server gives one."""
    created_at: str | None = None
    """When it was created (ISO 8601)."""


class UploadedFile(GenieModel):
    """A file uploaded to a conversation, to attach to a message."""

    file_id: str = Field(validation_alias=AliasChoices("file_id", "id"))
    """Pass it as ``file_id`` when sending the message."""
    name: str | None = None
    """The file's name."""


class GenieMessage(GenieModel):
    """One message of a conversation's history."""

    id: str | None = Field(default=None, validation_alias=AliasChoices("id", "message_id"))
    """The message's id."""
    role: str | None = None
    """Who wrote it: ``user`` or the genie (``assistant``)."""
    content: str | None = None
    """Its text."""
    genie_run_id: str | None = None
    """The run that wrote it (genie messages)."""
    created_at: str | None = None
    """When it was written (ISO 8601)."""


class GenieEvent(GenieModel):
    """One event of a genie run, as streamed or as listed by the events endpoint."""

    id: str | None = Field(default=None, validation_alias=AliasChoices("id", "event_id"))
    """The event's id (the stream's ``Last-Event-ID``)."""
    type: str = Field(default="", validation_alias=AliasChoices("type", "event", "event_type"))
    """What happened: ``processing.started``, ``agent.message``, ``skill.confirmation_required``,
    ``runtime_connection.auth_required``, ``processing.finished``..."""
    created_at: str | None = None
    """When it happened (ISO 8601): the cursor of ``since_created_at``."""
    genie_run_id: str | None = None
    """The run it belongs to."""
    conversation_id: str | None = None
    """The conversation it belongs to."""
    data: dict[str, Any] = Field(default_factory=dict)
    """The event's own fields (``call_id``, ``content``, ``auth_link``...)."""


class ConnectionLink(GenieModel):
    """The answer to a runtime connection's link request."""

    status: str | None = None
    """``auth_required`` (show ``auth_url`` to the user) or ``authorized`` (nothing to do)."""
    auth_link: dict[str, Any] | None = None
    """The link to authenticate with (``{"url": ...}``)."""

    @property
    def auth_url(self) -> str | None:
        """The URL the user opens to authenticate the connection."""
        url = (self.auth_link or {}).get("url")
        return url if isinstance(url, str) else None


class SendMessageRequest(RequestModel):
    """Body of ``POST .../conversations/{id}/messages``."""

    content: str
    """The message."""
    stream: bool = True
    """Stream the reply as server-sent events."""
    file_id: str | None = None
    """An uploaded file to attach."""
