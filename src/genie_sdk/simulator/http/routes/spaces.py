"""``/api/2.0/genie/spaces``: list, get, create, update and trash spaces."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.acl import default_acl
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.domain.serialized import check_serialized
from genie_sdk.simulator.domain.spaces import new_space, space_json
from genie_sdk.simulator.http.routes._common import (
    flag,
    json_body,
    page_body,
    required_text,
    user_id,
)
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["SpaceRoutes"]

_SPACES = "/api/2.0/genie/spaces"
_SPACE = _SPACES + "/{space_id}"
_UPDATABLE = ("title", "description", "warehouse_id", "serialized_space", "parent_path")


class SpaceRoutes:
    """Space CRUD."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_SPACES, self.list_spaces, methods=["GET"]),
            Route(_SPACES, self.create_space, methods=["POST"]),
            Route(_SPACE, self.get_space, methods=["GET"]),
            Route(_SPACE, self.update_space, methods=["PATCH"]),
            Route(_SPACE, self.trash_space, methods=["DELETE"]),
        ]

    async def list_spaces(self, request: Request) -> Response:
        """``GET /spaces``."""
        state = self._sim.state
        with state.lock:
            live = [space for space in state.spaces.values() if not space.trashed]
            page, token = paginate(
                live,
                request.query_params,
                scope="spaces",
                max_page_size=self._sim.settings.max_page_size,
            )
            items = [space_json(s, include_serialized=False) for s in page]
        return JSONResponse(page_body("spaces", items, token))

    async def get_space(self, request: Request) -> Response:
        """``GET /spaces/{space_id}``."""
        include = flag(request.query_params.get("include_serialized_space"), "include_serialized")
        with self._sim.state.lock:
            space = self._sim.state.space(request.path_params["space_id"])
            return JSONResponse(space_json(space, include_serialized=bool(include)))

    async def create_space(self, request: Request) -> Response:
        """``POST /spaces``."""
        body = await json_body(request)
        warehouse_id = required_text(body, "warehouse_id")
        serialized = required_text(body, "serialized_space")
        check_serialized(serialized, self._sim.engine.has_table)
        with self._sim.state.lock:
            space = new_space(
                self._sim.state,
                title=str(body.get("title") or "New space"),
                description=body.get("description"),
                warehouse_id=warehouse_id,
                parent_path=body.get("parent_path"),
                serialized_space=serialized,
                now=self._sim.clock.now(),
            )
            creator = self._sim.principal(user_id(request))
            self._sim.state.acls[("genie", space.space_id)] = default_acl(creator)
            return JSONResponse(space_json(space, include_serialized=True))

    async def update_space(self, request: Request) -> Response:
        """``PATCH /spaces/{space_id}``: only given fields change; a stale ``etag`` is refused."""
        body = await json_body(request)
        if body.get("serialized_space") is not None:
            check_serialized(required_text(body, "serialized_space"), self._sim.engine.has_table)
        with self._sim.state.lock:
            space = self._sim.state.space(request.path_params["space_id"])
            etag = body.get("etag")
            if etag is not None and etag != space.etag:
                raise SimulatedApiError(
                    409, "ABORTED", "The etag does not match the space; reload it and retry."
                )
            for name in _UPDATABLE:
                if body.get(name) is not None:
                    setattr(space, name, body[name])
            space.etag = new_id()[:16]
            space.update_time = self._sim.clock.now()
            return JSONResponse(space_json(space, include_serialized=True))

    async def trash_space(self, request: Request) -> Response:
        """``DELETE /spaces/{space_id}``: move the space to the trash."""
        with self._sim.state.lock:
            self._sim.state.space(request.path_params["space_id"]).trashed = True
        return JSONResponse({})
