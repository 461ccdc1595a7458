"""The simulated Workato headless genie API under ``/workato/api/v1``: its own token.

Replies stream as server-sent events; a stream can be cut (``cut_stream``) and resumed from
``Last-Event-ID``, or read back from the events listing.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from genie_sdk.simulator.domain.providers import ProviderError, check_bearer
from genie_sdk.simulator.domain.workato import WorkatoRun, WorkatoWorld
from genie_sdk.simulator.http.routes._common import base_url
from genie_sdk.simulator.http.routes.providers import guarded, json_object

__all__ = ["WORKATO_PREFIX", "WorkatoRoutes"]

WORKATO_PREFIX = "/workato"
_CHAT = WORKATO_PREFIX + "/api/v1/genies/{handle}/chat"
_CONVERSATION = _CHAT + "/conversations/{conversation_id}"
_KEEP_ALIVE = 2.0
_WAIT_STEP = 0.005
_MAX_UPLOAD = 10 * 2**20


class WorkatoRoutes:
    """Conversations, messages with streamed replies, uploads, approvals, events and history."""

    def __init__(self, world: WorkatoWorld) -> None:
        self._world = world

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_CHAT + "/conversations", guarded(self.create), methods=["POST"]),
            Route(_CHAT + "/conversations/events", guarded(self.events), methods=["GET"]),
            Route(_CONVERSATION + "/messages", guarded(self.send), methods=["POST"]),
            Route(_CONVERSATION + "/messages", guarded(self.history), methods=["GET"]),
            Route(_CONVERSATION + "/upload", guarded(self.upload), methods=["POST"]),
            Route(_CONVERSATION + "/genie-runs/{run_id}", guarded(self.reconnect), methods=["GET"]),
            Route(
                _CONVERSATION + "/skill_approval/{call_id}",
                guarded(self.approval),
                methods=["POST"],
            ),
            Route(
                _CHAT + "/runtime_connection/{attempt_id}/link",
                guarded(self.link),
                methods=["POST"],
            ),
            Route(
                _CHAT + "/runtime_connection/{attempt_id}/reject",
                guarded(self.reject_connection),
                methods=["POST"],
            ),
            Route(WORKATO_PREFIX + "/connections/authorize/{attempt_id}", guarded(self.authorize)),
        ]

    def _admit(self, request: Request) -> None:
        check_bearer(request.headers.get("authorization"), self._world.api_key)

    async def create(self, request: Request) -> Response:
        self._admit(request)
        created = self._world.create_conversation(request.path_params["handle"])
        return JSONResponse(created, status_code=201)

    async def send(self, request: Request) -> Response:
        self._admit(request)
        body = await json_object(request)
        content = body.get("content")
        if not isinstance(content, str) or not content.strip():
            raise ProviderError(400, "content: a non-empty string is required.")
        file_id = body.get("file_id")
        run = self._world.send(
            request.path_params["handle"],
            request.path_params["conversation_id"],
            content,
            file_id if isinstance(file_id, str) else None,
        )
        return self._stream(request, run, 0)

    async def reconnect(self, request: Request) -> Response:
        self._admit(request)
        if not self._world.reconnect_enabled:
            raise ProviderError(404, "Genie run streams are not available; list the events.")
        p = request.path_params
        run = self._world.run(p["handle"], p["conversation_id"], p["run_id"])
        last = request.headers.get("last-event-id")
        with self._world.lock:
            ids = [event["id"] for event in run.events]
        start = ids.index(last) + 1 if last in ids else 0
        return self._stream(request, run, start)

    def _stream(self, request: Request, run: WorkatoRun, start: int) -> Response:
        cut = self._world.take_cut()
        origin = base_url(request)
        return StreamingResponse(
            self._events(run, start, cut, origin),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Genie-Run-Id": run.id},
        )

    async def _events(
        self, run: WorkatoRun, start: int, cut: int | None, origin: str
    ) -> AsyncIterator[bytes]:
        sent, index, quiet = 0, start, 0.0
        while cut is None or sent < cut:
            with self._world.lock:
                fresh = run.events[index:]
                done = run.finished
            for event in fresh[: None if cut is None else cut - sent]:
                yield _sse(event, origin)
                sent += 1
                index += 1
            if done and not fresh:
                return
            if not fresh:
                await asyncio.sleep(_WAIT_STEP)
                quiet += _WAIT_STEP
                if quiet >= _KEEP_ALIVE:
                    quiet = 0.0
                    yield b": keep-alive\n\n"

    async def events(self, request: Request) -> Response:
        self._admit(request)
        conversation_id = request.query_params.get("conversation_id")
        if not conversation_id:
            raise ProviderError(400, "conversation_id is required.")
        since = request.query_params.get("since_created_at")
        events = self._world.events_since(request.path_params["handle"], conversation_id, since)
        origin = base_url(request)
        return JSONResponse({"events": [_absolute(e, origin) for e in events]})

    async def history(self, request: Request) -> Response:
        self._admit(request)
        p = request.path_params
        return JSONResponse({"messages": self._world.messages(p["handle"], p["conversation_id"])})

    async def upload(self, request: Request) -> Response:
        self._admit(request)
        kind = request.headers.get("content-type", "")
        body = await request.body()
        if not kind.startswith("multipart/form-data") or len(body) > _MAX_UPLOAD:
            raise ProviderError(400, "Upload a file as multipart/form-data (at most 10 MiB).")
        head = f"Content-Type: {kind}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        for part in message.iter_parts():
            name = part.get_filename()
            if name:
                content = part.get_payload(decode=True) or b""
                p = request.path_params
                stored = self._world.upload(p["handle"], p["conversation_id"], name, len(content))
                return JSONResponse(stored, status_code=201)
        raise ProviderError(400, "The upload has no file part.")

    async def approval(self, request: Request) -> Response:
        self._admit(request)
        body = await json_object(request)
        approved = body.get("approved", True)
        if not isinstance(approved, bool):
            raise ProviderError(400, "approved: a boolean is required.")
        p = request.path_params
        self._world.decide_skill(p["handle"], p["conversation_id"], p["call_id"], approved)
        return JSONResponse({"status": "approved" if approved else "rejected"})

    async def link(self, request: Request) -> Response:
        self._admit(request)
        p = request.path_params
        link = self._world.connection_link(p["handle"], p["attempt_id"])
        if link.get("auth_link"):
            link["auth_link"] = {"url": base_url(request) + link["auth_link"]["url"]}
        return JSONResponse(link)

    async def reject_connection(self, request: Request) -> Response:
        self._admit(request)
        p = request.path_params
        self._world.reject_connection(p["handle"], p["attempt_id"])
        return JSONResponse({"status": "rejected"})

    async def authorize(self, request: Request) -> Response:
        self._world.authorize(request.path_params["attempt_id"])
        return HTMLResponse("<html><body><h1>Connection authorized</h1></body></html>")


def _absolute(event: dict[str, Any], origin: str) -> dict[str, Any]:
    link = event["data"].get("auth_link")
    if isinstance(link, dict) and str(link.get("url", "")).startswith("/"):
        data = {**event["data"], "auth_link": {"url": origin + link["url"]}}
        return {**event, "data": data}
    return event


def _sse(event: dict[str, Any], origin: str) -> bytes:
    data = json.dumps(_absolute(event, origin), separators=(",", ":"))
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {data}\n\n".encode()
