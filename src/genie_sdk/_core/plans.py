"""The conversation flows as plans: ask → poll with backoff → fetch the result → re-execute.

Each function validates its arguments at once (raising ``ValueError`` before any request) and
returns a generator that yields `steps`. The sync and async
clients run the same plans; nothing here sends, sleeps or awaits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from genie_sdk._checks import integer
from genie_sdk._core.answer import AnswerData, MessageIds
from genie_sdk._core.calls import Call, response_id
from genie_sdk._core.endpoints import conversations, messages
from genie_sdk._core.events import AnswerReady, Event, ResultReady, SqlReady, StatusChanged
from genie_sdk._core.polling import PollingPolicy
from genie_sdk._core.status import Next, message_next, statement_next
from genie_sdk._core.steps import Emit, Plan, Sleep
from genie_sdk.errors import (
    GenieError,
    MessageCancelledError,
    MessageFailedError,
    PollTimeoutError,
    QueryFailedError,
)
from genie_sdk.models import Message, StartConversationResponse, StatementResponse

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


@dataclass
class Poller:
    """Counts polls and enforces the deadline of one question."""

    waiting: Waiting
    started: float
    polls: int = 0
    last: bool = False

    def next_sleep(self, ids: MessageIds, status: object, what: str) -> Sleep:
        elapsed = self.waiting.clock() - self.started
        if self.last or elapsed >= self.waiting.policy.timeout:
            raise PollTimeoutError(
                space_id=ids.space_id,
                conversation_id=ids.conversation_id,
                message_id=ids.message_id,
                last_status=None if status is None else str(status),
                elapsed=elapsed,
                what=what,
            )
        delay, self.last = self.waiting.policy.step(self.polls, elapsed)
        self.polls += 1
        return Sleep(delay)


def poller_for(waiting: Waiting) -> Poller:
    """Return a poller whose deadline starts now."""
    return Poller(waiting, waiting.clock())


def tag_errors(ids: tuple[str | None, str | None, str | None], plan: Plan[T]) -> Plan[T]:
    """Run ``plan``, adding the message ids (those known) to any `GenieError` it raises."""
    try:
        return (yield from plan)
    except GenieError as error:
        error.space_id, error.conversation_id, error.message_id = ids
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
    started = waiting.clock()
    known = (space_id, conversation_id, None)
    ids, first = yield from tag_errors(known, _send_question(space_id, call))
    return (yield from _finish(ids, waiting, started, first))


def _send_question(
    space_id: str, call: Call[StartConversationResponse | Message]
) -> Plan[tuple[MessageIds, Message | None]]:
    """Send the question; return the ids the server gave it and its first state, if sent."""
    response = yield call
    first = response.message if isinstance(response, StartConversationResponse) else response
    conversation_id = response_id("conversation_id", response.conversation_id)
    message_id = response_id("message_id", response.message_id)
    return MessageIds(space_id, conversation_id, message_id), first


def wait(
    space_id: str, conversation_id: str, message_id: str, waiting: Waiting
) -> Plan[AnswerData]:
    """Wait for a message asked earlier and fetch its answer."""
    messages.get_message(space_id, conversation_id, message_id)
    return _finish(
        MessageIds(space_id, conversation_id, message_id), waiting, waiting.clock(), None
    )


def _finish(
    ids: MessageIds, waiting: Waiting, started: float, first: Message | None
) -> Plan[AnswerData]:
    return (yield from tag_errors(ids, _answer(ids, Poller(waiting, started), first)))


def _answer(ids: MessageIds, poller: Poller, first: Message | None) -> Plan[AnswerData]:
    message = yield from _poll_message(ids, poller, first)
    statement = yield from _fetch_result(ids, message, poller)
    return AnswerData(*ids, message=message, statement=statement)


def _poll_message(ids: MessageIds, poller: Poller, message: Message | None) -> Plan[Message]:
    get = messages.get_message(*ids)
    last_status: object = object()
    sql_reported = False
    if message is None:
        message = yield get
    while True:
        if message.status != last_status:
            last_status = message.status
            yield Emit(StatusChanged(message.status, message))
        attachments = message.query_attachments
        query = attachments[-1].query if attachments else None
        if not sql_reported and query is not None and query.query:
            sql_reported = True
            yield Emit(
                SqlReady(query.query, query.description, attachments[-1].attachment_id, message)
            )
        step = message_next(message.status)
        if step is Next.FAILED:
            raise MessageFailedError(message)
        if step is Next.CANCELLED:
            raise MessageCancelledError(message)
        if step in (Next.DONE, Next.REEXECUTE):
            return message
        yield poller.next_sleep(ids, message.status, "message")
        message = yield get


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
    statement: StatementResponse = yield (rerun if reexecute else fetch)
    while True:
        step = statement_next(statement.state)
        if step is Next.DONE:
            yield Emit(ResultReady(statement))
            return statement
        if step is Next.REEXECUTE and not reexecute:
            reexecute = True
            statement = yield rerun
            continue
        if step is not Next.POLL:
            raise QueryFailedError(statement, message_id=ids.message_id)
        yield poller.next_sleep(ids, statement.state, "query result")
        statement = yield fetch


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
    message: Message = yield messages.get_message(*ids)
    return replace(answer, message=message, statement=statement)


def announce(plan: Plan[AnswerData]) -> Plan[AnswerData]:
    """Run ``plan`` and emit `AnswerReady` with its answer as the last event."""
    answer = yield from plan
    yield Emit(AnswerReady(answer))
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
