"""Write a method once; bind it to the sync client as a call, to the async one as a coroutine.

A method is a builder function that validates its arguments and returns what to run: a
:class:`~genie_sdk._transport.call.Call`, a job or a stream (:mod:`genie_sdk.conversation.jobs`).
The descriptors here turn builders into methods. On a ``Moded[Sync]`` object (``GenieClient``,
``Answer``, ``Conversation``) they return the result, an iterator or a :class:`Pager`; on a
``Moded[Async]`` object an awaitable, an async iterator or an :class:`AsyncPager`. Arguments are
validated when the method is called, before anything is sent.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Concatenate, Generic, Protocol, TypeVar, overload

from pydantic import ValidationError
from typing_extensions import ParamSpec

from genie_sdk._transport.call import Call, Page
from genie_sdk.conversation.streams import ItemStream, PageStream, Stream, pages

if TYPE_CHECKING:
    from genie_sdk._answer import Answer, AsyncAnswer
    from genie_sdk.conversation.answer import AnswerData
    from genie_sdk.conversation.jobs import Job

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M")

__all__ = [
    "Async",
    "AsyncPager",
    "Bound",
    "Moded",
    "Pager",
    "Runner",
    "Sync",
    "answering",
    "finishing",
    "listing",
    "operation",
    "streaming",
]

Run = Callable[["Runner", Any], Any]


class Sync:
    """Marker: methods of a ``Bound[Sync]`` object return their results."""


class Async:
    """Marker: methods of a ``Bound[Async]`` object return awaitables."""


class Runner(Protocol):
    """Runs what a method built: values (sync) or awaitables and async iterators (async)."""

    is_async: bool

    def run(self, call: Call[T]) -> Any:
        """Send ``call``."""

    def finish(self, job: Job[T]) -> Any:
        """Run ``job`` to its result."""

    def stream(self, stream: Stream[T]) -> Any:
        """Iterate over the items of ``stream``."""


class Moded(Generic[M]):
    """An object whose methods run through a sync or an async runner."""

    def _executor(self) -> Runner:
        raise NotImplementedError


class Bound(Moded[M]):
    """An object holding the runner its methods run through."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    def _executor(self) -> Runner:
        return self._runner


class _Method:
    """What every descriptor shares: the builder, and binding it to an object's runner."""

    def __init__(self, build: Callable[..., Any], run: Run) -> None:
        self.build = build
        self.run = run
        self.__doc__ = build.__doc__

    def bind(self, obj: Moded[Any] | None) -> Any:
        """Return the method of ``obj`` (or the descriptor itself when read from the class)."""
        if obj is None:
            return self
        build, run = self.build, self.run

        @functools.wraps(build)
        def method(*args: Any, **kwargs: Any) -> Any:
            try:
                work = build(obj, *args, **kwargs)
            except ValidationError as error:  # a request body refused an argument
                raise _argument_error(error) from None
            return run(obj._executor(), work)

        return method


def _argument_error(error: ValidationError) -> ValueError:
    """A ``ValueError`` naming each argument a request body refused, and the type it got."""
    problems = []
    for problem in error.errors(include_url=False):
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in problem["loc"])
        got = type(problem["input"]).__name__
        problems.append(f"{where.lstrip('.')}: {problem['msg']}, got {got}")
    return ValueError("; ".join(problems))


def _finish(runner: Runner, work: Any) -> Any:
    return runner.run(work) if isinstance(work, Call) else runner.finish(work)


class finishing(_Method, Generic[P, T]):
    """A method that runs a job (or sends a call) built from its object, and returns the result."""

    def __init__(self, build: Callable[Concatenate[Any, P], Job[T] | Call[T]]) -> None:
        super().__init__(build, _finish)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> finishing[P, T]: ...
    @overload
    def __get__(self, obj: Moded[Sync], owner: type[Any] | None = None) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Moded[Async], owner: type[Any] | None = None
    ) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Moded[Any] | None, owner: type[Any] | None = None) -> Any:
        return self.bind(obj)


def operation(build: Callable[P, Call[T]]) -> finishing[P, T]:
    """A method that sends the call its builder makes and returns the decoded value."""

    @functools.wraps(build)
    def without_object(_obj: Any, /, *args: P.args, **kwargs: P.kwargs) -> Call[T]:
        return build(*args, **kwargs)

    return finishing(without_object)


class answering(_Method, Generic[P]):
    """A method that runs a question to its answer: ``Answer``, or an awaitable ``AsyncAnswer``."""

    def __init__(self, build: Callable[Concatenate[Any, P], Job[AnswerData]]) -> None:
        super().__init__(build, lambda runner, job: runner.finish(job))

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> answering[P]: ...
    @overload
    def __get__(self, obj: Moded[Sync], owner: type[Any] | None = None) -> Callable[P, Answer]: ...
    @overload
    def __get__(
        self, obj: Moded[Async], owner: type[Any] | None = None
    ) -> Callable[P, Awaitable[AsyncAnswer]]: ...
    def __get__(self, obj: Moded[Any] | None, owner: type[Any] | None = None) -> Any:
        return self.bind(obj)


class streaming(_Method, Generic[P, T]):
    """A method that yields items as its plan runs: an iterator, or an async iterator."""

    def __init__(self, build: Callable[Concatenate[Any, P], Stream[T]]) -> None:
        super().__init__(build, lambda runner, stream: runner.stream(stream))

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> streaming[P, T]: ...
    @overload
    def __get__(
        self, obj: Moded[Sync], owner: type[Any] | None = None
    ) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(
        self, obj: Moded[Async], owner: type[Any] | None = None
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(self, obj: Moded[Any] | None, owner: type[Any] | None = None) -> Any:
        return self.bind(obj)


class _Listing(Generic[T]):
    """A lazy listing: which call fetches a page, and the token to start from."""

    def __init__(
        self, runner: Runner, page: Callable[[str | None], Call[Page[T]]], token: str | None
    ) -> None:
        self._runner = runner
        self._page = page
        self._token = token

    def _stream(self, kind: type[Stream[Any]]) -> Any:
        return self._runner.stream(kind(pages(self._page, self._token)))


class Pager(_Listing[T]):
    """Items of a listing, fetched page by page as you iterate."""

    def pages(self) -> Iterator[Page[T]]:
        """Yield whole pages, following ``next_page_token``."""
        return self._stream(PageStream)  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[T]:
        return self._stream(ItemStream)  # type: ignore[no-any-return]


class AsyncPager(_Listing[T]):
    """Items of a listing, fetched page by page as you ``async for`` over them."""

    def pages(self) -> AsyncIterator[Page[T]]:
        """Yield whole pages, following ``next_page_token``."""
        return self._stream(PageStream)  # type: ignore[no-any-return]

    def __aiter__(self) -> AsyncIterator[T]:
        return self._stream(ItemStream)  # type: ignore[no-any-return]


def _pager(build: Callable[..., Call[Page[Any]]]) -> Callable[..., Any]:
    def with_object(obj: Moded[Any], /, *args: Any, **kwargs: Any) -> _Listing[Any]:
        start = kwargs.pop("page_token", None)
        if start is not None and not isinstance(start, str):
            raise ValueError(f"page_token must be a string, got {start!r}")
        build(*args, **kwargs)  # validate the arguments now, before any request

        def page(token: str | None) -> Call[Page[Any]]:
            return build(*args, **kwargs, page_token=token)

        runner = obj._executor()
        return (AsyncPager if runner.is_async else Pager)(runner, page, start)

    return functools.wraps(build)(with_object)


class listing(_Method, Generic[P, T]):
    """A method that lists items lazily across pages; its builder takes ``page_token``."""

    def __init__(self, build: Callable[P, Call[Page[T]]]) -> None:
        super().__init__(_pager(build), lambda _runner, listing: listing)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> listing[P, T]: ...
    @overload
    def __get__(
        self, obj: Moded[Sync], owner: type[Any] | None = None
    ) -> Callable[P, Pager[T]]: ...
    @overload
    def __get__(
        self, obj: Moded[Async], owner: type[Any] | None = None
    ) -> Callable[P, AsyncPager[T]]: ...
    def __get__(self, obj: Moded[Any] | None, owner: type[Any] | None = None) -> Any:
        return self.bind(obj)
