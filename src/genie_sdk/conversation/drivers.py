"""Run plans: a pure stepper, and the two thin loops that perform its steps (sync and async)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from genie_sdk._transport.senders import AsyncSender, SyncSender
from genie_sdk.conversation.events import Event, StatusChanged
from genie_sdk.conversation.steps import Emit, Plan, Sleep, Step
from genie_sdk.errors import GenieError
from genie_sdk.models import Message

T = TypeVar("T")

__all__ = ["Finished", "Stepper", "drive_async", "drive_sync"]


@dataclass(frozen=True)
class Finished(Generic[T]):
    """The plan returned ``value``."""

    value: T


class Stepper(Generic[T]):
    """Advances a plan, feeding back the value or error of each step it asked for."""

    def __init__(self, plan: Plan[T]) -> None:
        self._plan = plan
        self.value: Any = None
        self.error: GenieError | None = None
        self.in_flight: Message | None = None

    def __iter__(self) -> Iterator[Step | Finished[T]]:
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
            if isinstance(step, Emit) and isinstance(step.event, StatusChanged):
                self.in_flight = step.event.message
            yield step

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


Outcome = Event | Finished[T]


def drive_sync(
    plan: Plan[T], sender: SyncSender, sleep: Callable[[float], None]
) -> Iterator[Outcome[T]]:
    """Run ``plan`` with a sync sender; yield its events, then :class:`Finished`."""
    stepper = Stepper(plan)
    with stepper.resumable():
        for step in stepper:
            if isinstance(step, (Emit, Finished)):
                yield step.event if isinstance(step, Emit) else step
            elif isinstance(step, Sleep):
                sleep(step.seconds)
            else:
                try:
                    stepper.value = sender.run(step)
                except GenieError as error:
                    stepper.error = error


async def drive_async(
    plan: Plan[T], sender: AsyncSender, sleep: Callable[[float], Awaitable[None]]
) -> AsyncIterator[Outcome[T]]:
    """Run ``plan`` with an async sender; yield its events, then :class:`Finished`."""
    stepper = Stepper(plan)
    with stepper.resumable():
        for step in stepper:
            if isinstance(step, (Emit, Finished)):
                yield step.event if isinstance(step, Emit) else step
            elif isinstance(step, Sleep):
                await sleep(step.seconds)
            else:
                try:
                    stepper.value = await sender.run(step)
                except GenieError as error:
                    stepper.error = error
