"""``client.agent_mode``: ask a Genie Agent (streamed), list a conversation's items, cancel."""

from __future__ import annotations

from genie_sdk._core.calls import Call, Page, genie_path, segment
from genie_sdk._core.endpoints._common import decode_empty, non_empty, request_body
from genie_sdk._core.pages import PageCall
from genie_sdk.models import (
    AgentInputMessage,
    AgentResponseRequest,
    InputText,
    ItemList,
    Message,
    OutputItem,
)
from genie_sdk.models._base import unicode_problem

__all__ = [
    "EVENT_STREAM",
    "body_id",
    "cancel_response",
    "create_response",
    "item_page",
    "list_items",
]

EVENT_STREAM = {"Accept": "text/event-stream"}
MAX_ITEMS_PAGE = 100


def body_id(name: str, value: str) -> str:
    """An id for a request body, checked like a path segment (and sent as given)."""
    segment(name, value)
    return value


def _agent(agent_id: str, *rest: str) -> str:
    return genie_path("agents", segment("agent_id", agent_id), *rest)


def create_response(agent_id: str, question: str, *, conversation_id: str | None) -> Call[None]:
    """Ask ``question`` in agent mode; the answer is a stream of server-sent events."""
    body = request_body(
        AgentResponseRequest,
        input=[AgentInputMessage(content=[InputText(text=non_empty("question", question))])],
        conversation_id=(
            None if conversation_id is None else body_id("conversation_id", conversation_id)
        ),
    )
    return Call(
        "POST", _agent(agent_id, "responses"), decode_empty, body=body, headers=EVENT_STREAM
    )


def list_items(
    agent_id: str,
    conversation_id: str,
    *,
    after: str | None = None,
    limit: int | None = None,
    order: str | None = None,
) -> Call[ItemList]:
    """A page of a conversation's items after the item ``after`` (``None``: from the start)."""
    params: dict[str, str] = {}
    if limit is not None:
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 1 <= limit <= MAX_ITEMS_PAGE
        ):
            raise ValueError(f"limit must be an integer from 1 to {MAX_ITEMS_PAGE}, got {limit!r}")
        params["limit"] = str(limit)
    if after is not None:
        unicode_problem("after", non_empty("after", after))
        params["after"] = after
    if order is not None:
        if order not in ("asc", "desc"):
            raise ValueError(f"order must be 'asc' or 'desc', got {order!r}")
        params["order"] = order
    path = _agent(agent_id, "conversations", segment("conversation_id", conversation_id), "items")
    return Call(
        "GET",
        path,
        ItemList.model_validate,
        decode_json=ItemList.model_validate_json,
        params=params,
    )


def item_page(
    agent_id: str, conversation_id: str, *, limit: int | None = None
) -> PageCall[OutputItem]:
    """The `PageCall` of `list_items`: the page token is the ``after`` cursor."""

    def page(*, page_token: str | None) -> Call[Page[OutputItem]]:
        call = list_items(agent_id, conversation_id, after=page_token, limit=limit)
        return Call(
            call.method,
            call.path,
            lambda data: _page(ItemList.model_validate(data)),
            decode_json=lambda content: _page(ItemList.model_validate_json(content)),
            params=call.params,
        )

    return page


def _page(items: ItemList) -> Page[OutputItem]:
    following = items.last_id if items.has_more and items.data else None
    return Page(items=list(items.data), next_page_token=following)


def cancel_response(agent_id: str, conversation_id: str, response_id: str) -> Call[Message]:
    """Ask the agent to stop a response at its next step; returns the turn as a chat message."""
    path = _agent(
        agent_id,
        "conversations",
        segment("conversation_id", conversation_id),
        "responses",
        segment("response_id", response_id),
        "cancel",
    )
    return Call(
        "POST", path, Message.model_validate, decode_json=Message.model_validate_json, body={}
    )
