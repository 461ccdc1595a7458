"""A streamed response as a plan: read its events, and resume without asking again when it drops.

Provider-neutral: `ResponseReader` turns the ``response.*`` vocabulary (created, output items,
completed, failed) into the SDK's events, once each (by sequence number, and by item id however
often an item is seen: streamed, replayed in ``response.completed`` or listed while resuming).
`follow` reads the stream; when it drops after the server acknowledged the question, it hands
the same reader to a `Recovery` plan (one per API: listing items after a cursor, getting the
response, or reconnecting with a last-event id), which feeds it what the stream would have.
Before the acknowledgement nothing is sent again: a second POST could start a second answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from genie_sdk._core.calls import response_id
from genie_sdk._core.events import (
    AnswerReady,
    Event,
    ReasoningStep,
    ResponseIds,
    ResultReady,
    SqlReady,
    StatusChanged,
    TextReady,
)
from genie_sdk._core.plans import Waiting
from genie_sdk._core.sse import SseMessage, event_data
from genie_sdk._core.steps import Emit, OpenStream, Plan, ReadStream
from genie_sdk.errors import (
    ApiError,
    ConflictError,
    DecodeError,
    FeatureDisabledError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFailedError,
    StreamInterruptedError,
    TransportError,
)
from genie_sdk.models import GenieResponse, OutputItem, StreamEvent

A = TypeVar("A")

__all__ = [
    "TERMINAL",
    "Recovery",
    "RefusalHints",
    "ResponseReader",
    "follow",
    "is_final",
    "item_sql",
    "item_text",
    "with_hint",
]

TERMINAL = frozenset({"completed", "failed", "incomplete", "cancelled"})
"""Statuses a response does not leave."""

Recovery = Callable[["ResponseReader[Any]", float], Plan[None]]
"""Resumes a dropped stream: feeds the reader until the response is finished, within the
polling timeout counted from the given start (on the plan's clock)."""


def is_final(item: OutputItem) -> bool:
    """Whether an item will not change any more (it is shown once, then)."""
    return item.status is None or item.status in TERMINAL


def item_sql(item: OutputItem) -> tuple[str | None, str] | None:
    """``(title, sql)`` of an ``execute_sql`` call, or ``None`` for another item."""
    if item.type != "function_call" or not item.arguments:
        return None
    try:
        arguments = json.loads(item.arguments)
    except (ValueError, RecursionError):
        return None
    if not isinstance(arguments, dict):
        return None
    sql = arguments.get("sql")
    title = arguments.get("title")
    if not isinstance(sql, str):
        return None
    return (title if isinstance(title, str) else None), sql


def item_text(item: OutputItem) -> str:
    """The text parts of an item's content, joined."""
    return "".join(part.text or "" for part in item.content)


def with_hint(error: ApiError, hint: str) -> ApiError:
    """``error`` with ``hint`` added to its message."""
    error.message = f"{error.message.rstrip('. ')}. {hint}"
    error.args = (str(error),)
    return error


@dataclass(frozen=True)
class RefusalHints:
    """What a service's refusals of a question tell the caller to do; called on the error."""

    disabled: str
    """For ``404 FEATURE_DISABLED``: how the preview is turned on."""
    conflict: str
    """For ``409``: a response is already running in the conversation."""
    denied: str
    """For ``403``: the permissions asking needs."""

    def __call__(self, error: ApiError) -> ApiError:
        for kind, hint in (
            (FeatureDisabledError, self.disabled),
            (ConflictError, self.conflict),
            (PermissionDeniedError, self.denied),
        ):
            if isinstance(error, kind):
                return with_hint(error, hint)
        if isinstance(error, RateLimitError):
            wait = f"{error.retry_after:g} s" if error.retry_after is not None else "a minute"
            return with_hint(error, f"Too many questions: ask again after {wait}")
        return error


class ResponseReader(Generic[A]):
    """What is known of one response: its ids, its final items, and the events already given.

    ``build`` makes the answer from the reader once the response completed.
    """

    def __init__(
        self,
        build: Callable[[ResponseReader[A]], A],
        *,
        agent_id: str | None,
        conversation_id: str | None,
    ) -> None:
        self.build = build
        self.agent_id = agent_id
        self.asked_in = conversation_id
        self.ids: ResponseIds | None = None
        self.items: dict[str, OutputItem] = {}
        """The final items, in the order they were first seen final."""
        self.last_sequence = -1
        self.last_event_id: str | None = None
        """The ``id:`` of the last event read, for a provider that resumes by reconnecting."""
        self.system_text: str | None = None
        """A failed run's error text (a ``system`` message in the items)."""
        self.answer: A | None = None

    @property
    def finished(self) -> bool:
        """Whether the answer is complete."""
        return self.answer is not None

    def feed(self, message: SseMessage) -> Iterator[Event]:
        """The events one server-sent event brings (none for repeats and unknown types)."""
        if message.id:
            self.last_event_id = message.id
        data = event_data(message)
        if data is None:
            return
        try:
            event = StreamEvent.model_validate(data)
        except ValidationError as error:
            raise DecodeError(f"a stream event could not be decoded: {error}") from None
        if event.sequence_number is not None:
            if event.sequence_number <= self.last_sequence:
                return
            self.last_sequence = event.sequence_number
        kind = event.type
        if kind == "response.created" and event.response is not None:
            yield from self.accept(event.response)
        elif kind.startswith("response.output_item.") and event.item is not None:
            yield from self.take(event.item, final=kind.endswith(".done"))
        elif kind in ("response.completed", "response.failed", "response.incomplete"):
            if event.response is None:
                raise DecodeError(f"a {kind} event carried no response")
            yield from self.settle(event.response)
        elif kind == "error":
            raise self.failure("failed", event.message or event.error_code)

    def accept(self, response: GenieResponse) -> Iterator[Event]:
        """The server acknowledged the question: its ids are known from now on."""
        if self.ids is not None:
            return
        self.ids = ResponseIds(
            response_id("conversation_id", response.conversation_id),
            response_id("response_id", response.id),
            self.agent_id,
        )
        yield StatusChanged(response.status or "in_progress", ids=self.ids)

    def take(self, item: OutputItem, *, final: bool) -> Iterator[Event]:
        """The event an item brings the first time it is seen final."""
        if not (final or is_final(item)) or not item.id or item.id in self.items:
            return
        if item.type == "message" and item.role == "user":
            return
        self.items[item.id] = item
        if item.type == "message" and item.role == "system":
            self.system_text = item_text(item) or self.system_text
            return
        ids = self.ids
        if item.type == "reasoning":
            yield ReasoningStep(item_text(item), item.id, ids=ids)
        elif item.type == "function_call":
            call = item_sql(item)
            if call is not None:
                yield SqlReady(call[1], call[0], item.call_id or item.id, ids=ids)
        elif item.type == "function_call_output":
            yield ResultReady(query_id=item.call_id, output=item.output, ids=ids)
        elif item.type == "message":
            yield TextReady(item_text(item), item.id, ids=ids)

    def settle(self, response: GenieResponse) -> Iterator[Event]:
        """A terminal (or current) response: its items, then the end if it is terminal."""
        yield from self.accept(response)
        for item in response.output:
            yield from self.take(item, final=response.status in TERMINAL)
        if response.status in TERMINAL:
            yield from self.finish(response.status or "completed", _error_text(response.error))

    def finish(self, status: str, error: str | None = None) -> Iterator[Event]:
        """The last events of a completed response; a failed one raises."""
        if status != "completed":
            raise self.failure(status, error or self.system_text)
        self.answer = self.build(self)
        yield StatusChanged(status, ids=self.ids)
        yield AnswerReady(self.answer, ids=self.ids)

    def failure(self, status: str, error: str | None) -> ResponseFailedError:
        """The error of a response that ended without an answer."""
        ids = self.ids
        return ResponseFailedError(
            status,
            error,
            response_id=ids.response_id if ids else "(unknown)",
            conversation_id=ids.conversation_id if ids else (self.asked_in or "(unknown)"),
            agent_id=self.agent_id,
        )


def _error_text(error: Any) -> str | None:
    if error is None:
        return None
    if isinstance(error, dict):
        message = error.get("message") or error.get("error")
        code = error.get("error_code") or error.get("code")
        if message:
            return f"{code}: {message}" if code else str(message)
    return str(error)


def follow(
    opening: OpenStream,
    reader: ResponseReader[A],
    recover: Recovery,
    waiting: Waiting,
    *,
    refused: Callable[[ApiError], ApiError],
    where_to_look: str,
) -> Plan[A]:
    """Stream a response to its answer, resuming with ``recover`` if the stream drops after the
    server acknowledged the question.

    The stream is read for the polling timeout at most (each read for the stream's idle time):
    a server that trickles events for longer is left, and the response read by ``recover``,
    which gives up at that same timeout.

    Raises:
        StreamInterruptedError: the stream dropped before the acknowledgement (``where_to_look``
            says how to find out whether the question was accepted).
        ApiError: the question was refused (``refused`` adds a hint to the error).
        ResponseFailedError: the response ended without an answer.
    """
    started = waiting.clock()
    try:
        stream = yield opening
    except ApiError as error:
        raise refused(error) from None
    except TransportError as error:
        if not error.request_sent:
            raise
        raise _interrupted(str(error), reader, where_to_look) from error
    cause = "the server closed the stream before the answer was complete"
    while not reader.finished:
        try:
            message = yield ReadStream(stream)
        except TransportError as error:
            cause = str(error)
            break
        if message is None:
            break
        for event in reader.feed(message):
            yield Emit(event)
        if not reader.finished and waiting.clock() - started >= waiting.policy.timeout:
            cause = f"no answer within the polling timeout ({waiting.policy.timeout:g} s)"
            break
    if reader.answer is not None:
        return reader.answer
    if reader.ids is None:
        raise _interrupted(cause, reader, where_to_look)
    yield from recover(reader, started)
    if reader.answer is None:
        raise DecodeError("the response was resumed but ended without an answer")
    return reader.answer


def _interrupted(cause: str, reader: ResponseReader[Any], hint: str) -> StreamInterruptedError:
    return StreamInterruptedError(
        cause, hint, conversation_id=reader.asked_in, agent_id=reader.agent_id
    )
