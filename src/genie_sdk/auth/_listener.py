"""The loopback HTTP listener that receives the browser login's redirect."""

from __future__ import annotations

import errno
import hmac
import html
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from genie_sdk.auth._errors import OAuthError

__all__ = ["Callback", "CallbackListener", "parse_callback"]

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>genie-sdk login</title></head>
<body style="font-family: sans-serif; margin: 3em"><h1>{title}</h1><p>{text}</p></body></html>
"""


_FREE_PORT_ATTEMPTS = 5


@dataclass(frozen=True)
class Callback:
    """The outcome of a login redirect: an authorization ``code`` or an ``error`` message."""

    code: str | None = None
    error: str | None = None


def parse_callback(query: str, expected_state: str) -> Callback | None:
    """Interpret the query of a redirect; ``None`` when it is not this login's redirect.

    Stray requests (no ``code`` or ``error``) and redirects whose ``state`` does not match are
    not this login's: a forged ``?error=...`` from another page must not end the login.
    """
    params = parse_qs(query)

    def first(name: str) -> str:
        return params.get(name, [""])[0]

    if "error" not in params and "code" not in params:
        return None
    if not hmac.compare_digest(first("state").encode(), expected_state.encode()):
        return None
    if "error" in params:
        description = first("error_description")
        return Callback(error=f"{first('error')}: {description}" if description else first("error"))
    return Callback(code=first("code"))


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


def _bind_ipv6(port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer | None:
    """Listen on ``[::1]:port`` too; ``None`` when this machine has no IPv6 loopback.

    Raises:
        OSError: the port is taken on ``::1``.
    """
    if not socket.has_ipv6:
        return None
    try:
        return _IPv6Server(("::1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise
        return None


class CallbackListener:
    """Listen on ``localhost:port`` (``0`` picks a free port) for one login redirect.

    The redirect URI names ``localhost``, which a browser may resolve to ``127.0.0.1`` or ``::1``,
    so both are listened on (``::1`` only where the machine has IPv6).
    """

    def __init__(self, port: int, expected_state: str) -> None:
        listener = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                listener._handle(self, urlsplit(self.path).query)

            def log_message(self, format: str, *args: Any) -> None:
                """Log nothing: the request line carries the authorization code."""

        self._expected_state = expected_state
        self._result: Callback | None = None
        self._closed = False
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._servers = _bind_loopback(port, Handler)
        self._threads = [
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            for server in self._servers
        ]
        for thread in self._threads:
            thread.start()

    @property
    def port(self) -> int:
        """The port actually listened on."""
        return int(self._servers[0].server_address[1])

    def _handle(self, handler: BaseHTTPRequestHandler, query: str) -> None:
        callback = parse_callback(query, self._expected_state)
        with self._lock:
            accepted = callback is not None and self._result is None and not self._closed
            if accepted:
                self._result = callback
        if callback is None or not accepted:
            _answer(
                handler,
                404,
                "Not found",
                "This address only receives the redirect of the login in progress.",
            )
            return
        if callback.error is None:
            _answer(handler, 200, "Login complete", "You can close this tab and return.")
        else:
            _answer(handler, 400, "Login failed", callback.error)
        self._done.set()

    def wait(self, timeout: float) -> Callback:
        """Block until the redirect arrives.

        Raises:
            OAuthError: no redirect arrived within ``timeout`` seconds.
        """
        if not self._done.wait(timeout):
            raise OAuthError(f"external-browser: no login redirect within {timeout:.0f} s")
        if self._result is None:
            raise OAuthError("external-browser: the login was cancelled")
        return self._result

    def close(self) -> None:
        """Stop listening; a pending `wait` ends with an error."""
        with self._lock:
            self._closed = True
        self._done.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()


def _bind_loopback(port: int, handler: type[BaseHTTPRequestHandler]) -> list[ThreadingHTTPServer]:
    """Listen on ``127.0.0.1:port`` and, where possible, ``[::1]`` on the same port.

    Raises:
        OAuthError: the port is taken (after a few tries when a free port was to be picked).
    """
    for _ in range(_FREE_PORT_ATTEMPTS if port == 0 else 1):
        try:
            ipv4 = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise _busy(port, exc) from None
        try:
            ipv6 = _bind_ipv6(int(ipv4.server_address[1]), handler)
        except OSError as exc:
            ipv4.server_close()
            if port == 0:
                continue  # the free IPv4 port is taken on ::1: pick another
            raise _busy(port, exc) from None
        return [ipv4] if ipv6 is None else [ipv4, ipv6]
    raise OAuthError("external-browser: found no port free on both 127.0.0.1 and ::1")


def _busy(port: int, exc: OSError) -> OAuthError:
    return OAuthError(
        f"external-browser: cannot listen on localhost:{port} for the login redirect "
        f"({exc.strerror or exc}); is another login running?"
    )


def _answer(handler: BaseHTTPRequestHandler, status: int, title: str, text: str) -> None:
    body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    handler.wfile.write(body)
