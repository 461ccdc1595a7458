"""What the two senders share: how a call is built, limited, timed, retried and decoded.

All decisions are made by the sans-I/O parts (`Pipeline`, `genie_sdk._core.body.Body`,
`genie_sdk._core.deadline.Deadline`); the senders (`genie_sdk._io.async_sender`, and
`genie_sdk._io.sync_sender` generated from it) only send, read the body piece by piece and sleep.
Each attempt has a deadline (the client's timeout for the whole request); a call with a
``budget`` (a question being polled) also stops retrying once that budget is spent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import httpx

from genie_sdk._core.body import ERROR_BODY_BYTES, Body, BodyLimits
from genie_sdk._core.calls import Call
from genie_sdk._core.deadline import Deadline, request_seconds
from genie_sdk._core.decoding import decode_response
from genie_sdk._core.error_mapping import transport_error
from genie_sdk._core.events import RateLimited
from genie_sdk._core.rate_limit import RateLimiter
from genie_sdk._core.requests import RequestFactory
from genie_sdk._core.retry import RetryPolicy
from genie_sdk._io.stream_deadlines import bound_async_streams, bound_sync_streams
from genie_sdk.errors import AuthenticationError, PermissionDeniedError, TransportError

T = TypeVar("T")

__all__ = ["Pipeline", "Received"]

logger = logging.getLogger("genie_sdk")


@dataclass(frozen=True)
class Received:
    """A response whose body has been read (and closed): status, headers and inflated body."""

    status: int
    headers: httpx.Headers
    content: bytes
    started: float
    """When the attempt started (``time.monotonic``), for the log."""


@dataclass(frozen=True)
class Pipeline:
    """What both drivers share: how to build, authenticate, limit, retry, bound and decode."""

    requests: RequestFactory
    auth: httpx.Auth
    retry: RetryPolicy
    limiter: RateLimiter | None = None
    describe: Callable[[], str] | None = None
    """Summary of the configuration (secrets masked) added to 401 and 403 errors."""
    timeout: httpx.Timeout = field(default_factory=lambda: httpx.Timeout(60.0))
    """The client's timeout: its largest phase bounds each request as a whole."""
    limits: BodyLimits = field(default_factory=BodyLimits)
    clock: Callable[[], float] = time.monotonic
    """The clock of request deadlines: real time, as the network's (not the client's ``clock``,
    which tests may drive by the client's sleeps)."""

    @cached_property
    def request_seconds(self) -> float:
        """The time one request may take in all (from `timeout`)."""
        return request_seconds(self.timeout)

    def budget_end(self, call: Call[object]) -> float | None:
        """When the call's budget runs out (on `clock`), or ``None`` without a budget."""
        return None if call.budget is None else self.clock() + call.budget

    def retrying(
        self, call: Call[object], notice: Callable[[RateLimited], None], until: float | None
    ) -> dict[str, Any]:
        """The tenacity arguments for ``call``, stopping retries at ``until``."""
        remaining = None if until is None else (lambda: until - self.clock())
        return self.retry.tenacity_kwargs(call.method, notice, remaining)

    def prepare(
        self, call: Call[object], *, is_async: bool
    ) -> tuple[httpx.Request, httpx.Auth | None, float]:
        """Return the request, the auth to send it with and the rate-limit delay to wait first."""
        request = self.requests.build(call)
        request.extensions["trace"] = bound_async_streams if is_async else bound_sync_streams
        delay = self.limiter.reserve() if self.limiter and call.method == "POST" else 0.0
        return request, (self.auth if call.authenticated else None), delay

    def stream_timeouts(self, base: httpx.Timeout, idle: float) -> dict[str, float | None]:
        """Timeouts of a stream: the client's to connect and send, ``idle`` between reads."""
        return {"connect": base.connect, "read": idle, "write": base.write, "pool": base.pool}

    @staticmethod
    def decoded_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
        """``headers`` of a body already inflated: without its encoding and length."""
        dropped = ("content-encoding", "content-length", "transfer-encoding")
        return [(key, value) for key, value in headers.items() if key.lower() not in dropped]

    def waits(
        self, call: Call[object], on_wait: Callable[[RateLimited], None] | None
    ) -> Callable[[RateLimited], None]:
        """Return what to do when a rate limit holds ``call`` back: log it, tell ``on_wait``."""

        def notice(limited: RateLimited) -> None:
            logger.debug("%s %s: %s", call.method, call.full_path, limited)
            if on_wait is not None:
                on_wait(limited)

        return notice

    def start(self, request: httpx.Request, base: httpx.Timeout, until: float | None) -> Deadline:
        """Start the deadline of one attempt and cut the request's timeouts to it.

        Raises ``httpx.PoolTimeout`` (nothing sent) when the budget is already spent.
        """
        deadline = Deadline.start(self.clock, self.request_seconds, until)
        if deadline.remaining() <= 0:
            raise httpx.PoolTimeout(deadline.message(), request=request)
        request.extensions["timeout"] = deadline.timeouts(base)
        return deadline

    def body(self, call: Call[object], response: httpx.Response) -> Body:
        """The `Body` that collects ``response``: limited per call, truncated on errors.

        A transport may hand over a response whose content it already read (mock transports
        do): that content comes inflated, as `pieces` passes it on.
        """
        ok = 200 <= response.status_code < 300
        limit = (self.limits.chunk if call.url else self.limits.api) if ok else ERROR_BODY_BYTES
        return Body(
            limit,
            response.status_code,
            response.headers,
            truncate=not ok,
            describe=f"{call.method} {call.full_path}",
            encoded=not response.is_stream_consumed,
        )

    def failed(
        self, call: Call[T], exc: httpx.TransportError, started: float, deadline: Deadline | None
    ) -> TransportError:
        """Log a network failure and return the `TransportError` to raise."""
        error = transport_error(exc, call.method, call.full_path)
        if isinstance(exc, httpx.TimeoutException) and deadline and deadline.remaining() <= 0:
            error.args = (f"{call.method} {call.full_path} failed: {deadline.message()}",)
        logger.debug(
            "%s %s failed after %.1f ms: %s",
            call.method,
            call.full_path,
            (time.monotonic() - started) * 1000,
            type(exc).__name__,
        )
        return error

    def decode(self, call: Call[T], received: Received, attempt: int) -> T:
        """Log a response and decode it (raising the typed error for a failure status)."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d, request id %s)",
                call.method,
                call.full_path,
                received.status,
                (time.monotonic() - received.started) * 1000,
                attempt,
                received.headers.get("x-request-id", "-"),
            )
        try:
            return decode_response(call, received.status, received.headers, received.content)
        except (AuthenticationError, PermissionDeniedError) as error:
            if call.authenticated and self.describe is not None:
                error.message = f"{error.message.rstrip('. ')}. {self.describe()}"
                error.args = (str(error),)
            raise
