"""The conversation flows as plans: ask → poll with backoff → fetch the result → re-execute.

Each function validates its arguments at once (raising ``ValueError`` before any request) and
returns a generator that yields `steps`. The sync and async
clients run the same plans; nothing here sends, sleeps or awaits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import ValidationError

from genie_sdk._checks import integer
from genie_sdk._core.answer import AnswerData, MessageIds
from genie_sdk._core.calls import Call, response_id, segment_problem
from genie_sdk._core.decoding import shape_error
from genie_sdk._core.endpoints import conversations, messages
from genie_sdk._core.events import AnswerReady, Event, ResultReady, SqlReady, StatusChanged
from genie_sdk._core.polling import WAREHOUSE_WAIT, PollingPolicy
from genie_sdk._core.status import Next, message_next, statement_next, warehouse_starting
from genie_sdk._core.steps import Emit, Plan, Sleep
from genie_sdk.errors import (
    DecodeError,
    GenieError,
    MessageCancelledError,
    MessageFailedError,
    PollTimeoutError,
    QueryFailedError,
    TransportError,
)
from genie_sdk.models import Message, StartConversationResponse, StatementResponse
from genie_sdk.models.conversations import started_ids

__all__ = [
    "InFlight",
    "Poller",
    "Waiting",
    "announce",
    "ask",
    "check_batch",
    "poller_for",
    "refresh",
    "tag_errors",
    "wait",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Waiting:
    """How a plan waits: the polling schedule and the monotonic clock it measures time with."""

    policy: PollingPolicy
    clock: Callable[[], float]


_FINAL_POLL = 1.0
"""Seconds the last wait leaves before the polling timeout, for the final poll (at most)."""


@dataclass
class Poller:
    """Paces the polls of one question and enforces its deadline, time spent in requests included.

    The backoff starts again from the policy's ``initial`` wait whenever the question makes
    progress: a signal (what is polled, its status, whether the SQL is there) not seen before.
    Entering ``PENDING_WAREHOUSE`` is not progress that calls for quick polls: there the waits
    are at least `WAREHOUSE_WAIT`.
    """

    waiting: Waiting
    started: float
    rounds: int = 0
    """Polls since the last progress."""
    last: bool = False
    seen: set[int] = field(default_factory=set)
    """Hashes of the signals seen: a server cannot grow it by more than a number per poll."""

    def remaining(self) -> float:
        """Seconds left before the polling timeout."""
        return self.waiting.policy.timeout - (self.waiting.clock() - self.started)

    def next_sleep(self, ids: MessageIds, status: object, what: str, *, sql: bool = False) -> Sleep:
        """The wait before the next poll; `PollTimeoutError` after the last poll.

        ``status`` and ``sql`` (whether the SQL has appeared) are what the last poll saw. The
        last wait ends a moment before the timeout (a tenth of it, at most a second), so that
        the final poll has that moment to be answered.
        """
        policy = self.waiting.policy
        elapsed = self.waiting.clock() - self.started
        if self.last or elapsed >= policy.timeout:
            raise self.timed_out(ids, status, what)
        starting = warehouse_starting(status)
        signal = hash((what, str(status), sql))
        if signal not in self.seen:
            self.seen.add(signal)
            if not starting:
                self.rounds = 0
        final_poll = min(_FINAL_POLL, policy.timeout / 10)
        delay, self.last = policy.step(
            self.rounds,
            min(elapsed + final_poll, policy.timeout),
            floor=WAREHOUSE_WAIT if starting else 0.0,
        )
        self.rounds += 1
        return Sleep(delay)

    def send(self, ids: MessageIds, call: Call[T], status: object, what: str) -> Plan[T]:
        """Send ``call`` with the time left as its budget; a failure past the deadline times out."""
        remaining = self.remaining()
        if remaining <= 0:
            raise self.timed_out(ids, status, what)
        try:
            value: T = yield replace(call, budget=remaining)
        except TransportError as error:
            if self.remaining() > 0 and not self.last:
                raise
            raise self.timed_out(ids, status, what) from error
        return value

    def timed_out(self, ids: MessageIds, status: object, what: str) -> PollTimeoutError:
        """The `PollTimeoutError` of the question ``ids``, last seen with ``status``."""
        return PollTimeoutError(
            space_id=ids.space_id,
            conversation_id=ids.conversation_id,
            message_id=ids.message_id,
            last_status=None if status is None else str(status),
            elapsed=self.waiting.clock() - self.started,
            what=what,
        )


def poller_for(waiting: Waiting) -> Poller:
    """Return a poller whose deadline starts now."""
    return Poller(waiting, waiting.clock())


def tag_errors(ids: tuple[str | None, str | None, str | None], plan: Plan[T]) -> Plan[T]:
    """Run ``plan``, adding the message ids it knows to any `GenieError` it raises.

    An id left ``None`` here keeps what the error already carries.
    """
    try:
        return (yield from plan)
    except GenieError as error:
        for name, value in zip(("space_id", "conversation_id", "message_id"), ids, strict=True):
            if value is not None:
                setattr(error, name, value)
        raise


def ask(
    space_id: str,
    question: str,
    waiting: Waiting,
    *,
    conversation_id: str | None = None,
    enable_visualization: bool | None = None,
) -> Plan[AnswerData]:
    """Ask ``question`` (in a new conversation, or as a follow-up) and wait for the answer."""
    call: Call[StartConversationResponse | Message]
    if conversation_id is None:
        call = conversations.start_conversation(
            space_id, question, enable_visualization=enable_visualization
        )
    else:
        call = messages.create_message(
            space_id, conversation_id, question, enable_visualization=enable_visualization
        )
    return _ask(space_id, conversation_id, call, waiting)


def _ask(
    space_id: str,
    conversation_id: str | None,
    call: Call[StartConversationResponse | Message],
    waiting: Waiting,
) -> Plan[AnswerData]:
    poller = poller_for(waiting)
    known = (space_id, conversation_id, None)
    ids, first = yield from tag_errors(known, _send_question(space_id, call, poller))
    return (yield from tag_errors(ids, _answer(ids, poller, first)))


def _send_question(
    space_id: str, call: Call[StartConversationResponse | Message], poller: Poller
) -> Plan[tuple[MessageIds, Message | None]]:
    """Send the question; return the ids the server gave it and its first state, if sent.

    The question gets the polling budget too, so ``timeout`` bounds the whole ``ask``. An answer
    that cannot be read still means the question was asked: the error says so, and carries the
    ids that could be read, so that the caller waits for it rather than asking again.
    """
    try:
        response = yield replace(call, decode=_reading_ids(call), budget=poller.remaining())
        first = response.message if isinstance(response, StartConversationResponse) else response
        conversation_id = response_id("conversation_id", response.conversation_id)
        message_id = response_id("message_id", response.message_id)
    except DecodeError as error:
        error.args = (
            f"{error} -- the question was sent and the server accepted it, but its answer "
            "could not be read: do not ask again; find it with conversations.list() (its title "
            "is the question) or wait() on the ids this error carries",
        )
        raise
    return MessageIds(space_id, conversation_id, message_id), first


def _reading_ids(call: Call[T]) -> Callable[[Any], T]:
    """The decoder of a question's answer, keeping the ids of an answer that does not decode."""

    def decode(data: Any) -> T:
        try:
            return call.decode(data)
        except ValidationError as invalid:
            error = shape_error(call, invalid, None)
        shape = data if isinstance(data, dict) and "message" in data else {"message": data}
        conversation_id, message_id = started_ids(shape)
        if conversation_id is not None and segment_problem(conversation_id) is None:
            error.conversation_id = conversation_id
        if message_id is not None and segment_problem(message_id) is None:
            error.message_id = message_id
        raise error

    return decode


def wait(
    space_id: str, conversation_id: str, message_id: str, waiting: Waiting
) -> Plan[AnswerData]:
    """Wait for a message asked earlier and fetch its answer."""
    messages.get_message(space_id, conversation_id, message_id)
    ids = MessageIds(space_id, conversation_id, message_id)
    return tag_errors(ids, _answer(ids, poller_for(waiting), None))


def _answer(ids: MessageIds, poller: Poller, first: Message | None) -> Plan[AnswerData]:
    message = yield from _poll_message(ids, poller, first)
    statement = yield from _fetch_result(ids, message, poller)
    return AnswerData(*ids, message=message, statement=statement)


def _poll_message(ids: MessageIds, poller: Poller, message: Message | None) -> Plan[Message]:
    get = messages.get_message(*ids)
    last_status: object = object()
    sql_reported = False
    if message is None:
        message = yield from poller.send(ids, get, None, "message")
    while True:
        if message.status != last_status:
            last_status = message.status
            yield Emit(StatusChanged(message.status, message, ids=ids))
        attachments = message.query_attachments
        query = attachments[-1].query if attachments else None
        if not sql_reported and query is not None and query.query:
            sql_reported = True
            yield Emit(
                SqlReady(
                    query.query,
                    query.description,
                    attachments[-1].attachment_id,
                    message,
                    ids=ids,
                )
            )
        step = message_next(message.status)
        if step is Next.FAILED:
            raise MessageFailedError(message)
        if step is Next.CANCELLED:
            raise MessageCancelledError(message)
        if step in (Next.DONE, Next.REEXECUTE):
            return message
        yield poller.next_sleep(ids, message.status, "message", sql=sql_reported)
        message = yield from poller.send(ids, get, message.status, "message")


def _fetch_result(
    ids: MessageIds, message: Message, poller: Poller
) -> Plan[StatementResponse | None]:
    attachments = message.query_attachments
    if not attachments or not attachments[-1].attachment_id:
        return None
    attachment_id = response_id("attachment_id", attachments[-1].attachment_id)
    expired = message_next(message.status) is Next.REEXECUTE
    return (yield from _statement(ids, attachment_id, poller, reexecute=expired))


def _statement(
    ids: MessageIds, attachment_id: str, poller: Poller, *, reexecute: bool
) -> Plan[StatementResponse]:
    fetch = messages.get_query_result(*ids, attachment_id)
    rerun = messages.execute_query(*ids, attachment_id)
    what = "query result"
    statement = yield from poller.send(ids, rerun if reexecute else fetch, None, what)
    while True:
        step = statement_next(statement.state)
        if step is Next.DONE:
            yield Emit(ResultReady(statement, attachment_id, ids=ids))
            return statement
        if step is Next.REEXECUTE and not reexecute:
            reexecute = True
            statement = yield from poller.send(ids, rerun, statement.state, what)
            continue
        if step is not Next.POLL:
            raise QueryFailedError(statement, message_id=ids.message_id)
        yield poller.next_sleep(ids, statement.state, what)
        statement = yield from poller.send(ids, fetch, statement.state, what)


def check_batch(space_id: str, questions: Iterable[str], concurrency: int) -> list[str]:
    """Validate a batch of questions for ``ask_many`` before any is sent; return it as a list."""
    integer("concurrency", concurrency, minimum=1)
    if isinstance(questions, str):
        raise ValueError("questions must be a list of questions, not a single string")
    batch = list(questions)
    for question in batch:
        conversations.start_conversation(space_id, question)
    return batch


def refresh(answer: AnswerData, waiting: Waiting) -> Plan[AnswerData]:
    """Re-run the answer's SQL with execute-query and return the answer with fresh results."""
    attachment_id = answer.attachment_id
    if attachment_id is None:
        raise ValueError("this answer has no query to re-execute")
    ids = answer.ids
    return tag_errors(ids, _refresh(answer, ids, attachment_id, poller_for(waiting)))


def _refresh(
    answer: AnswerData, ids: MessageIds, attachment_id: str, poller: Poller
) -> Plan[AnswerData]:
    statement = yield from _statement(ids, attachment_id, poller, reexecute=True)
    message = yield from poller.send(ids, messages.get_message(*ids), None, "message")
    return replace(answer, message=message, statement=statement)


def announce(plan: Plan[AnswerData]) -> Plan[AnswerData]:
    """Run ``plan`` and emit `AnswerReady` with its answer as the last event."""
    answer = yield from plan
    yield Emit(AnswerReady(answer, ids=answer.ids))
    return answer


class InFlight:
    """Remembers the message of the question in flight, to name it if waiting is interrupted."""

    def __init__(self) -> None:
        self.message: Message | None = None

    def seen(self, event: Event | object) -> None:
        """Note the message of a status change."""
        if isinstance(event, StatusChanged):
            self.message = event.message

    @contextlib.contextmanager
    def noting(self) -> Iterator[None]:
        """On an interruption (Ctrl-C, cancellation), add how to resume to the exception."""
        try:
            yield
        except (GenieError, GeneratorExit):
            raise
        except BaseException as exc:
            message = self.message
            if message is not None and hasattr(exc, "add_note"):  # Python 3.11+
                exc.add_note(
                    f"Genie message still in flight; resume with client.wait({message.space_id!r}, "
                    f"{message.conversation_id!r}, {message.message_id!r})"
                )
            raise
