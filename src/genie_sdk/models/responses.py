"""Agent mode and Genie One: responses, their output items, stream events and conversations.

Both APIs speak the same "responses" vocabulary (a response with a list of output items, streamed
as ``response.*`` events). The models are tolerant: they keep fields they do not know, and an
item of an unknown ``type`` is kept with its fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = [
    "AgentInputMessage",
    "AgentResponseRequest",
    "AssetAnnotation",
    "GenieOneConversation",
    "GenieOneItemList",
    "GenieOneResponseRequest",
    "GenieResponse",
    "InputText",
    "ItemList",
    "ListGenieOneConversationsResponse",
    "OutputContent",
    "OutputItem",
    "PreviewColumn",
    "PreviewMetadata",
    "StreamEvent",
]


class InputText(RequestModel):
    """One text part of a question."""

    type: str = "input_text"
    text: str


class AgentInputMessage(RequestModel):
    """The user's question, as the one input message of a request."""

    type: str = "message"
    role: str = "user"
    content: list[InputText]


class AgentResponseRequest(RequestModel):
    """Body of ``POST /genie/agents/{agent_id}/responses``."""

    input: list[AgentInputMessage]
    conversation_id: str | None = None


class GenieOneResponseRequest(RequestModel):
    """Body of ``POST /genie/one/responses`` (the service refuses fields it does not know)."""

    input: str
    conversation_id: str | None = None


class AssetAnnotation(GenieModel):
    """A source an answer part cites: a table, notebook, web page or another asset."""

    type: str | None = None
    """``asset`` for Genie One's asset annotations."""
    title: str | None = None
    asset_type: str | None = None
    """``TABLE``, ``NOTEBOOK``, ``WEB``, ...: values may be added."""
    identifier: str | None = None
    """The asset's identifier (a table's full name, a URL, ...)."""
    url: str | None = None


class PreviewColumn(GenieModel):
    """A column of a query's preview rows, with its SQL type."""

    name: str
    type: str | None = None
    """SQL type text such as ``STRING``, ``BIGINT`` or ``DECIMAL(27,2)``."""


class PreviewMetadata(GenieModel):
    """Rows of a query that an answer part carries, as text, with their column types."""

    sql: str | None = None
    columns: list[PreviewColumn] = Field(default_factory=list)
    preview_rows: list[list[str | None]] = Field(default_factory=list)
    status: str | None = None
    total_row_count: int | None = None


class OutputContent(GenieModel):
    """A part of an item's content: ``output_text``, ``input_text`` or ``reasoning_text``."""

    type: str | None = None
    text: str | None = None
    annotations: list[AssetAnnotation] = Field(default_factory=list)
    metadata: PreviewMetadata | None = None


class OutputItem(GenieModel):
    """An item of a response or conversation: ``reasoning``, ``function_call``,
    ``function_call_output`` or ``message`` (fields of the other kinds stay ``None``)."""

    type: str | None = None
    id: str | None = None
    status: str | None = None
    role: str | None = None
    """``assistant``, ``user`` or ``system`` (messages)."""
    content: list[OutputContent] = Field(default_factory=list)
    name: str | None = None
    """The tool called (``execute_sql``)."""
    call_id: str | None = None
    arguments: str | None = None
    """The call's arguments as a JSON string (``{"title", "sql"}`` for ``execute_sql``)."""
    output: str | None = None
    """A call's output: a title and a Markdown table."""
    phase: str | None = None
    """Genie One: which part of the answer (``final_answer``)."""
    create_time: str | None = None
    complete_time: str | None = None


class GenieResponse(GenieModel):
    """An agent-mode or Genie One response: its status and output items."""

    id: str
    object: str | None = None
    model: str | None = None
    status: str | None = None
    """``in_progress``, ``completed``, ``failed`` or ``incomplete``: values may be added."""
    output: list[OutputItem] = Field(default_factory=list)
    conversation_id: str
    created_at: int | None = None
    """Agent mode: epoch seconds."""
    create_time: str | None = None
    """Genie One: RFC 3339."""
    error: Any = None
    """The failure, when ``failed`` (its shape is not documented)."""


class StreamEvent(GenieModel):
    """One server-sent event of a response stream, decoded from its ``data``."""

    type: str
    sequence_number: int | None = None
    response: GenieResponse | None = None
    item: OutputItem | None = None
    output_index: int | None = None
    message: str | None = None
    """An ``error`` event's text."""
    error_code: str | None = None


class ItemList(GenieModel):
    """A page of an agent-mode conversation's items (``after`` the previous page's ``last_id``)."""

    object: str | None = None
    data: list[OutputItem] = Field(default_factory=list)
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None
    status: str | None = None
    """The conversation's latest response status, when the server says."""


class GenieOneConversation(GenieModel):
    """A Genie One conversation (without its items)."""

    conversation_id: str
    title: str | None = None
    create_time: str | None = None
    update_time: str | None = None
    status: str | None = None
    """The latest response's status, when given."""


class ListGenieOneConversationsResponse(GenieModel):
    """A page of Genie One conversations, newest update first."""

    conversations: list[GenieOneConversation] = Field(default_factory=list)
    next_page_token: str | None = None


class GenieOneItemList(GenieModel):
    """A page of a Genie One conversation's items."""

    object: str | None = None
    data: list[OutputItem] = Field(default_factory=list)
    next_page_token: str | None = None
