"""A ``GenieClient`` or ``AsyncGenieClient`` driven from a plain (sync) test.

Behaviour tests are written once and run with both clients: a test calls the client's methods
the same way and hands what they return to :class:`Client`, which awaits it (async) or passes
it through (sync).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any, Protocol

from genie_sdk import AsyncGenieClient, GenieClient

KINDS = ["sync", "async"]
"""The two client kinds: ``GenieClient`` and ``AsyncGenieClient``."""


class Timekeeper(Protocol):
    """A monotonic clock with its own sleeps, given to a client instead of real time."""

    def __call__(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def async_sleep(self, seconds: float) -> None: ...


class Client:
    """A ``GenieClient`` (``kind`` "sync") or ``AsyncGenieClient`` ("async") on ``host``.

    ``time`` replaces the client's clock and sleep. ``classes`` are the sync and async client
    classes to make (another provider's clients, for instance).

    An ``http_client`` passed in options is closed with the client (the SDK leaves a client it
    was given open).
    """

    def __init__(
        self,
        kind: str,
        host: str,
        *,
        time: Timekeeper | None = None,
        classes: tuple[type, type] = (GenieClient, AsyncGenieClient),
        **options: Any,
    ) -> None:
        self.kind = kind
        self.closed = False
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        self.http = options.get("http_client")
        if time is not None:
            options.setdefault("clock", time)
            options.setdefault("sleep", time.async_sleep if kind == "async" else time.sleep)
        cls = classes[1] if kind == "async" else classes[0]
        try:
            self.client: Any = cls(host, **options)
        except BaseException:
            self._release()
            raise

    def __call__(self, value: Any) -> Any:
        """Return ``value``, awaiting it first when it is awaitable."""
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        return value

    def outcome(self, work: Callable[[], Any]) -> Any:
        """Return what ``work()`` gives (awaited), or the exception it raises."""
        try:
            return self(work())
        except Exception as error:
            return error

    def items(self, iterable: Any) -> list[Any]:
        """Collect a sync or async iterable (pager, events, rows)."""
        if hasattr(iterable, "__aiter__"):

            async def collect() -> list[Any]:
                return [item async for item in iterable]

            collected: list[Any] = self(collect())
            return collected
        return list(iterable)

    def pages(self, pager: Any) -> list[Any]:
        """Collect every page of a sync or async pager."""
        return self.items(pager.pages())

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self(self.client.aclose() if self.kind == "async" else self.client.close())
        finally:
            self._release()

    def _release(self) -> None:
        if self.http is not None:
            self(self.http.aclose() if self.kind == "async" else self.http.close())
        if self.loop is not None:
            self.loop.close()


MakeClient = Callable[..., Client]
"""A fixture's factory of :class:`Client` objects (``make_client``, ``make_live`` and the like)."""
