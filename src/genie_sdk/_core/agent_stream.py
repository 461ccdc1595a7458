"""Agent mode as plans: ask (streamed, resumed from the conversation's items), and its hints."""

from __future__ import annotations

from genie_sdk._core.agent_answer import AgentAnswerData, build_agent_answer
from genie_sdk._core.calls import response_id
from genie_sdk._core.endpoints import agent_mode
from genie_sdk._core.pages import MAX_PAGES
from genie_sdk._core.plans import Waiting
from genie_sdk._core.response_stream import (
    TERMINAL,
    RefusalHints,
    ResponseReader,
    follow,
    is_final,
)
from genie_sdk._core.sse import MAX_EVENT_BYTES
from genie_sdk._core.steps import Emit, OpenStream, Plan, Sleep
from genie_sdk.errors import (
    DecodeError,
    ResponseTimeoutError,
)
from genie_sdk.models import OutputItem

__all__ = ["ask", "recover_from_items", "refused"]


def ask(
    agent_id: str,
    question: str,
    waiting: Waiting,
    idle: float,
    *,
    conversation_id: str | None = None,
) -> Plan[AgentAnswerData]:
    """Check the arguments now; return the plan that streams the answer (resuming if cut)."""
    call = agent_mode.create_response(agent_id, question, conversation_id=conversation_id)
    reader = ResponseReader(build_agent_answer, agent_id=agent_id, conversation_id=conversation_id)
    return follow(
        OpenStream(call, idle, MAX_EVENT_BYTES),
        reader,
        lambda reader, started: recover_from_items(reader, waiting, started),
        waiting,
        refused=refused,
        where_to_look=_where_to_look(agent_id, conversation_id),
    )


def _where_to_look(agent_id: str, conversation_id: str | None) -> str:
    if conversation_id is not None:
        return (
            f"look at the newest items of client.agent_mode.items({agent_id!r}, "
            f"{conversation_id!r}) before asking again"
        )
    return (
        f"look for a new conversation in client.conversations.list({agent_id!r}) before asking "
        "again"
    )


refused = RefusalHints(
    disabled="Agent mode is a preview: a workspace admin turns on 'Genie Agents Agent Mode API' "
    "under Previews",
    conflict="A response is already running in this conversation: wait for it (agent_mode.items) "
    "or cancel it (agent_mode.cancel), then ask again",
    denied="Asking needs CAN QUERY on the agent and, with OAuth, the 'genie' scope",
)
"""Hints added to agent mode's refusals of a question."""


def recover_from_items(
    reader: ResponseReader[AgentAnswerData], waiting: Waiting, started: float
) -> Plan[None]:
    """Poll the conversation's items after the last final one until the response finished.

    Only the items after the conversation's last question belong to this response. The cursor
    stays before an item that is not final yet, so it is listed again until it is.

    Raises:
        ResponseTimeoutError: the response is still running at the polling timeout.
    """
    ids = reader.ids
    assert ids is not None
    assert ids.agent_id is not None
    rounds, cursor, last = 0, None, False
    while True:
        turn, status, after = yield from _turn_items(ids.agent_id, ids.conversation_id, cursor)
        cursor = after or cursor
        before = len(reader.items)
        for item in turn:
            for event in reader.take(item, final=False):
                yield Emit(event)
        if status in TERMINAL:
            for event in reader.finish(status):
                yield Emit(event)
            return
        if last:
            raise ResponseTimeoutError(
                response_id=ids.response_id,
                conversation_id=ids.conversation_id,
                agent_id=ids.agent_id,
                elapsed=waiting.clock() - started,
                hint=(
                    f"it goes on running: read it later with client.agent_mode.items("
                    f"{ids.agent_id!r}, {ids.conversation_id!r})"
                ),
            )
        rounds = 0 if len(reader.items) > before else rounds + 1
        wait, last = waiting.policy.step(rounds, waiting.clock() - started)
        yield Sleep(wait)


def _turn_items(
    agent_id: str, conversation_id: str, cursor: str | None
) -> Plan[tuple[list[OutputItem], str | None, str | None]]:
    """The items of the running turn after ``cursor``, the listing's status, the next cursor."""
    turn: list[OutputItem] = []
    status: str | None = None
    after, following = cursor, cursor
    for _ in range(MAX_PAGES):
        page = yield agent_mode.list_items(agent_id, conversation_id, after=following)
        status = page.status or status
        for item in page.data:
            if item.type == "message" and item.role == "user":
                turn, after = [], _cursor(item.id)
            else:
                turn.append(item)
        if not page.has_more or not page.last_id or page.last_id == following:
            break
        following = response_id("last_id", page.last_id)
    else:
        raise DecodeError(f"the items listing did not end after {MAX_PAGES:,} pages")
    for item in turn:
        if not is_final(item) or not item.id:
            break
        after = _cursor(item.id)
    return turn, status, after


def _cursor(item_id: str | None) -> str | None:
    """An item id to list after, checked (``None`` when the item has none)."""
    return response_id("item id", item_id) if item_id else None
