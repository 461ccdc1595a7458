"""``/api/2.0/permissions/{genie|dashboards}/{id}``: read, replace and extend access lists."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.acl import acl_json, default_acl, parse_acl
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.http.routes._common import json_body
from genie_sdk.simulator.http.simulation import DEMO_USER_ID, Simulation

__all__ = ["PermissionRoutes"]

_ACL = "/api/2.0/permissions/{object_type}/{object_id}"
_TYPES = ("genie", "dashboards")


class PermissionRoutes:
    """Access control lists of spaces and dashboards (permission changes apply at once)."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [Route(_ACL, self.permissions, methods=["GET", "PUT", "PATCH"])]

    async def permissions(self, request: Request) -> Response:
        """``GET`` the list; ``PUT`` replaces the direct permissions; ``PATCH`` adds to them."""
        object_type = request.path_params["object_type"]
        object_id = request.path_params["object_id"]
        if object_type not in _TYPES:
            raise SimulatedApiError.invalid(
                f"Object type {object_type!r} is not supported here; use genie or dashboards."
            )
        body = await json_body(request) if request.method != "GET" else {}
        state = self._sim.state
        with state.lock:
            if object_type == "genie":
                state.space(object_id)
            key = (object_type, object_id)
            current = state.acls.get(key) or default_acl(self._sim.principal(DEMO_USER_ID))
            if request.method == "PUT":
                current = parse_acl(object_type, body)
            elif request.method == "PATCH":
                added = parse_acl(object_type, body)
                replaced = {(e.kind, e.name) for e in added}
                current = [e for e in current if (e.kind, e.name) not in replaced] + added
            if request.method != "GET":
                state.acls[key] = current
            return JSONResponse(acl_json(object_type, object_id, current))
