"""The simulator's clock: real time plus an offset that tests can advance."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["SimClock"]


class SimClock:
    """Epoch-seconds clock read for every timestamp, expiry, lifecycle stage and rate-limit window.

    Args:
        source: Where real time comes from (default `time.time`).
        frozen: Stand still at the start time; only `advance` moves it.
    """

    def __init__(self, *, source: Callable[[], float] = time.time, frozen: bool = False) -> None:
        self._source = source
        self._frozen_at = source() if frozen else None
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Current simulated time in epoch seconds."""
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else self._source()
            return base + self._offset

    def now_ms(self) -> int:
        """Current simulated time in epoch milliseconds."""
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move simulated time forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds

    def reset(self) -> None:
        """Drop any advance, back to the source's time (or the frozen start)."""
        with self._lock:
            self._offset = 0.0
