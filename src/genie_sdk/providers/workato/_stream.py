"""A genie's streamed reply as a plan: read its events once each, and resume a cut stream.

The shared machinery reads the stream (`follow`): before the server named the run, a cut
stream is an error and nothing is sent again; after, `recover` reconnects to the run with
``Last-Event-ID``, then falls back to listing the conversation's events ``since_created_at``.
`WorkatoReader` gives each event once (by event id), so the caller sees the same events as on
an uncut stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from genie_sdk._core.events import Event, ReasoningStep, ResponseIds, StatusChanged, TextReady
from genie_sdk._core.plans import Waiting
from genie_sdk._core.response_stream import ResponseReader, follow
from genie_sdk._core.sse import MAX_EVENT_BYTES, SseMessage, event_data
from genie_sdk._core.steps import Emit, OpenStream, Plan, ReadStream
from genie_sdk.errors import ApiError, DecodeError, TransportError
from genie_sdk.providers._polling import Pacer
from genie_sdk.providers.workato import _calls
from genie_sdk.providers.workato.errors import StreamLostError
from genie_sdk.providers.workato.events import (
    ConnectionAuthorized,
    ConnectionAuthRequired,
    SkillConfirmationRequired,
)
from genie_sdk.providers.workato.models import GenieEvent

__all__ = ["GenieReply", "WorkatoReader", "ask"]

RECONNECTS = 3
"""Reconnections to a run's stream before falling back to the events endpoint."""
_FAILED = frozenset({"failed", "error", "cancelled", "canceled", "incomplete"})


@dataclass(frozen=True)
class GenieReply:
    """A headless genie's reply to one message.

    Attributes:
        genie_handle: The genie that replied.
        conversation_id: The conversation.
        genie_run_id: The run that wrote the reply.
        text: The reply's text (its messages joined), or ``None``.
        messages: Each ``agent.message`` of the run, in order.
        events: Every event of the run as received, once each.
    """

    genie_handle: str
    conversation_id: str
    genie_run_id: str
    text: str | None
    messages: list[str] = field(default_factory=list)
    events: list[GenieEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def ids(self) -> ResponseIds:
        """``(conversation_id, genie_run_id, genie_handle)``."""
        return ResponseIds(self.conversation_id, self.genie_run_id, self.genie_handle)

    def __str__(self) -> str:
        return self.text or f"<no text in run {self.genie_run_id}>"


def _build(reader: ResponseReader[GenieReply]) -> GenieReply:
    assert isinstance(reader, WorkatoReader)
    assert reader.ids is not None
    ids = reader.ids
    messages = list(reader.messages)
    text = "\n\n".join(m for m in messages if m) or None
    return GenieReply(
        reader.genie_handle, ids.conversation_id, ids.response_id, text, messages, reader.events
    )


def _text(data: dict[str, object], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            return value
    return None


class WorkatoReader(ResponseReader[GenieReply]):
    """What is known of one genie run: its ids, its events (each once) and the cursors to resume.

    An event is known by its id; one without an id by its type, time and data.

    Attributes:
        last_event_id: The id of the last event received (``Last-Event-ID`` on reconnect).
        last_created_at: Its ``created_at`` (``since_created_at`` of the events endpoint).
    """

    def __init__(self, genie_handle: str, conversation_id: str) -> None:
        super().__init__(_build, agent_id=genie_handle, conversation_id=conversation_id)
        self.genie_handle = genie_handle
        self.conversation_id = conversation_id
        self.seen: set[str] = set()
        self.last_event_id: str | None = None
        self.last_created_at: str | None = None
        self.messages: list[str] = []
        self.events: list[GenieEvent] = []

    def feed(self, message: SseMessage) -> Iterator[Event]:
        """The events one server-sent event brings (none for repeats and unknown types)."""
        data = event_data(message)
        if data is None:
            return
        try:
            event = GenieEvent.model_validate(data)
        except ValidationError as error:
            raise DecodeError(f"a genie event could not be decoded: {error}") from None
        if not event.type and message.event:
            event = event.model_copy(update={"type": message.event})
        if event.id is None and message.id:
            event = event.model_copy(update={"id": message.id})
        yield from self.take_event(event)

    def take_event(self, event: GenieEvent) -> Iterator[Event]:
        """The SDK events one genie event brings, the first time it is seen."""
        if self.ids is not None and event.genie_run_id not in (None, self.ids.response_id):
            return  # another run of the conversation (the events endpoint lists them all)
        key = event.id or json.dumps(
            [event.type, event.created_at, event.data], sort_keys=True, default=str
        )
        if key in self.seen:
            return
        self.seen.add(key)
        if event.id is not None:
            self.last_event_id = event.id
        if event.created_at:
            self.last_created_at = event.created_at
        self.events.append(event)
        if self.ids is None and event.genie_run_id:
            self.ids = ResponseIds(self.conversation_id, event.genie_run_id, self.genie_handle)
            yield StatusChanged("processing", ids=self.ids)
        yield from self._meaning(event)

    def _meaning(self, event: GenieEvent) -> Iterator[Event]:
        # The fields may come nested under ``data`` or beside ``type``: read both.
        ids, data, kind = self.ids, {**(event.model_extra or {}), **event.data}, event.type
        if kind in ("agent.thinking", "agent.reasoning", "agent.step"):
            text = _text(data, "content", "text")
            if text:
                yield ReasoningStep(text, event.id, ids=ids)
        elif kind == "agent.message":
            text = _text(data, "content", "text") or ""
            self.messages.append(text)
            yield TextReady(text, event.id, ids=ids)
        elif kind == "skill.confirmation_required":
            call_id = _text(data, "call_id")
            if call_id is None:
                raise DecodeError("a skill.confirmation_required event carried no call_id")
            arguments = data.get("arguments")
            yield SkillConfirmationRequired(
                call_id,
                _text(data, "skill", "skill_name", "name"),
                arguments if isinstance(arguments, dict) else {},
                ids=ids,
            )
        elif kind == "runtime_connection.auth_required":
            attempt = _text(data, "runtime_connection_attempt_id")
            if attempt is None:
                raise DecodeError("a runtime_connection.auth_required event carried no attempt id")
            link = data.get("auth_link")
            url = link.get("url") if isinstance(link, dict) else link
            yield ConnectionAuthRequired(
                attempt,
                url if isinstance(url, str) else None,
                _text(data, "connection", "connection_name"),
                ids=ids,
            )
        elif kind == "runtime_connection.auth_success":
            yield ConnectionAuthorized(_text(data, "runtime_connection_attempt_id"), ids=ids)
        elif kind in ("processing.finished", "processing.failed", "error"):
            status = _text(data, "status") or ("failed" if kind != "processing.finished" else "")
            error = _text(data, "error", "message")
            yield from self.finish("failed" if status.lower() in _FAILED else "completed", error)


def ask(
    genie_handle: str,
    conversation_id: str,
    content: str,
    waiting: Waiting,
    idle: float,
    *,
    file_id: str | None = None,
) -> Plan[GenieReply]:
    """Check the arguments now; return the plan that streams the reply (resuming if cut)."""
    call = _calls.send_message(genie_handle, conversation_id, content, file_id=file_id)
    reader = WorkatoReader(genie_handle, conversation_id)
    return follow(
        OpenStream(call, idle, MAX_EVENT_BYTES),
        reader,
        lambda _, started: recover(reader, waiting, idle, started),
        waiting,
        refused=lambda error: error,
        where_to_look=(
            f"look at client.messages({genie_handle!r}, {conversation_id!r}) before sending again"
        ),
    )


def recover(reader: WorkatoReader, waiting: Waiting, idle: float, started: float) -> Plan[None]:
    """Finish a run whose stream dropped: reconnect with ``Last-Event-ID``, then list events.

    Both stop at the polling timeout, counted from ``started`` (when the message was sent).

    Raises:
        StreamLostError: the run did not finish within the polling timeout.
    """
    ids = reader.ids
    assert ids is not None
    handle, conversation, run = reader.genie_handle, ids.conversation_id, ids.response_id
    for _ in range(RECONNECTS):
        call = _calls.reconnect(handle, conversation, run, reader.last_event_id)
        try:
            stream = yield OpenStream(call, idle, MAX_EVENT_BYTES)
        except (ApiError, TransportError):
            break
        while not reader.finished:
            try:
                message = yield ReadStream(stream)
            except TransportError:
                break
            if message is None:
                break
            for event in reader.feed(message):
                yield Emit(event)
            if waiting.clock() - started >= waiting.policy.timeout:
                break
        if reader.finished:
            return
        if waiting.clock() - started >= waiting.policy.timeout:
            break
    yield from _poll_events(reader, waiting, started)


def _poll_events(reader: WorkatoReader, waiting: Waiting, started: float) -> Plan[None]:
    ids = reader.ids
    assert ids is not None

    def lost(elapsed: float) -> StreamLostError:
        return StreamLostError(
            f"still running after {elapsed:.1f}s of listing its events",
            conversation_id=ids.conversation_id,
            genie_run_id=ids.response_id,
        )

    pacer = Pacer(waiting, lost, started)
    while True:
        call = _calls.list_events(reader.genie_handle, ids.conversation_id, reader.last_created_at)
        for listed in (yield from pacer.send(call)):
            for event in reader.take_event(listed):
                yield Emit(event)
        if reader.finished:
            return
        yield pacer.next_sleep(reader.last_event_id)
