"""ASGI middleware in front of every route: journal, faults, authentication and rate limit."""

from __future__ import annotations

import asyncio
import json
import math
from http import HTTPStatus
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genie_sdk.simulator.domain.clock import SimClock
from genie_sdk.simulator.domain.errors import SimulatedApiError, error_body
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.journal import Journal, RecordedRequest
from genie_sdk.simulator.domain.settings import SimulatorSettings
from genie_sdk.simulator.http.faults import Fault, FaultInjector, PostQuota
from genie_sdk.simulator.http.oidc import TokenStore

__all__ = ["Gateway", "SimulatedDisconnect", "StreamCut"]

_ERROR_CODES = {
    403: "PERMISSION_DENIED",
    404: "RESOURCE_DOES_NOT_EXIST",
    409: "RESOURCE_CONFLICT",
    429: "REQUEST_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    502: "BAD_GATEWAY",
    503: "TEMPORARILY_UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_AUTHENTICATED_PREFIXES = ("/api/", "/serving-endpoints/")
_LIMITED_PREFIX = "/api/2.0/genie/"


class SimulatedDisconnect(ConnectionError):
    """Raised to the in-process caller when a dropped connection cannot be simulated on a socket."""


class StreamCut(Exception):
    """Raised by a response stream to have the gateway cut the connection mid-response."""


class Gateway:
    """Wraps the routes: records each request, injects faults, checks the bearer and POST limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: SimulatorSettings,
        clock: SimClock,
        journal: Journal,
        faults: FaultInjector,
        limiter: PostQuota,
        tokens: TokenStore,
        workspace_id: str,
    ) -> None:
        self._app = app
        self._settings = settings
        self._clock = clock
        self._journal = journal
        self._faults = faults
        self._limiter = limiter
        self._tokens = tokens
        self._workspace_id = workspace_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        method: str = scope["method"]
        path: str = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        entry = self._journal.record(
            method, path, scope["query_string"].decode("latin-1"), headers.items()
        )
        request_id = new_id()
        scope.setdefault("state", {})["request_id"] = request_id
        extra = [
            (b"x-request-id", request_id.encode()),
            (b"x-databricks-org-id", self._workspace_id.encode()),
        ]
        host = _host_name(headers.get("host", ""))
        if not self._host_allowed(host):
            refusal = SimulatedApiError(
                400, "BAD_REQUEST", f"Host {host!r} is not served here (allowed_hosts setting)."
            )
            await self._refuse(refusal, entry, request_id, extra, send)
            return
        fault = self._faults.take(method, path)
        if fault is not None:
            entry.fault = fault.kind
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            elif fault.kind == "drop_before":
                await _drop(send)
                return
            elif fault.kind == "http_error":
                await self._send_fault(fault, entry, request_id, extra, send)
                return
        try:
            self._admit(method, path, headers, scope)
        except SimulatedApiError as exc:
            await self._refuse(exc, entry, request_id, extra, send)
            return
        if fault is not None and fault.kind in ("drop_after", "malformed"):
            status, response_headers, body = await _capture(self._app, scope, receive)
            if fault.kind == "drop_after":
                await _drop(send)
                return
            broken = body[: len(body) // 2] if fault.truncate else b"<!-- not json"
            kept = [(k, v) for k, v in response_headers if k.lower() != b"content-length"]
            entry.status = status
            await _respond_raw(send, status, broken, kept + extra)
            return

        async def tagged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self._app(scope, receive, tagged_send)
        except StreamCut:
            await _drop(send)

    def _host_allowed(self, host: str) -> bool:
        allowed = self._settings.allowed_hosts
        return "*" in allowed or host in (name.lower() for name in allowed)

    @staticmethod
    async def _refuse(
        error: SimulatedApiError,
        entry: RecordedRequest,
        request_id: str,
        extra: list[tuple[bytes, bytes]],
        send: Send,
    ) -> None:
        entry.status = error.status
        body = json.dumps(error.body(request_id)).encode()
        headers = [(k.lower().encode(), v.encode()) for k, v in error.headers().items()]
        await _respond(send, error.status, body, b"application/json", extra + headers)

    def _admit(self, method: str, path: str, headers: dict[str, str], scope: Scope) -> None:
        """Authenticate API calls (user id into the request state) and rate-limit Genie POSTs."""
        if not path.startswith(_AUTHENTICATED_PREFIXES):
            return
        user_id = self._tokens.authenticate(headers.get("authorization"))
        scope.setdefault("state", {})["user_id"] = user_id
        if method == "POST" and path.startswith(_LIMITED_PREFIX):
            wait = self._limiter.admit(self._settings.rate_limit, self._settings.rate_limit_window)
            if wait is not None:
                raise SimulatedApiError(
                    429,
                    "REQUEST_LIMIT_EXCEEDED",
                    f"Too many requests: at most {self._settings.rate_limit} POST requests "
                    f"per {self._settings.rate_limit_window:g} seconds per workspace.",
                    retry_after=wait,
                )

    async def _send_fault(
        self,
        fault: Fault,
        entry: RecordedRequest,
        request_id: str,
        extra: list[tuple[bytes, bytes]],
        send: Send,
    ) -> None:
        status = fault.status
        entry.status = status
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Error"
        headers = list(extra)
        if fault.retry_after is not None:
            headers.append((b"retry-after", str(math.ceil(fault.retry_after)).encode()))
        if fault.body == "json":
            code = _ERROR_CODES.get(status, "UNKNOWN")
            body = json.dumps(error_body(code, f"Simulated {status} {reason}.", request_id))
            await _respond(send, status, body.encode(), b"application/json", headers)
        elif fault.body == "html":
            title = f"{status} {reason}"
            page = (
                f"<html><head><title>{title}</title></head><body><center><h1>{title}</h1>"
                "</center><hr><center>nginx</center></body></html>"
            )
            await _respond(send, status, page.encode(), b"text/html; charset=utf-8", headers)
        else:
            await _respond(send, status, b"", None, headers)


def _host_name(host: str) -> str:
    """The name in a ``Host`` header, lower-case, without port or IPv6 brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.partition(":")[0]


async def _respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes | None,
    headers: list[tuple[bytes, bytes]],
) -> None:
    all_headers = list(headers)
    if content_type is not None:
        all_headers.append((b"content-type", content_type))
    await _respond_raw(send, status, body, all_headers)


async def _respond_raw(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    framing = [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + framing})
    await send({"type": "http.response.body", "body": body})


async def _capture(
    app: ASGIApp, scope: Scope, receive: Receive
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Run the app to completion, keeping its response instead of sending it."""
    captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured["status"] = message["status"]
            captured["headers"] = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            captured["body"] += message.get("body", b"")

    await app(scope, receive, keep)
    return captured["status"], captured["headers"], captured["body"]


async def _drop(send: Send) -> None:
    """Close the client connection without a response."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise SimulatedDisconnect("the simulator dropped the connection")
    transport.close()
    for _ in range(3):
        await asyncio.sleep(0)
