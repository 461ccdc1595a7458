"""One deadline per request: the client's timeout bounds connecting, sending and every read.

httpx applies its timeouts to each network operation, so a server that trickles a byte now and
then can hold a request for ever. A `Deadline` bounds the request as a whole: the request's
per-phase timeouts (pool, connect, write, read) are cut to the time left, every read and write
on the connection is cut to it (`genie_sdk._io.stream_deadlines`), and the drivers check it
between the pieces of a body they read.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import httpx

__all__ = ["EXPIRED", "Deadline", "request_seconds"]

EXPIRED = 1e-6
"""The timeout of an operation started past the deadline: it fails unless its data is there."""


def request_seconds(timeout: httpx.Timeout) -> float:
    """The time a whole request may take: the largest per-phase timeout (``inf`` when none)."""
    phases = [value for value in timeout.as_dict().values() if value is not None]
    return max(phases, default=math.inf)


@dataclass(frozen=True)
class Deadline:
    """The time (on ``clock``) by which a request must be done."""

    at: float
    clock: Callable[[], float]
    bound: str
    """What set the deadline, for messages: the request timeout or the caller's time left."""

    @classmethod
    def start(
        cls, clock: Callable[[], float], seconds: float, until: float | None = None
    ) -> Deadline:
        """A deadline ``seconds`` from now, or at ``until`` (a caller's budget) if sooner."""
        now = clock()
        if until is not None and until < now + seconds:
            return cls(until, clock, f"the {max(until - now, 0.0):.1f} s left of its time budget")
        return cls(now + seconds, clock, f"its {seconds:g} s timeout")

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.at - self.clock()

    def cut(self, timeout: float | None) -> float | None:
        """``timeout`` (``None``: none) cut to the time left; `EXPIRED` once it has passed."""
        left = self.remaining()
        if math.isinf(left):
            return timeout
        left = max(left, EXPIRED)
        return left if timeout is None else min(timeout, left)

    def timeouts(self, base: httpx.Timeout) -> dict[str, float | None]:
        """The request's ``timeout`` extension: each of ``base``'s phases cut to the time left."""
        left = self.remaining()
        if math.isinf(left):
            return base.as_dict()
        left = max(left, EXPIRED)
        return {
            phase: left if value is None else min(value, left)
            for phase, value in base.as_dict().items()
        }

    def check(self, request: httpx.Request) -> None:
        """Raise ``httpx.ReadTimeout`` once the deadline has passed."""
        if self.remaining() <= 0:
            raise httpx.ReadTimeout(self.message(), request=request)

    def message(self) -> str:
        """What a request that ran out of time is told."""
        return f"the request did not complete within {self.bound}"
