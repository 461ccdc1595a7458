"""Every read and write of a request obeys its `Deadline`, however the server trickles.

While a request is sent its deadline is the active one (a context variable, so each thread and
task has its own). httpcore's ``trace`` hook hands over each connection's network stream as it
opens (`bound_sync_streams`, `bound_async_streams`); its ``read`` and ``write`` are wrapped to
cut their timeout to the time left. The stream lives as long as its pooled connection, so later
requests on it obey their own deadlines too; a request without one leaves the timeouts as given.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from genie_sdk._core.deadline import Deadline

__all__ = ["bound_async_streams", "bound_sync_streams", "obeying"]

_ACTIVE: ContextVar[Deadline | None] = ContextVar("genie_sdk_request_deadline", default=None)
_OPENED = (".connect_tcp.complete", ".connect_unix_socket.complete", ".start_tls.complete")
_BOUND = "_genie_sdk_deadline"


def obeying(deadline: Deadline) -> _Obeying:
    """Make ``deadline`` the one the reads and writes of this thread or task obey (``with``)."""
    return _Obeying(deadline)


class _Obeying:
    """The context of `obeying` (a class: cheaper than a generator-based one per request)."""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline

    def __enter__(self) -> None:
        self._token = _ACTIVE.set(self._deadline)

    def __exit__(self, *_: object) -> None:
        _ACTIVE.reset(self._token)


def _cut(timeout: float | None) -> float | None:
    deadline = _ACTIVE.get()
    return timeout if deadline is None else deadline.cut(timeout)


def bound_sync_streams(event: str, info: dict[str, Any]) -> None:
    """httpcore ``trace`` hook: cut each read and write of a new connection to the deadline."""
    stream = info.get("return_value") if event.endswith(_OPENED) else None
    if stream is None or getattr(stream, _BOUND, False):
        return
    read, write = stream.read, stream.write

    def bounded_read(max_bytes: int, timeout: float | None = None) -> Any:
        return read(max_bytes, _cut(timeout))

    def bounded_write(buffer: bytes, timeout: float | None = None) -> Any:
        return write(buffer, _cut(timeout))

    _bind(stream, bounded_read, bounded_write)


async def bound_async_streams(event: str, info: dict[str, Any]) -> None:
    """The ``trace`` hook of async requests: like `bound_sync_streams`."""
    stream = info.get("return_value") if event.endswith(_OPENED) else None
    if stream is None or getattr(stream, _BOUND, False):
        return
    read, write = stream.read, stream.write

    async def bounded_read(max_bytes: int, timeout: float | None = None) -> Any:
        return await read(max_bytes, _cut(timeout))

    async def bounded_write(buffer: bytes, timeout: float | None = None) -> Any:
        return await write(buffer, _cut(timeout))

    _bind(stream, bounded_read, bounded_write)


def _bind(stream: Any, read: Callable[..., Any], write: Callable[..., Any]) -> None:
    try:
        stream.read, stream.write = read, write
        setattr(stream, _BOUND, True)
    except AttributeError:  # a stream that takes no attributes keeps the per-phase timeouts
        return
