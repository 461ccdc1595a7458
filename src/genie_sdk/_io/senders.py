"""The two thin drivers that send calls: one over ``httpx.Client``, one over ``httpx.AsyncClient``.

All decisions are made by the sans-I/O parts; a driver only sends, sleeps and awaits.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
from tenacity import AsyncRetrying, Retrying

from genie_sdk._core.calls import Call
from genie_sdk._core.decoding import decode_response
from genie_sdk._core.error_mapping import transport_error
from genie_sdk._core.events import RateLimited
from genie_sdk._core.rate_limit import RateLimiter
from genie_sdk._core.requests import RequestFactory
from genie_sdk._core.retry import RetryPolicy
from genie_sdk.errors import AuthenticationError, PermissionDeniedError, TransportError

T = TypeVar("T")

__all__ = ["AsyncSender", "Pipeline", "SyncSender"]

logger = logging.getLogger("genie_sdk")


@dataclass(frozen=True)
class Pipeline:
    """What both drivers share: how to build, authenticate, limit, retry and decode a call."""

    requests: RequestFactory
    auth: httpx.Auth
    retry: RetryPolicy
    limiter: RateLimiter | None = None
    describe: Callable[[], str] | None = None
    """Summary of the configuration (secrets masked) added to 401 and 403 errors."""

    def prepare(self, call: Call[object]) -> tuple[httpx.Request, httpx.Auth | None, float]:
        """Return the request, the auth to send it with and the rate-limit delay to wait first."""
        request = self.requests.build(call)
        if call.timeout is not None:
            request.extensions["timeout"] = call.timeout.as_dict()
        delay = self.limiter.reserve() if self.limiter and call.method == "POST" else 0.0
        return request, (self.auth if call.authenticated else None), delay

    def waits(
        self, call: Call[object], on_wait: Callable[[RateLimited], None] | None
    ) -> Callable[[RateLimited], None]:
        """Return what to do when a rate limit holds ``call`` back: log it, tell ``on_wait``."""

        def notice(limited: RateLimited) -> None:
            logger.debug("%s %s: %s", call.method, call.full_path, limited)
            if on_wait is not None:
                on_wait(limited)

        return notice

    def failed(self, call: Call[T], exc: httpx.TransportError, started: float) -> TransportError:
        """Log a network failure and return the `TransportError` to raise."""
        error = transport_error(exc, call.method, call.full_path)
        logger.debug(
            "%s %s failed after %.1f ms: %s",
            call.method,
            call.full_path,
            (time.monotonic() - started) * 1000,
            type(exc).__name__,
        )
        return error

    def finish(self, call: Call[T], response: httpx.Response, started: float, attempt: int) -> T:
        """Log a response and decode it (raising the typed error for a failure status)."""
        logger.debug(
            "%s %s -> %d in %.1f ms (attempt %d, request id %s)",
            call.method,
            call.full_path,
            response.status_code,
            (time.monotonic() - started) * 1000,
            attempt,
            response.headers.get("x-request-id", "-"),
        )
        try:
            return decode_response(call, response)
        except (AuthenticationError, PermissionDeniedError) as error:
            if call.authenticated and self.describe is not None:
                error.message = f"{error.message.rstrip('. ')}. {self.describe()}"
                error.args = (str(error),)
            raise


class SyncSender:
    """Sends calls over an ``httpx.Client``, retrying per the pipeline's policy."""

    is_async = False

    def __init__(
        self,
        http: httpx.Client,
        pipeline: Pipeline,
        sleep: Callable[[float], None] = time.sleep,
        max_in_flight: int | None = None,
    ) -> None:
        self.http = http
        self.pipeline = pipeline
        self.sleep = sleep
        self.gate = threading.BoundedSemaphore(max_in_flight) if max_in_flight else None

    def send(self, call: Call[T], on_wait: Callable[[RateLimited], None] | None = None) -> T:
        """Send ``call`` and return its decoded value; ``on_wait`` hears of rate-limit waits."""
        notice = self.pipeline.waits(call, on_wait)
        retrying = Retrying(
            sleep=self.sleep, **self.pipeline.retry.tenacity_kwargs(call.method, notice)
        )
        for attempt in retrying:
            with attempt:
                request, auth, delay = self.pipeline.prepare(call)
                if delay:
                    notice(RateLimited(delay, "this client's rate_limit"))
                    self.sleep(delay)
                started = time.monotonic()
                try:
                    response = self._send(request, auth)
                except httpx.TransportError as exc:
                    raise self.pipeline.failed(call, exc, started) from exc
                return self.pipeline.finish(
                    call, response, started, attempt.retry_state.attempt_number
                )
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def _send(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        if self.gate is None:
            return self.http.send(request, auth=auth)
        with self.gate:
            return self.http.send(request, auth=auth)


class AsyncSender:
    """Sends calls over an ``httpx.AsyncClient``, retrying per the pipeline's policy."""

    is_async = True

    def __init__(
        self,
        http: httpx.AsyncClient,
        pipeline: Pipeline,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_in_flight: int | None = None,
    ) -> None:
        self.http = http
        self.pipeline = pipeline
        self.sleep = sleep
        self.gate = asyncio.Semaphore(max_in_flight) if max_in_flight else None

    async def send(self, call: Call[T], on_wait: Callable[[RateLimited], None] | None = None) -> T:
        """Send ``call`` and return its decoded value; ``on_wait`` hears of rate-limit waits."""
        notice = self.pipeline.waits(call, on_wait)
        retrying = AsyncRetrying(
            sleep=self.sleep, **self.pipeline.retry.tenacity_kwargs(call.method, notice)
        )
        async for attempt in retrying:
            with attempt:
                request, auth, delay = self.pipeline.prepare(call)
                if delay:
                    notice(RateLimited(delay, "this client's rate_limit"))
                    await self.sleep(delay)
                started = time.monotonic()
                try:
                    response = await self._send(request, auth)
                except httpx.TransportError as exc:
                    raise self.pipeline.failed(call, exc, started) from exc
                return self.pipeline.finish(
                    call, response, started, attempt.retry_state.attempt_number
                )
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _send(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        if self.gate is None:
            return await self.http.send(request, auth=auth)
        async with self.gate:
            return await self.http.send(request, auth=auth)
