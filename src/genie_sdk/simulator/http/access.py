"""Access checks in front of the space routes: the level each call needs, from the space's ACL.

A caller below the level gets 403 ``PERMISSION_DENIED``, as from the service: running a space
(conversations) needs ``CAN_RUN``; its definition, updates and evaluations ``CAN_EDIT``; every
user's conversations, trashing it and changing its permissions ``CAN_MANAGE``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from genie_sdk.simulator.domain.acl import default_acl, effective_rank, rank
from genie_sdk.simulator.domain.errors import error_body
from genie_sdk.simulator.http.simulation import DEMO_USER_ID, Simulation

__all__ = ["AccessGuard"]

_SPACE = re.compile(r"^/api/2\.0/genie/spaces/(?P<id>[^/]+)(?P<rest>/.*)?$")
_SPACE_ACL = re.compile(r"^/api/2\.0/permissions/genie/(?P<id>[^/]+)$")


def _needed(method: str, rest: str, query: dict[str, list[str]]) -> str:
    """The level a call on a space needs."""
    asked_all = query.get("include_all", [""])[0].lower() == "true"
    if rest == "":
        if method == "GET":
            serialized = query.get("include_serialized_space", [""])[0].lower() == "true"
            return "CAN_EDIT" if serialized else "CAN_RUN"
        return "CAN_MANAGE" if method == "DELETE" else "CAN_EDIT"
    if rest.startswith("/eval-runs"):
        return "CAN_EDIT"
    if rest == "/conversations" and asked_all:
        return "CAN_MANAGE"
    return "CAN_RUN"


class AccessGuard:
    """ASGI wrapper refusing calls on a space the caller's permissions do not cover."""

    def __init__(self, app: ASGIApp, sim: Simulation) -> None:
        self._app = app
        self._sim = sim

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._refusal(scope) if scope["type"] == "http" else None
        if refusal is None:
            await self._app(scope, receive, send)
            return
        request_id = str(scope.get("state", {}).get("request_id", ""))
        body = json.dumps(error_body("PERMISSION_DENIED", refusal, request_id)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _refusal(self, scope: Scope) -> str | None:
        path: str = scope["path"]
        method: str = scope["method"]
        query = parse_qs(scope["query_string"].decode("latin-1"))
        space = _SPACE.match(path)
        acl = _SPACE_ACL.match(path)
        if space:
            space_id, level = space["id"], _needed(method, space["rest"] or "", query)
        elif acl and method in ("PUT", "PATCH"):
            space_id, level = acl["id"], "CAN_MANAGE"
        else:
            return None
        state = self._sim.state
        with state.lock:
            if space_id not in state.spaces:
                return None  # the route answers 404
            entries = state.acls.get(("genie", space_id))
            if entries is None:
                entries = default_acl(self._sim.principal(DEMO_USER_ID))
        who = self._sim.principal(int(scope.get("state", {}).get("user_id", 0)))
        if effective_rank(entries, who) >= rank(level):
            return None
        return f"{who.name} does not have {level} permission on space {space_id}."
