"""Plans and flows as generators of steps, and the one stepper that advances them.

A plan yields what it needs done — send a `Call`, `Sleep`,
`Emit` an event — and receives each result, or has the error thrown back in. The token
flows of `genie_sdk.auth` are generators of the same shape with effects of their own. The
sync and async drivers only perform steps; `Stepper` advances the generator for all of them.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from genie_sdk._core.calls import Call, Page
from genie_sdk._core.events import Event

S = TypeVar("S")
T = TypeVar("T")

__all__ = ["Emit", "OpenStream", "Plan", "ReadStream", "Sleep", "Step", "Stepper"]


@dataclass(frozen=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float


@dataclass(frozen=True)
class Emit:
    """Report a progress event (or a page of a listing)."""

    event: Event | Page[Any]


@dataclass(frozen=True)
class OpenStream:
    """Send ``call`` and open its answer as a stream of server-sent events (the value sent back).

    The stream fails when no byte arrives for ``idle`` seconds, or when one event grows past
    ``max_event_bytes``.
    """

    call: Call[Any]
    idle: float
    max_event_bytes: int


@dataclass(frozen=True)
class ReadStream:
    """Read the next event of a stream `OpenStream` opened: an `SseMessage`, ``None`` at its end."""

    stream: Any


Step = Call[Any] | Sleep | Emit | OpenStream | ReadStream
"""One thing a plan asks for: send a call (its value or error is sent back), sleep, emit, or
open and read a stream of events."""

Plan = Generator[Step, Any, T]
"""A flow written without I/O: it yields steps and returns its result."""


class Stepper(Generic[S, T]):
    """Advances a generator of steps, resuming it with each step's value or throwing in its error.

    Iterate to get the steps to perform; set `value` (or perform the step inside `feeding`)
    before taking the next one. When the generator returns, iteration stops and `result` holds
    its value.
    """

    def __init__(self, flow: Generator[S, Any, T], catch: type[BaseException] = Exception) -> None:
        self._flow = flow
        self._catch = catch
        self.value: Any = None
        self.error: BaseException | None = None
        self.result: T

    def __iter__(self) -> Iterator[S]:
        while True:
            value, error = self.value, self.error
            self.value, self.error = None, None
            try:
                step = self._flow.throw(error) if error is not None else self._flow.send(value)
            except StopIteration as stop:
                self.result = stop.value
                return
            yield step

    def feeding(self) -> Stepper[S, T]:
        """Keep an error of the caught kind raised while performing a step, to throw it in next.

        A context manager (the stepper itself, cheaper than a generator-based one per step).
        """
        return self

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _trace: object
    ) -> bool:
        if error is not None and isinstance(error, self._catch):
            self.error = error
            return True
        return False
