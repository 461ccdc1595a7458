"""When to retry a request and how long to wait: one policy for the sync and async clients."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tenacity import RetryCallState, stop_after_attempt

from genie_sdk._checks import finite, integer
from genie_sdk._core.events import RateLimited
from genie_sdk.errors import ApiError, TransportError

__all__ = ["RetryPolicy"]

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
_SAFE_TO_REPEAT = _IDEMPOTENT | {"DELETE"}
# Statuses after which any request may be repeated: the server certainly did not act.
_REJECTED = frozenset({429, 503})
_TRANSIENT = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried, and the backoff between attempts.

    GET and DELETE are retried on network errors and on 429, 500, 502, 503 and 504. POST and
    PATCH are retried only when the server certainly did not act on them: the connection failed
    before the request was sent, or the answer was 429 or 503. A read timeout on a POST is never
    retried, so a question is never asked twice.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        initial: Backoff before the first retry, in seconds; doubles on each retry.
        maximum: Upper bound of the exponential backoff.
        retry_after_cap: Longest ``Retry-After`` honoured; a longer one is not retried.
        rng: Source of jitter (inject a seeded one for exact tests).
    """

    max_retries: int = 3
    initial: float = 0.5
    maximum: float = 8.0
    retry_after_cap: float = 60.0
    rng: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        integer("max_retries", self.max_retries, minimum=0)
        for name in ("initial", "maximum", "retry_after_cap"):
            finite(name, getattr(self, name))
        if self.initial < 0 or self.maximum < 0 or self.retry_after_cap < 0:
            raise ValueError("backoff delays must be >= 0")

    def should_retry(self, method: str, error: BaseException) -> bool:
        """Return whether ``error`` raised by a ``method`` request may be retried."""
        method = method.upper()
        if isinstance(error, TransportError):
            if not error.request_sent:
                return True
            return method in _IDEMPOTENT
        if isinstance(error, ApiError):
            if error.retry_after is not None and error.retry_after > self.retry_after_cap:
                return False
            if error.status_code in _REJECTED:
                return True
            return method in _SAFE_TO_REPEAT and error.status_code in _TRANSIENT
        return False

    def delay(self, attempt: int, error: BaseException | None) -> float:
        """Return seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if isinstance(error, ApiError) and error.retry_after is not None:
            return min(error.retry_after, self.retry_after_cap) + self.rng() * 0.1 * self.initial
        backoff = min(self.maximum, self.initial * 2.0 ** (attempt - 1))
        return backoff / 2 + self.rng() * backoff / 2

    def tenacity_kwargs(
        self,
        method: str,
        on_wait: Callable[[RateLimited], None] | None = None,
        remaining: Callable[[], float] | None = None,
    ) -> dict[str, Any]:
        """Arguments for ``tenacity.Retrying`` / ``AsyncRetrying`` applying this policy.

        ``on_wait`` hears of each wait that a server rate limit (HTTP 429) imposes.

        With ``remaining`` (the seconds left of a budget), a retry whose wait would use up the
        budget is not made: the last error is raised at once.
        """
        planned: list[float] = []

        def retry(state: RetryCallState) -> bool:
            error = state.outcome.exception() if state.outcome else None
            if error is None or not self.should_retry(method, error):
                return False
            delay = self.delay(state.attempt_number, error)
            if remaining is not None and delay >= remaining():
                return False
            planned.append(delay)
            return True

        def wait(_state: RetryCallState) -> float:
            return planned.pop() if planned else 0.0

        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            if on_wait is not None and isinstance(error, ApiError) and error.status_code == 429:
                on_wait(RateLimited(state.upcoming_sleep, "the server answered 429"))

        return {
            "retry": retry,
            "stop": stop_after_attempt(self.max_retries + 1),
            "wait": wait,
            "before_sleep": before_sleep,
            "reraise": True,
        }
