"""A client-side limit on POST requests, shared by every thread and task using a client."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from genie_sdk._checks import finite, integer

__all__ = ["RateLimiter"]


class RateLimiter:
    """Allow at most ``calls`` requests in any ``period`` seconds.

    `reserve` books the next free slot and returns how long the caller must wait for it;
    it never blocks, so the sync client sleeps and the async client awaits the delay.
    """

    def __init__(
        self, calls: int, period: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        integer("rate_limit calls", calls, minimum=1)
        finite("rate_limit seconds", period, above=0)
        self.calls = calls
        self.period = period
        self._clock = clock
        self._slots: deque[float] = deque()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter(calls={self.calls}, period={self.period})"

    def reserve(self) -> float:
        """Book a slot and return the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            while self._slots and self._slots[0] <= now - self.period:
                self._slots.popleft()
            start = now
            if len(self._slots) >= self.calls:
                start = self._slots[-self.calls] + self.period
            self._slots.append(start)
            return max(0.0, start - now)
