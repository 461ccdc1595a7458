"""How often to poll and when to give up: backoff from 1 s to 60 s, 10 minutes in all."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from genie_sdk._checks import finite

__all__ = ["WAREHOUSE_WAIT", "PollingPolicy"]

WAREHOUSE_WAIT = 10.0
"""Shortest wait between polls while the SQL warehouse starts (``maximum`` if lower).

A stopped warehouse takes from seconds (serverless) to minutes (classic) to start, and the
message cannot complete before it has."""


@dataclass(frozen=True)
class PollingPolicy:
    """The schedule of polls while Genie works on a message.

    The n-th wait is ``initial * multiplier**n`` capped at ``maximum``, spread by ``±jitter``
    (a fraction), and polling stops with
    [`PollTimeoutError`][genie_sdk.errors.PollTimeoutError] once ``timeout`` seconds have
    passed. ``timeout`` is wall-clock time from the question on, time spent in requests
    included: a request made while polling gets at most the time left. The defaults follow the
    Genie documentation: start at 1 s, back off to one poll a minute, stop after 10 minutes.

    While waiting for a message, the backoff starts again from ``initial`` each time the message
    makes progress (a status not seen before, the SQL appearing), and the waits are at least
    10 s (``maximum`` if lower) while the SQL warehouse starts.
    [`interactive()`][genie_sdk.PollingPolicy.interactive] is a schedule for a person watching.
    """

    initial: float = 1.0
    maximum: float = 60.0
    multiplier: float = 2.0
    timeout: float = 600.0
    jitter: float = 0.1
    rng: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("initial", "maximum", "multiplier", "timeout", "jitter"):
            finite(name, getattr(self, name))
        if self.initial <= 0 or self.maximum < self.initial:
            raise ValueError("need 0 < initial <= maximum")
        if not 1 <= self.multiplier <= 10:
            raise ValueError("multiplier must be in [1, 10]")
        if self.timeout <= 0:
            raise ValueError("timeout must be > 0")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter must be in [0, 1)")

    @classmethod
    def interactive(cls, *, timeout: float = 600.0) -> PollingPolicy:
        """A schedule for a person watching a screen: 0.5 s, doubling to at most 5 s.

        An answer shows at most about 5 s after it is ready, for more polls than the default
        (which backs off to a minute, suiting programs).
        """
        return cls(initial=0.5, maximum=5.0, timeout=timeout)

    def delay(self, poll: int, *, floor: float = 0.0) -> float:
        """Return the wait before poll number ``poll`` (0-based), jitter included.

        ``floor`` raises the wait before jitter, up to ``maximum`` at most.
        """
        backoff = self.initial * self.multiplier ** min(poll, 64)
        base = min(self.maximum, max(backoff, floor))
        spread = base * self.jitter * (2 * self.rng() - 1)
        return max(0.0, min(self.maximum, base + spread))

    def step(self, poll: int, elapsed: float, *, floor: float = 0.0) -> tuple[float, bool]:
        """Return the wait before poll ``poll`` at ``elapsed`` seconds in, and if it is the last.

        The last wait is cut to end at the timeout; after it, polling stops whatever a clock
        reads, so a coarse or drifting clock cannot keep a question polling past its timeout.
        """
        remaining = self.timeout - elapsed
        wait = self.delay(poll, floor=floor)
        return (max(0.0, remaining), True) if wait >= remaining else (wait, False)

    def delays(self, elapsed: float = 0.0) -> Iterator[float]:
        """Yield the waits between polls until the timeout, starting ``elapsed`` seconds in."""
        spent, poll, last = elapsed, 0, elapsed >= self.timeout
        while not last:
            wait, last = self.step(poll, spent)
            yield wait
            spent += wait
            poll += 1
