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
    """Always ``input_text``."""
    text: str
    """The question's text."""


class AgentInputMessage(RequestModel):
    """The user's question, as the one input message of a request."""

    type: str = "message"
    """Always ``message``."""
    role: str = "user"
    """Always ``user``."""
    content: list[InputText]
    """The question, as text parts."""


class AgentResponseRequest(RequestModel):
    """Body of ``POST /genie/agents/{agent_id}/responses``."""

    input: list[AgentInputMessage]
    """Exactly one user message: the question."""
    conversation_id: str | None = None
    """The conversation to continue; omitted to start one."""


class GenieOneResponseRequest(RequestModel):
    """Body of ``POST /genie/one/responses`` (the service refuses fields it does not know)."""

    input: str
    """The question (at most 25,000 bytes in UTF-8)."""
    conversation_id: str | None = None
    """The conversation to continue; omitted to start one."""


class AssetAnnotation(GenieModel):
    """A source an answer part cites: a table, notebook, web page or another asset."""

    type: str | None = None
    """``asset`` for Genie One's asset annotations."""
    title: str | None = None
    """The source's name."""
    asset_type: str | None = None
    """``TABLE``, ``NOTEBOOK``, ``WEB``, ...: values may be added."""
    identifier: str | None = None
    """The asset's identifier (a table's full name, a URL, ...)."""
    url: str | None = None
    """A link to the source, when given."""


class PreviewColumn(GenieModel):
    """A column of a query's preview rows, with its SQL type."""

    name: str
    """The column's name."""
    type: str | None = None
    """SQL type text such as ``STRING``, ``BIGINT`` or ``DECIMAL(27,2)``."""


class PreviewMetadata(GenieModel):
    """Rows of a query that an answer part carries, as text, with their column types."""

    sql: str | None = None
    """The query the rows come from."""
    columns: list[PreviewColumn] = Field(default_factory=list)
    """The columns, in order, with their SQL types."""
    preview_rows: list[list[str | None]] = Field(default_factory=list)
    """The first rows, each value as text (``None`` for NULL)."""
    status: str | None = None
    """``available`` when the rows are there."""
    total_row_count: int | None = None
    """Rows the query returned in all (more than the preview: partial)."""


class OutputContent(GenieModel):
    """A part of an item's content: ``output_text``, ``input_text`` or ``reasoning_text``."""

    type: str | None = None
    """``output_text``, ``input_text`` or ``reasoning_text``."""
    text: str | None = None
    """The part's text (Markdown for answers)."""
    annotations: list[AssetAnnotation] = Field(default_factory=list)
    """The sources this part cites."""
    metadata: PreviewMetadata | None = None
    """Preview rows of a query the part presents, when the server adds them."""


class OutputItem(GenieModel):
    """An item of a response or conversation: ``reasoning``, ``function_call``,
    ``function_call_output`` or ``message`` (fields of the other kinds stay ``None``)."""

    type: str | None = None
    """``reasoning``, ``function_call``, ``function_call_output`` or ``message``."""
    id: str | None = None
    """The item's id (a cursor for ``items(after=...)``)."""
    status: str | None = None
    """``in_progress`` or ``completed``: values may be added."""
    role: str | None = None
    """``assistant``, ``user`` or ``system`` (messages)."""
    content: list[OutputContent] = Field(default_factory=list)
    """Text parts (reasoning and messages)."""
    name: str | None = None
    """The tool called (``execute_sql``)."""
    call_id: str | None = None
    """The call an output belongs to (and a call's own id)."""
    arguments: str | None = None
    """The call's arguments as a JSON string (``{"title", "sql"}`` for ``execute_sql``)."""
    output: str | None = None
    """A call's output: a title and a Markdown table."""
    phase: str | None = None
    """Genie One: which part of the answer (``final_answer``)."""
    create_time: str | None = None
    """Genie One: when the item was created (RFC 3339)."""
    complete_time: str | None = None
    """Genie One: when the item was completed (RFC 3339)."""


class GenieResponse(GenieModel):
    """An agent-mode or Genie One response: its status and output items."""

    id: str
    """The response id (the ``response_id`` of cancel and get)."""
    object: str | None = None
    """Always ``response``."""
    model: str | None = None
    """``genie-agent`` or ``genie-one``."""
    status: str | None = None
    """``in_progress``, ``completed``, ``failed`` or ``incomplete``: values may be added."""
    output: list[OutputItem] = Field(default_factory=list)
    """The items written so far (all of them once completed)."""
    conversation_id: str
    """The conversation the response belongs to."""
    created_at: int | None = None
    """Agent mode: epoch seconds."""
    create_time: str | None = None
    """Genie One: RFC 3339."""
    error: Any = None
    """The failure, when ``failed`` (its shape is not documented)."""


class StreamEvent(GenieModel):
    """One server-sent event of a response stream, decoded from its ``data``."""

    type: str
    """The event's kind: ``response.created``, ``response.output_item.done``, ..."""
    sequence_number: int | None = None
    """Position of the event in the stream, from 0."""
    response: GenieResponse | None = None
    """The response (``created``, ``completed``, ``failed``)."""
    item: OutputItem | None = None
    """The item (``output_item`` events)."""
    output_index: int | None = None
    """The item's position in the response's output."""
    message: str | None = None
    """An ``error`` event's text."""
    error_code: str | None = None
    """An ``error`` event's code."""


class ItemList(GenieModel):
    """A page of an agent-mode conversation's items (``after`` the previous page's ``last_id``)."""

    object: str | None = None
    """Always ``list``."""
    data: list[OutputItem] = Field(default_factory=list)
    """The items of this page, oldest first."""
    first_id: str | None = None
    """The id of the page's first item."""
    last_id: str | None = None
    """The id of the page's last item: ``after`` for the next page."""
    has_more: bool | None = None
    """Whether items follow this page."""
    status: str | None = None
    """The conversation's latest response status, when the server says."""


class GenieOneConversation(GenieModel):
    """A Genie One conversation (without its items)."""

    conversation_id: str
    """The conversation's id."""
    title: str | None = None
    """The first question, cut to a title."""
    create_time: str | None = None
    """When it was created (RFC 3339)."""
    update_time: str | None = None
    """When it last changed (RFC 3339)."""
    status: str | None = None
    """The latest response's status, when given."""


class ListGenieOneConversationsResponse(GenieModel):
    """A page of Genie One conversations, newest update first."""

    conversations: list[GenieOneConversation] = Field(default_factory=list)
    """The conversations of this page."""
    next_page_token: str | None = None
    """The token of the next page, if any."""


class GenieOneItemList(GenieModel):
    """A page of a Genie One conversation's items."""

    object: str | None = None
    """Always ``list``."""
    data: list[OutputItem] = Field(default_factory=list)
    """The items of this page: questions and answers."""
    next_page_token: str | None = None
    """The token of the next page, if any."""
