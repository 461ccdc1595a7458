"""The loopback HTTP listener that receives the browser login's redirect."""

from __future__ import annotations

import hmac
import html
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


@dataclass(frozen=True)
class Callback:
    """The outcome of a login redirect: an authorization ``code`` or an ``error`` message."""

    code: str | None = None
    error: str | None = None


def parse_callback(query: str, expected_state: str) -> Callback | None:
    """Interpret the query of a redirect; ``None`` for stray requests (no ``code`` or ``error``)."""
    params = parse_qs(query)

    def first(name: str) -> str:
        return params.get(name, [""])[0]

    if "error" in params:
        description = first("error_description")
        return Callback(error=f"{first('error')}: {description}" if description else first("error"))
    if "code" not in params:
        return None
    if not hmac.compare_digest(first("state").encode(), expected_state.encode()):
        return Callback(error="the login redirect carried a wrong state (possible forged request)")
    return Callback(code=first("code"))


class CallbackListener:
    """Listen on ``127.0.0.1:port`` (``0`` picks a free port) for one login redirect."""

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
        try:
            self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        except OSError as exc:
            raise OAuthError(
                f"external-browser: cannot listen on localhost:{port} for the login redirect "
                f"({exc.strerror or exc}); is another login running?"
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        """The port actually listened on."""
        return int(self._server.server_address[1])

    def _handle(self, handler: BaseHTTPRequestHandler, query: str) -> None:
        callback = parse_callback(query, self._expected_state)
        with self._lock:
            accepted = callback is not None and self._result is None and not self._closed
            if accepted:
                self._result = callback
        if callback is None or not accepted:
            _answer(handler, 404, "Not found", "This address only receives a login redirect.")
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
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _answer(handler: BaseHTTPRequestHandler, status: int, title: str, text: str) -> None:
    body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    handler.wfile.write(body)
