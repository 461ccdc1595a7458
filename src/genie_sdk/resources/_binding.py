"""Write an API method once; bind it to the sync client as a call, to the async one as a coroutine.

A resource method is a builder function that validates its arguments and returns a
:class:`~genie_sdk._transport.call.Call`. :class:`operation` and :class:`listing` turn builders into
methods: on a ``Bound[Sync]`` object they return the decoded value (or a :class:`Pager`), on a
``Bound[Async]`` object an awaitable (or an :class:`AsyncPager`). Arguments are validated when the
method is called, before anything is sent.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar, overload

from typing_extensions import ParamSpec

from genie_sdk._transport.call import Call, Page

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M")

__all__ = ["Async", "AsyncPager", "Bound", "Pager", "Runner", "Sync", "listing", "operation"]


class Sync:
    """Marker: methods of a ``Bound[Sync]`` object return their results."""


class Async:
    """Marker: methods of a ``Bound[Async]`` object return awaitables."""


class Runner(Protocol):
    """Sends a call: returns its value (sync) or an awaitable of it (async)."""

    def run(self, call: Call[T]) -> Any:
        """Send ``call``."""


class Bound(Generic[M]):
    """An object whose methods send calls through a runner."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner


class operation(Generic[P, T]):
    """A method that sends one call and returns its decoded value."""

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> operation[P, T]: ...
    @overload
    def __get__(self, obj: Bound[Sync], owner: type[Any] | None = None) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Bound[Async], owner: type[Any] | None = None
    ) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Bound[Any] | None, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        runner, build = obj._runner, self.build

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return runner.run(build(*args, **kwargs))

        return method


class Pager(Generic[T]):
    """Items of a listing, fetched page by page as you iterate."""

    def __init__(
        self, runner: Runner, page: Callable[[str | None], Call[Page[T]]], token: str | None
    ):
        self._runner = runner
        self._page = page
        self._token = token

    def pages(self) -> Iterator[Page[T]]:
        """Yield whole pages, following ``next_page_token``."""
        token = self._token
        while True:
            page: Page[T] = self._runner.run(self._page(token))
            yield page
            if not page.next_page_token or page.next_page_token == token:
                return
            token = page.next_page_token

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """Items of a listing, fetched page by page as you ``async for`` over them."""

    def __init__(
        self, runner: Runner, page: Callable[[str | None], Call[Page[T]]], token: str | None
    ):
        self._runner = runner
        self._page = page
        self._token = token

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield whole pages, following ``next_page_token``."""
        token = self._token
        while True:
            page: Page[T] = await self._runner.run(self._page(token))
            yield page
            if not page.next_page_token or page.next_page_token == token:
                return
            token = page.next_page_token

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item


class listing(Generic[P, T]):
    """A method that lists items lazily across pages; its builder takes ``page_token``."""

    def __init__(self, build: Callable[P, Call[Page[T]]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> listing[P, T]: ...
    @overload
    def __get__(
        self, obj: Bound[Sync], owner: type[Any] | None = None
    ) -> Callable[P, Pager[T]]: ...
    @overload
    def __get__(
        self, obj: Bound[Async], owner: type[Any] | None = None
    ) -> Callable[P, AsyncPager[T]]: ...
    def __get__(self, obj: Bound[Any] | None, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        runner, build = obj._runner, self.build
        pager = AsyncPager if isinstance(obj, Bound) and _is_async(obj) else Pager

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            start = kwargs.pop("page_token", None)
            if start is not None and not isinstance(start, str):
                raise ValueError(f"page_token must be a string, got {start!r}")
            build(*args, **kwargs)  # validate the arguments now, before any request

            def page(token: str | None) -> Call[Page[T]]:
                return build(*args, **kwargs, page_token=token)  # type: ignore[arg-type]

            return pager(runner, page, start)

        return method


def _is_async(obj: Bound[Any]) -> bool:
    return bool(getattr(obj._runner, "is_async", False))
