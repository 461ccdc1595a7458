"""Run plans: a pure stepper, and the two thin runners that perform its steps (sync and async).

A runner sends calls, sleeps and awaits; everything else is decided by the plan (what to do
next) and by the job or stream (what its outcomes mean to the caller).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

from genie_sdk._transport.call import Call
from genie_sdk._transport.senders import AsyncSender, SyncSender
from genie_sdk.conversation.events import StatusChanged
from genie_sdk.conversation.jobs import PENDING, Job
from genie_sdk.conversation.steps import Emit, Finished, Plan, Sleep
from genie_sdk.conversation.streams import Binder, Outcome, Stream
from genie_sdk.errors import GenieError
from genie_sdk.models import Message

T = TypeVar("T")
Y = TypeVar("Y")

__all__ = ["AsyncRunner", "Stepper", "SyncRunner"]


class Stepper(Generic[T]):
    """Advances a plan, feeding back the value or error of each step it asked for."""

    def __init__(self, plan: Plan[T]) -> None:
        self._plan = plan
        self.value: Any = None
        self.error: GenieError | None = None
        self.in_flight: Message | None = None

    def __iter__(self) -> Iterator[Outcome | Sleep | Call[Any]]:
        """Yield what the runner must do (sleep, send a call) or hand on (an outcome)."""
        while True:
            try:
                if self.error is not None:
                    error, self.error = self.error, None
                    step = self._plan.throw(error)
                else:
                    value, self.value = self.value, None
                    step = self._plan.send(value)
            except StopIteration as stop:
                yield Finished(stop.value)
                return
            if not isinstance(step, Emit):
                yield step
                continue
            if isinstance(step.event, StatusChanged):
                self.in_flight = step.event.message
            yield step.event

    @contextlib.contextmanager
    def feeding(self) -> Iterator[None]:
        """Keep a :class:`GenieError` raised by a call, to throw it into the plan next."""
        try:
            yield
        except GenieError as error:
            self.error = error

    @contextlib.contextmanager
    def resumable(self) -> Iterator[None]:
        """On an interruption (Ctrl-C, cancellation), note which message was in flight."""
        try:
            yield
        except BaseException as exc:
            message = self.in_flight
            if message is not None and not isinstance(exc, GenieError) and hasattr(exc, "add_note"):
                exc.add_note(
                    f"Genie message still in flight; resume with client.wait({message.space_id!r}, "
                    f"{message.conversation_id!r}, {message.message_id!r})"
                )
            raise


class SyncRunner:
    """Runs calls, jobs and streams with a sync sender."""

    is_async = False

    def __init__(self, sender: SyncSender, sleep: Callable[[float], None], bind: Binder) -> None:
        self.sender = sender
        self.sleep = sleep
        self.bind = bind

    def run(self, call: Call[T]) -> T:
        """Send one call and return its value."""
        return self.sender.run(call)

    def _outcomes(self, plan: Plan[Any]) -> Iterator[Outcome]:
        stepper = Stepper(plan)
        with stepper.resumable():
            for step in stepper:
                if isinstance(step, Sleep):
                    self.sleep(step.seconds)
                elif isinstance(step, Call):
                    with stepper.feeding():
                        stepper.value = self.sender.run(step)
                else:
                    yield step

    def finish(self, job: Job[T]) -> Any:
        """Run ``job`` to its result."""
        try:
            for outcome in self._outcomes(job.plan):
                result = job.take(outcome, self.bind)
                if result is not PENDING:
                    return result
        finally:
            job.close()
        raise AssertionError("a plan always finishes")

    def stream(self, stream: Stream[Y]) -> Iterator[Y]:
        """Yield the items of ``stream`` as its plan runs."""
        for outcome in self._outcomes(stream.plan):
            yield from stream.items(outcome, self.bind)


class AsyncRunner:
    """Runs calls, jobs and streams with an async sender."""

    is_async = True

    def __init__(
        self, sender: AsyncSender, sleep: Callable[[float], Awaitable[None]], bind: Binder
    ) -> None:
        self.sender = sender
        self.sleep = sleep
        self.bind = bind

    async def run(self, call: Call[T]) -> T:
        """Send one call and return its value."""
        return await self.sender.run(call)

    async def _outcomes(self, plan: Plan[Any]) -> AsyncIterator[Outcome]:
        stepper = Stepper(plan)
        with stepper.resumable():
            for step in stepper:
                if isinstance(step, Sleep):
                    await self.sleep(step.seconds)
                elif isinstance(step, Call):
                    with stepper.feeding():
                        stepper.value = await self.sender.run(step)
                else:
                    yield step

    async def finish(self, job: Job[T]) -> Any:
        """Run ``job`` to its result."""
        try:
            async for outcome in self._outcomes(job.plan):
                result = job.take(outcome, self.bind)
                if result is not PENDING:
                    return result
        finally:
            job.close()
        raise AssertionError("a plan always finishes")

    async def stream(self, stream: Stream[Y]) -> AsyncIterator[Y]:
        """Yield the items of ``stream`` as its plan runs."""
        async for outcome in self._outcomes(stream.plan):
            for item in stream.items(outcome, self.bind):
                yield item
