"""Polling a provider's job with the SDK's `PollingPolicy`: backoff, reset on progress, deadline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from genie_sdk._core.calls import Call
from genie_sdk._core.plans import Waiting
from genie_sdk._core.steps import Plan, Sleep
from genie_sdk.errors import GenieError, TransportError

T = TypeVar("T")

__all__ = ["Pacer"]


@dataclass
class Pacer:
    """Paces the polls of one job and ends them at the policy's timeout, requests included.

    The backoff starts again from the policy's ``initial`` wait whenever what is polled shows a
    signal (a status, a progress value) not seen before. ``timed_out`` builds the error raised
    once the timeout has passed, from the seconds waited.
    """

    waiting: Waiting
    timed_out: Callable[[float], GenieError]
    started: float | None = None
    """When the time counts from (on the waiting clock); ``None``: now."""
    rounds: int = 0
    last: bool = False
    seen: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.started is None:
            self.started = self.waiting.clock()

    def elapsed(self) -> float:
        """Seconds since polling started."""
        assert self.started is not None
        return self.waiting.clock() - self.started

    def next_sleep(self, signal: object) -> Sleep:
        """The wait before the next poll; the timeout error after the last one."""
        policy = self.waiting.policy
        elapsed = self.elapsed()
        if self.last or elapsed >= policy.timeout:
            raise self.timed_out(elapsed)
        key = hash(str(signal))
        if key not in self.seen:
            self.seen.add(key)
            self.rounds = 0
        delay, self.last = policy.step(self.rounds, min(elapsed + 0.1, policy.timeout))
        self.rounds += 1
        return Sleep(delay)

    def send(self, call: Call[T]) -> Plan[T]:
        """Send ``call`` with the time left as its budget; a failure past the deadline times out."""
        remaining = self.waiting.policy.timeout - self.elapsed()
        if remaining <= 0:
            raise self.timed_out(self.elapsed())
        try:
            value: T = yield replace(call, budget=remaining)
        except TransportError as error:
            if self.waiting.policy.timeout - self.elapsed() > 0 and not self.last:
                raise
            raise self.timed_out(self.elapsed()) from error
        return value
