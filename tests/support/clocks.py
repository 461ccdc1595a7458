"""A fake monotonic clock for clients, token caches and flows that take an injected clock."""

from __future__ import annotations


class FakeClock:
    """A clock that only moves when someone sleeps (or a test sets :attr:`now`).

    ``least_step`` makes every sleep move it a little, for code that must not rely on a tiny
    sleep moving the clock.
    """

    def __init__(self, now: float = 0.0, *, least_step: float = 0.0) -> None:
        self.now = now
        self.least_step = least_step
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, self.least_step)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
