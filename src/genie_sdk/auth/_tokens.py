"""Access tokens, their refresh windows, and one refresh in flight per credential.

Nothing here does network I/O: `TokenCell` only decides whether a caller may use the
current token, must refresh it, or must wait for a refresh another thread or task is running.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

__all__ = [
    "EXPIRY_SKEW",
    "Flight",
    "Refresh",
    "Token",
    "TokenCell",
    "Use",
    "Wait",
    "default_stale_window",
    "format_rfc3339",
    "parse_rfc3339",
]

EXPIRY_SKEW = 40.0
"""Seconds before its expiry at which a token counts as expired."""

MAX_STALE_WINDOW = 20 * 60.0
RETRY_AFTER_FAILED_REFRESH = 60.0


@dataclass(frozen=True, repr=False)
class Token:
    """An access token with its expiry (epoch seconds) and, for user logins, a refresh token."""

    access_token: str
    expires_at: float | None = None
    issued_at: float | None = None
    refresh_token: str | None = None

    def __repr__(self) -> str:
        refresh = "***" if self.refresh_token else None
        return f"Token(access_token=***, expires_at={self.expires_at}, refresh_token={refresh})"


def default_stale_window(token: Token) -> float:
    """Return how long before expiry a token goes stale: ``min(lifetime / 2, 20 min)``."""
    if token.expires_at is None or token.issued_at is None:
        return MAX_STALE_WINDOW
    return min(max(token.expires_at - token.issued_at, 0.0) / 2, MAX_STALE_WINDOW)


_RFC3339 = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d+))?"
    r"(?P<zone>[Zz]|[+-]\d{2}:?\d{2})$"
)


def parse_rfc3339(value: str) -> float:
    """Parse an RFC 3339 timestamp (any fraction digits, ``Z`` or an offset) to epoch seconds.

    Raises:
        ValueError: the value is not an RFC 3339 timestamp with a time zone.
    """
    match = _RFC3339.match(value.strip())
    if match is None:
        raise ValueError("not an RFC 3339 timestamp with a time zone")
    zone = match["zone"].upper()
    offset = "+00:00" if zone == "Z" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    frac = (match["frac"] or "0")[:6].ljust(6, "0")
    parsed = datetime.fromisoformat(f"{match['base'].replace(' ', 'T')}.{frac}{offset}")
    return parsed.timestamp()


def format_rfc3339(epoch: float) -> str:
    """Format epoch seconds as an RFC 3339 UTC timestamp."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat()


class Flight:
    """One refresh in progress. Threads block and asyncio tasks await until it ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._futures: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.token: Token | None = None
        self.error: Exception | None = None

    def finish(self, token: Token | None = None, error: Exception | None = None) -> None:
        """Record the outcome (both ``None`` if the refresh was abandoned) and wake the waiters."""
        with self._lock:
            self.token, self.error = token, error
            self._done.set()
            futures, self._futures = self._futures, []
        for loop, future in futures:
            try:
                loop.call_soon_threadsafe(_resolve, future)
            except RuntimeError:  # the waiting loop is closed; nobody is left to wake
                continue

    def wait(self) -> None:
        """Block the calling thread until the refresh ends."""
        self._done.wait()

    async def wait_async(self) -> None:
        """Wait in the running event loop, without blocking it, until the refresh ends."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self._done.is_set():
                return
            self._futures.append((loop, future))
        await future


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


@dataclass(frozen=True)
class Use:
    """Use this token now."""

    token: Token


@dataclass(frozen=True)
class Refresh:
    """Refresh the token, then call `TokenCell.complete`, `fail` or
    `abandon`. ``fallback`` is a still-valid token to use if the refresh fails."""

    flight: Flight
    previous: Token | None
    fallback: Token | None


@dataclass(frozen=True)
class Wait:
    """Another caller is refreshing an unusable token: wait for its `Flight`."""

    flight: Flight


@dataclass
class TokenCell:
    """The current token of one credential and the rule for who refreshes it.

    A token is expired ``EXPIRY_SKEW`` seconds before its expiry and stale ``stale_window(token)``
    seconds before it. Expired: the first caller refreshes, the others wait. Stale: the first caller
    refreshes while the others keep using the token; a failed stale refresh is retried no sooner
    than a minute later. ``load`` supplies a token (from a cache) the first time one is needed.
    """

    clock: Callable[[], float]
    stale_window: Callable[[Token], float] = default_stale_window
    load: Callable[[], Token | None] | None = None
    _token: Token | None = field(default=None, init=False)
    _flight: Flight | None = field(default=None, init=False)
    _next_attempt: float = field(default=float("-inf"), init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def is_expired(self, token: Token, now: float) -> bool:
        """Return whether ``token`` must no longer be sent."""
        return token.expires_at is not None and now >= token.expires_at - EXPIRY_SKEW

    def is_stale(self, token: Token, now: float) -> bool:
        """Return whether ``token`` should be refreshed soon."""
        return token.expires_at is not None and now >= token.expires_at - self.stale_window(token)

    def acquire(self) -> Use | Refresh | Wait:
        """Decide what the caller does next."""
        with self._lock:
            if self.load is not None:
                self._token, self.load = self.load(), None
            now = self.clock()
            token = self._token
            if token is not None and not self.is_expired(token, now):
                if not self.is_stale(token, now) or self._flight or now < self._next_attempt:
                    return Use(token)
                self._flight = Flight()
                return Refresh(self._flight, previous=token, fallback=token)
            if self._flight is not None:
                return Wait(self._flight)
            self._flight = Flight()
            return Refresh(self._flight, previous=token, fallback=None)

    def put(self, token: Token) -> None:
        """Make ``token`` the current token (after an explicit login)."""
        with self._lock:
            self._token, self.load, self._next_attempt = token, None, float("-inf")

    def complete(self, flight: Flight, token: Token) -> None:
        """Store the refreshed token and release the waiters."""
        with self._lock:
            self._token, self._flight, self._next_attempt = token, None, float("-inf")
        flight.finish(token=token)

    def fail(self, flight: Flight, error: Exception) -> None:
        """Record a failed refresh: waiters get the error, a stale token is kept for a minute."""
        with self._lock:
            self._flight = None
            self._next_attempt = self.clock() + RETRY_AFTER_FAILED_REFRESH
        flight.finish(error=error)

    def abandon(self, flight: Flight) -> None:
        """Release the waiters of a refresh that was interrupted; one of them will retry."""
        with self._lock:
            self._flight = None
        flight.finish()

    def invalidate(self, token: Token) -> None:
        """Treat ``token`` as expired (the server rejected it) if it is still the current one."""
        with self._lock:
            if self._token is token:
                self._token = replace(token, expires_at=float("-inf"))
