"""Genie One as plans: ask (streamed, resumed by getting the response), the answer, its hints."""

from __future__ import annotations

from dataclasses import dataclass, field

from genie_sdk._core.endpoints import genie_one
from genie_sdk._core.plans import Waiting
from genie_sdk._core.response_stream import RefusalHints, ResponseReader, follow, item_text
from genie_sdk._core.sse import MAX_EVENT_BYTES
from genie_sdk._core.steps import Emit, OpenStream, Plan, Sleep
from genie_sdk.errors import (
    DecodeError,
    ResponseTimeoutError,
)
from genie_sdk.models import AssetAnnotation, OutputItem

__all__ = ["GenieOneAnswer", "ask", "recover_by_get", "refused"]


@dataclass(frozen=True)
class GenieOneAnswer:
    """Genie One's answer: its text (Markdown), the assets it cites, and where it lives."""

    conversation_id: str
    response_id: str
    text: str
    """Every answer message of the response, in order."""
    annotations: list[AssetAnnotation]
    """The tables, notebooks and pages the answer cites."""
    items: list[OutputItem] = field(repr=False)
    """The response's output items as the server sent them."""
    status: str = "completed"

    def __str__(self) -> str:
        return self.text


def build_answer(reader: ResponseReader[GenieOneAnswer]) -> GenieOneAnswer:
    """The answer from a finished reader's items."""
    if reader.ids is None:
        raise DecodeError("the response completed before the server acknowledged it")
    items = [item for item in reader.items.values() if item.role != "system"]
    messages = [item for item in items if item.type == "message"]
    return GenieOneAnswer(
        conversation_id=reader.ids.conversation_id,
        response_id=reader.ids.response_id,
        text="\n\n".join(item_text(item) for item in messages if item_text(item)),
        annotations=[a for item in messages for part in item.content for a in part.annotations],
        items=items,
    )


def ask(
    question: str, waiting: Waiting, idle: float, *, conversation_id: str | None = None
) -> Plan[GenieOneAnswer]:
    """Check the arguments now; return the plan that streams the answer (resuming if cut)."""
    call = genie_one.create_response(question, conversation_id=conversation_id)
    reader = ResponseReader(build_answer, agent_id=None, conversation_id=conversation_id)
    where = (
        f"look at client.genie_one.conversations.items({conversation_id!r})"
        if conversation_id is not None
        else "look for a new conversation in client.genie_one.conversations.list()"
    )
    return follow(
        OpenStream(call, idle, MAX_EVENT_BYTES),
        reader,
        lambda reader, started: recover_by_get(reader, waiting, started),
        waiting,
        refused=refused,
        where_to_look=where + " before asking again",
    )


refused = RefusalHints(
    disabled="Genie One is a preview: a workspace admin turns on 'Genie One API' in Previews",
    conflict="A response is already running in this conversation: wait for it "
    "(genie_one.get_response), then ask again",
    denied="Genie One needs Consumer access or higher, SELECT on the data and, with OAuth, the "
    "'genie' scope",
)
"""Hints added to Genie One's refusals of a question."""


def recover_by_get(
    reader: ResponseReader[GenieOneAnswer], waiting: Waiting, started: float
) -> Plan[None]:
    """Get the response until it is finished, feeding the reader what the stream would have.

    Raises:
        ResponseTimeoutError: the response is still running at the polling timeout.
    """
    ids = reader.ids
    assert ids is not None
    rounds, last = 0, False
    while True:
        response = yield genie_one.get_response(ids.conversation_id, ids.response_id)
        before = len(reader.items)
        for event in reader.settle(response):
            yield Emit(event)
        if reader.finished:
            return
        if last:
            raise ResponseTimeoutError(
                response_id=ids.response_id,
                conversation_id=ids.conversation_id,
                agent_id=None,
                elapsed=waiting.clock() - started,
                hint=(
                    f"it goes on running: read it later with client.genie_one.get_response("
                    f"{ids.conversation_id!r}, {ids.response_id!r})"
                ),
            )
        rounds = 0 if len(reader.items) > before else rounds + 1
        wait, last = waiting.policy.step(rounds, waiting.clock() - started)
        yield Sleep(wait)
