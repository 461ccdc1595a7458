"""Agent mode (``/genie/agents/{agent_id}/…``) and Genie One (``/genie/one/…``): streamed
responses, conversations, items and cancel."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.domain.responses import ResponseRecord, plan_response
from genie_sdk.simulator.domain.spaces import DEMO_SPACE_ID
from genie_sdk.simulator.http.faults import Fault
from genie_sdk.simulator.http.gateway import StreamCut
from genie_sdk.simulator.http.routes._common import base_url, json_body, user_id
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["ResponseRoutes"]

_AGENT = "/api/2.0/genie/agents/{agent_id}"
_AGENT_CONVERSATION = _AGENT + "/conversations/{conversation_id}"
_ONE = "/api/2.0/genie/one"
_ONE_CONVERSATION = _ONE + "/conversations/{conversation_id}"
_MAX_INPUT_BYTES = 25_000
_MAX_ITEMS = 100


class ResponseRoutes:
    """Routes of agent mode and Genie One."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_AGENT + "/responses", self.ask_agent, methods=["POST"]),
            Route(_AGENT_CONVERSATION + "/items", self.agent_items, methods=["GET"]),
            Route(
                _AGENT_CONVERSATION + "/responses/{response_id}/cancel",
                self.cancel,
                methods=["POST"],
            ),
            Route(_ONE + "/responses", self.ask_one, methods=["POST"]),
            Route(_ONE + "/conversations", self.one_conversations, methods=["GET"]),
            Route(_ONE_CONVERSATION, self.one_conversation, methods=["GET"]),
            Route(_ONE_CONVERSATION, self.delete_one_conversation, methods=["DELETE"]),
            Route(_ONE_CONVERSATION + "/items", self.one_items, methods=["GET"]),
            Route(_ONE_CONVERSATION + "/responses/{response_id}", self.one_response),
        ]

    # -- asking ------------------------------------------------------------------------------

    def _enabled(self, agent_mode: bool) -> None:
        settings = self._sim.settings
        if not (settings.agent_mode_enabled if agent_mode else settings.genie_one_enabled):
            name = "Genie Agents Agent Mode API" if agent_mode else "Genie One API"
            raise SimulatedApiError(404, "FEATURE_DISABLED", f"The {name} is not enabled.")

    async def ask_agent(self, request: Request) -> Response:
        """``POST /agents/{agent_id}/responses``: one user message in ``input``."""
        self._enabled(agent_mode=True)
        agent_id = request.path_params["agent_id"]
        with self._sim.state.lock:
            try:
                self._sim.state.agent(agent_id)
            except SimulatedApiError:
                self._sim.state.space(agent_id)  # a space is an agent too; 404 if neither
        body = await json_body(request)
        unknown = set(body) - {"input", "conversation_id", "enable_viz", "model", "stream"}
        if unknown:
            raise SimulatedApiError.invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
        question = _agent_question(body.get("input"))
        return self._start(request, question, agent_id, body.get("conversation_id"))

    async def ask_one(self, request: Request) -> Response:
        """``POST /one/responses``: ``input`` a string or one user message."""
        self._enabled(agent_mode=False)
        body = await json_body(request)
        unknown = set(body) - {"input", "conversation_id"}
        if unknown:
            raise SimulatedApiError.invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
        raw = body.get("input")
        question = raw if isinstance(raw, str) else _agent_question(raw)
        if not question.strip():
            raise SimulatedApiError.invalid("Field 'input' must not be blank.")
        if len(question.encode("utf-8")) > _MAX_INPUT_BYTES:
            raise SimulatedApiError.invalid(
                f"The input is longer than {_MAX_INPUT_BYTES} UTF-8 bytes."
            )
        return self._start(request, question, None, body.get("conversation_id"))

    def _start(
        self, request: Request, question: str, agent_id: str | None, conversation_id: Any
    ) -> Response:
        if conversation_id is not None and not isinstance(conversation_id, str):
            raise SimulatedApiError.invalid("Field 'conversation_id' must be a string.")
        sim = self._sim
        url = base_url(request)
        record = sim.responses.start(
            question,
            agent_id=agent_id,
            conversation_id=conversation_id,
            user_id=user_id(request),
            now=sim.clock.now(),
            plan=lambda conversation: plan_response(
                question,
                agent_id=agent_id,
                space_id=agent_id or DEMO_SPACE_ID,
                rules=sim.rules,
                engine=sim.engine,
                base_url=url,
                workspace_id=sim.workspace_id,
                conversation_id=conversation,
            ),
        )
        fault = sim.faults.take(request.method, request.url.path, stream=True)
        return StreamingResponse(
            self._events(record, fault),
            media_type="text/event-stream",
            headers={"cache-control": "no-store"},
        )

    async def _events(self, record: ResponseRecord, fault: Fault | None) -> AsyncIterator[bytes]:
        """The stream; the run goes on if the client leaves or the stream is cut."""
        lock = self._sim.responses.lock
        genie_one = record.agent_id is None
        cut = fault.after_events if fault is not None and fault.kind == "cut_stream" else None
        delay = fault.delay if fault is not None and fault.kind == "slow_stream" else 0.0
        slow_from = fault.after_events if fault is not None else 0
        try:
            for sequence in range(len(record.events) + 2):
                if delay and sequence >= slow_from:
                    await asyncio.sleep(delay)
                with lock:
                    frame, last = _next_frame(record, sequence)
                data = _frame({**frame, "sequence_number": sequence}, spaced=genie_one)
                if sequence == cut:
                    if fault is not None and fault.abort:
                        yield data[: len(data) // 2]
                        raise StreamCut
                    return
                yield data
                if last:
                    break
            if genie_one:
                yield b"data: [DONE]\n\n"
        finally:
            with lock:
                record.detached = True

    # -- agent mode --------------------------------------------------------------------------

    async def agent_items(self, request: Request) -> Response:
        """``GET …/conversations/{c}/items``: ``after`` an item id, ``limit``, ``order``."""
        self._enabled(agent_mode=True)
        params = request.query_params
        try:
            limit = int(params.get("limit") or _MAX_ITEMS)
        except ValueError as exc:
            raise SimulatedApiError.invalid("limit must be an integer.") from exc
        if not 1 <= limit <= _MAX_ITEMS:
            raise SimulatedApiError.invalid(f"limit must be between 1 and {_MAX_ITEMS}.")
        with self._sim.responses.lock:
            conversation = self._sim.responses.conversation(
                request.path_params["conversation_id"],
                agent_id=request.path_params["agent_id"],
                user_id=user_id(request),
            )
            items = conversation.items(self._sim.settings.response_reads)
            if params.get("order") == "desc":
                items.reverse()
            start = 0
            after = params.get("after")
            if after:
                ids = [item["id"] for item in items]
                if after not in ids:
                    raise SimulatedApiError.invalid(f"No item {after!r} in this conversation.")
                start = ids.index(after) + 1
            page = items[start : start + limit]
            status = conversation.responses[-1].status if conversation.responses else None
        body: dict[str, Any] = {
            "object": "list",
            "data": page,
            "has_more": start + limit < len(items),
        }
        if page:
            body["first_id"], body["last_id"] = page[0]["id"], page[-1]["id"]
        if status:
            body["status"] = status
        return JSONResponse(body)

    async def cancel(self, request: Request) -> Response:
        """``POST …/responses/{r}/cancel``: the turn's terminal state as a chat message."""
        self._enabled(agent_mode=True)
        with self._sim.responses.lock:
            conversation = self._sim.responses.conversation(
                request.path_params["conversation_id"],
                agent_id=request.path_params["agent_id"],
                user_id=user_id(request),
            )
            found = [
                r
                for r in conversation.responses
                if r.response_id == request.path_params["response_id"]
            ]
            if not found:
                raise SimulatedApiError.not_found("Response", request.path_params["response_id"])
            record = found[0]
            if record.status == "in_progress":
                record.status = "cancelled"
            status = {"completed": "COMPLETED", "cancelled": "CANCELLED"}.get(
                record.status, "FAILED"
            )
            now_ms = int(self._sim.clock.now() * 1000)
            message: dict[str, Any] = {
                "id": record.response_id,
                "message_id": record.response_id,
                "conversation_id": record.conversation_id,
                "space_id": record.agent_id,
                "user_id": user_id(request),
                "content": record.question,
                "status": status,
                "created_timestamp": int(record.created * 1000),
                "last_updated_timestamp": now_ms,
                "attachments": [],
            }
        return JSONResponse(message)

    # -- Genie One ---------------------------------------------------------------------------

    async def one_response(self, request: Request) -> Response:
        """``GET /one/conversations/{c}/responses/{r}``."""
        self._enabled(agent_mode=False)
        with self._sim.responses.lock:
            conversation = self._sim.responses.conversation(
                request.path_params["conversation_id"], agent_id=None, user_id=user_id(request)
            )
            for record in conversation.responses:
                if record.response_id == request.path_params["response_id"]:
                    record.settle(self._sim.settings.response_reads)
                    return JSONResponse(record.json())
        raise SimulatedApiError.not_found("Response", request.path_params["response_id"])

    async def one_conversations(self, request: Request) -> Response:
        """``GET /one/conversations``: the caller's, newest update first."""
        self._enabled(agent_mode=False)
        with self._sim.responses.lock:
            mine = [
                c
                for c in self._sim.responses.conversations.values()
                if c.agent_id is None and c.user_id == user_id(request)
            ]
            mine.sort(key=lambda c: c.updated, reverse=True)
            listed = [c.json() for c in mine]
        page, token = paginate(
            listed, request.query_params, scope="one-conversations", max_page_size=100
        )
        body: dict[str, Any] = {"conversations": page}
        if token:
            body["next_page_token"] = token
        return JSONResponse(body)

    async def one_conversation(self, request: Request) -> Response:
        """``GET /one/conversations/{c}``."""
        self._enabled(agent_mode=False)
        with self._sim.responses.lock:
            conversation = self._sim.responses.conversation(
                request.path_params["conversation_id"], agent_id=None, user_id=user_id(request)
            )
            return JSONResponse(conversation.json())

    async def delete_one_conversation(self, request: Request) -> Response:
        """``DELETE /one/conversations/{c}``."""
        self._enabled(agent_mode=False)
        store = self._sim.responses
        with store.lock:
            conversation = store.conversation(
                request.path_params["conversation_id"], agent_id=None, user_id=user_id(request)
            )
            del store.conversations[conversation.conversation_id]
        return JSONResponse({})

    async def one_items(self, request: Request) -> Response:
        """``GET /one/conversations/{c}/items``."""
        self._enabled(agent_mode=False)
        with self._sim.responses.lock:
            conversation = self._sim.responses.conversation(
                request.path_params["conversation_id"], agent_id=None, user_id=user_id(request)
            )
            items = conversation.items()
        page, token = paginate(items, request.query_params, scope="one-items", max_page_size=100)
        body: dict[str, Any] = {"object": "list", "data": page}
        if token:
            body["next_page_token"] = token
        return JSONResponse(body)


def _next_frame(record: ResponseRecord, sequence: int) -> tuple[dict[str, Any], bool]:
    """Event number ``sequence`` of a response's stream, and whether it is the last."""
    if sequence == 0:
        return {"type": "response.created", "response": record.json()}, False
    if record.status != "in_progress":
        return {"type": "response.failed", "response": record.json()}, True
    if sequence <= len(record.events):
        record.revealed = max(record.revealed, record.reveals[sequence - 1])
        return record.events[sequence - 1], False
    record.revealed, record.status = len(record.items), record.outcome
    return {"type": f"response.{record.outcome}", "response": record.json()}, True


def _agent_question(value: Any) -> str:
    """The text of exactly one user message."""
    if not isinstance(value, list) or len(value) != 1 or not isinstance(value[0], dict):
        raise SimulatedApiError.invalid("Field 'input' must hold exactly one user message.")
    message = value[0]
    if message.get("role") != "user" or message.get("type", "message") != "message":
        raise SimulatedApiError.invalid("The input message must be a user message.")
    content = message.get("content")
    parts: list[Any]
    if isinstance(content, str):
        parts = [content]
    elif isinstance(content, list) and content:
        parts = [
            part.get("text")
            for part in content
            if isinstance(part, dict) and part.get("type") == "input_text"
        ]
    else:
        parts = []
    if not parts or not all(isinstance(p, str) and p.strip() for p in parts):
        raise SimulatedApiError.invalid("The input message needs non-blank input_text content.")
    return "".join(parts)


def _frame(event: dict[str, Any], *, spaced: bool) -> bytes:
    """One event: ``event:`` and ``data:`` lines (agent mode as recorded, without a space)."""
    gap = " " if spaced else ""
    data = json.dumps(event, separators=(",", ":"))
    return f"event:{gap}{event['type']}\ndata:{gap}{data}\n\n".encode()
