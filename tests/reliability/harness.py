"""Tools for fault-injection tests against the simulator over real loopback HTTP.

* :class:`VirtualTime` -- the clients' ``sleep`` and ``clock``: sleeping advances both the client's
  clock and the simulator's, so Retry-After windows, token lifetimes and answer times pass
  instantly.
* :class:`Tamper` -- an ASGI wrapper around the simulator's app, served on its own loopback port:
  it rewrites JSON responses (unknown statuses and attachment kinds) or answers late after the
  request was processed (read timeouts on a POST that did take effect).
* :class:`RefuseConnect` / :class:`AsyncRefuseConnect` -- transports that fail a request with
  ``httpx.ConnectError`` before anything is sent.
* :func:`open_connections` -- client-side TCP connections to a port (Linux ``/proc/net/tcp``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genie_sdk import PollingPolicy
from genie_sdk.simulator import GenieSimulator
from genie_sdk.simulator.http.gateway import _capture as capture_response

SALES = "total sales by region"
"""A question the simulator answers with SQL (query attachment, 5 rows) and a text summary."""

QUICK = PollingPolicy(initial=1.0, maximum=10.0, jitter=0.0, timeout=600.0)
"""Polling in virtual time (waits cost nothing): 1 s doubling to 10 s, without jitter."""

FAULT_HEADER = "x-test-fault"
"""Header :class:`Tamper` adds to the requests it tampers with (visible in the journal)."""
LATE, REWRITTEN = "late", "rewritten"
"""Values of :data:`FAULT_HEADER`."""


class VirtualTime:
    """Sleeping advances this clock and the simulator's clock instead of waiting."""

    def __init__(self, sim: GenieSimulator) -> None:
        self.sim = sim
        self.elapsed = 0.0
        self.suspended = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        """The client's monotonic clock: virtual sleeps count, a suspension does not."""
        return time.monotonic() + self.elapsed

    def wall(self) -> float:
        """The client's wall clock (epoch seconds), e.g. for token lifetimes."""
        return time.time() + self.elapsed + self.suspended

    def sleep(self, seconds: float) -> None:
        """Record the wait and move every clock by it, the server's too."""
        with self._lock:
            self.sleeps.append(seconds)
            self.elapsed += seconds
        self.sim.clock.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        """The async client's sleep: like :meth:`sleep`, then let other tasks run."""
        self.sleep(seconds)
        await asyncio.sleep(0)

    def jump(self, seconds: float) -> None:
        """Move the client's monotonic clock only (e.g. a clock that counts a suspension)."""
        with self._lock:
            self.elapsed += seconds

    def suspend(self, seconds: float) -> None:
        """The client's machine sleeps: wall clocks move, its monotonic clock does not."""
        with self._lock:
            self.suspended += seconds
        self.sim.clock.advance(seconds)


def http_client(kind: str, transport: Any = None, **options: Any) -> Any:
    """An ``httpx.Client`` or ``httpx.AsyncClient`` to pass as ``http_client``."""
    cls = httpx.AsyncClient if kind == "async" else httpx.Client
    return cls(transport=transport, follow_redirects=False, **options)


# -- transports that refuse to connect ---------------------------------------------------------


@dataclass
class _Refusal:
    method: str
    path: re.Pattern[str]
    times: int
    refused: int = 0

    def check(self, request: httpx.Request) -> None:
        if self.refused < self.times and (
            request.method == self.method and self.path.search(request.url.path)
        ):
            self.refused += 1
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


class RefuseConnect(httpx.HTTPTransport):
    """Fails the first ``times`` matching requests with ``ConnectError``: nothing was sent."""

    def __init__(self, method: str, path: str, times: int) -> None:
        super().__init__()
        self.refusal = _Refusal(method, re.compile(path), times)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.refusal.check(request)
        return super().handle_request(request)


class AsyncRefuseConnect(httpx.AsyncHTTPTransport):
    """The async twin of :class:`RefuseConnect`."""

    def __init__(self, method: str, path: str, times: int) -> None:
        super().__init__()
        self.refusal = _Refusal(method, re.compile(path), times)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.refusal.check(request)
        return await super().handle_async_request(request)


def refusing_transport(kind: str, method: str, path: str, times: int) -> Any:
    """A :class:`RefuseConnect` for ``kind`` ``sync``, an :class:`AsyncRefuseConnect` else."""
    cls = AsyncRefuseConnect if kind == "async" else RefuseConnect
    return cls(method, path, times)


# -- a tampering front for the simulator --------------------------------------------------------

Rewrite = Callable[[Any], Any]


@dataclass
class _Rule:
    method: str
    path: re.Pattern[str]
    rewrite: Rewrite | None
    delay: float
    times: int | None
    fired: int = 0

    def takes(self, method: str, path: str) -> bool:
        live = self.times is None or self.fired < self.times
        return live and method == self.method and self.path.search(path) is not None


class Tamper:
    """An ASGI front for the simulator's app that rewrites or delays matching responses.

    The request is always processed in full (its body is read first, so a client that gives up
    cannot cancel it); only the response is changed or held back.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.rules: list[_Rule] = []
        self._lock = threading.Lock()

    def rewrite(
        self, method: str, path: str, rewrite: Rewrite, *, times: int | None = None
    ) -> _Rule:
        """Answer matching requests with ``rewrite(json_body)`` instead of the body."""
        return self._add(_Rule(method, re.compile(path), rewrite, 0.0, times))

    def late(self, method: str, path: str, delay: float, *, times: int | None = 1) -> _Rule:
        """Process matching requests at once but send the response ``delay`` seconds later."""
        return self._add(_Rule(method, re.compile(path), None, delay, times))

    def _add(self, rule: _Rule) -> _Rule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def _take(self, method: str, path: str) -> _Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.takes(method, path):
                    rule.fired += 1
                    return rule
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self._take(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if rule is None:
            await self.app(scope, receive, send)
            return
        tag = (REWRITTEN if rule.rewrite is not None else LATE).encode()
        scope = {**scope, "headers": [*scope["headers"], (FAULT_HEADER.encode(), tag)]}
        body = await _read_body(receive)
        status, headers, content = await _capture(self.app, scope, body)
        if rule.rewrite is not None:
            content = json.dumps(rule.rewrite(json.loads(content))).encode()
        else:
            await asyncio.sleep(rule.delay)
        kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        kept.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": kept})
        await send({"type": "http.response.body", "body": content})


async def _read_body(receive: Receive) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = bool(message.get("more_body", False))
    return body


async def _capture(
    app: ASGIApp, scope: Scope, body: bytes
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # a request is only read once
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return await capture_response(app, scope, receive)


@contextlib.contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app, log_config=None, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the tampering front did not start")
        time.sleep(0.005)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# -- connection counting ------------------------------------------------------------------------

_PROC_TCP = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
_ESTABLISHED = "01"


def can_count_connections() -> bool:
    """Whether :func:`open_connections` works here (Linux)."""
    return _PROC_TCP[0].exists()


def open_connections(port: int) -> int:
    """Established TCP connections whose remote end is ``port`` on this machine.

    Sockets are told apart by their local address. The kernel's table is read in pages, so one
    read can show a socket twice, or a socket closed while the read went on beside the one that
    replaced it: only sockets seen in two reads in a row are counted.
    """
    first, second = _established(port), _established(port)
    return len(first & second)


def _established(port: int) -> set[str]:
    local: set[str] = set()
    for table in _PROC_TCP:
        with contextlib.suppress(FileNotFoundError):
            for line in table.read_text().splitlines()[1:]:
                fields = line.split()
                remote, state = fields[2], fields[3]
                if state == _ESTABLISHED and int(remote.rsplit(":", 1)[1], 16) == port:
                    local.add(fields[1])
    return local


class ConnectionSampler:
    """Samples :func:`open_connections` in a thread and keeps the peak."""

    def __init__(self, port: int, interval: float = 0.01) -> None:
        self.port = port
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, open_connections(self.port))
            self._stop.wait(self.interval)

    def __enter__(self) -> ConnectionSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
