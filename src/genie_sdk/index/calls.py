"""Requests of a crawl: one async path for sync and async clients, a rate cap, bounded slots."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from genie_sdk._core.calls import Page
from genie_sdk.errors import RateLimitError

__all__ = ["ClientCalls", "Throttle", "is_async_client"]

_RATE_LIMITED_ATTEMPTS = 5
"""Tries of a request the server keeps answering 429 after the client's own retries."""


def is_async_client(client: Any) -> bool:
    """Whether the client's methods are coroutines (an `AsyncGenieClient`)."""
    return inspect.iscoroutinefunction(client.spaces.get)


class Throttle:
    """At most ``max_rps`` request starts per second (``None``: no cap); a 429 pauses everyone."""

    def __init__(
        self,
        max_rps: float | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 0.0 if max_rps is None else 1.0 / max_rps
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Wait for this request's turn."""
        async with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            await self._sleep(start - now)

    def pause(self, seconds: float) -> None:
        """Start no request for ``seconds`` (the server asked to slow down)."""
        self._next = max(self._next, self._clock() + seconds)


class ClientCalls:
    """Runs client calls for the crawler: awaited (async client) or on worker threads (sync).

    Every request waits for the throttle and one of ``concurrency`` slots; a 429 that outlasts the
    client's retries pauses the whole crawl for the server's ``Retry-After`` and is tried again.
    """

    def __init__(self, client: Any, *, concurrency: int, max_rps: float | None) -> None:
        self.client = client
        self.host: str = str(getattr(client, "host", "")).rstrip("/")
        self.requests = 0
        self._async = is_async_client(client)
        self._slots = asyncio.Semaphore(concurrency)
        self._throttle = Throttle(max_rps)
        self._threads = None if self._async else ThreadPoolExecutor(concurrency, "genie-index")

    def close(self) -> None:
        """Stop the worker threads."""
        if self._threads is not None:
            self._threads.shutdown(wait=False)

    def has(self, resource: str) -> bool:
        """Whether the client has a resource (``agents`` arrives with newer versions)."""
        return hasattr(self.client, resource)

    async def call(self, operation: Callable[[Any], Any]) -> Any:
        """``operation(client)``'s result: one request."""
        return await self._run(operation)

    async def page(self, listing: Callable[[Any], Any]) -> Page[Any]:
        """The first page of the pager ``listing(client)`` returns (one request)."""
        page: Page[Any] = await self._run(listing, pages=True)
        return page

    async def _run(self, operation: Callable[[Any], Any], *, pages: bool = False) -> Any:
        for attempt in range(_RATE_LIMITED_ATTEMPTS):
            await self._throttle.wait()
            async with self._slots:
                self.requests += 1
                try:
                    return await self._once(operation, pages=pages)
                except RateLimitError as error:
                    if attempt == _RATE_LIMITED_ATTEMPTS - 1:
                        raise
                    self._throttle.pause(error.retry_after or 2.0**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, operation: Callable[[Any], Any], *, pages: bool) -> Any:
        if self._async:
            if not pages:
                return await operation(self.client)
            iterator = operation(self.client).pages()
            try:
                return await anext(iterator, Page(items=[]))
            finally:
                await iterator.aclose()

        def run() -> Any:
            if not pages:
                return operation(self.client)
            iterator = operation(self.client).pages()
            try:
                return next(iterator, Page(items=[]))
            finally:
                iterator.close()

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, run)
