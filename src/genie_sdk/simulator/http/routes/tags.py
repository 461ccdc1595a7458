"""``/api/2.0/entity-tag-assignments``: tags on spaces, dashboards, apps and notebooks."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.http.routes._common import json_body, page_body
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["TagRoutes"]

_ROOT = "/api/2.0/entity-tag-assignments"
_TAGS = _ROOT + "/{entity_type}/{entity_id}/tags"
_ENTITY_TYPES = ("apps", "dashboards", "geniespaces", "notebooks")
_FORBIDDEN = set(",.:/-=")


def _check_entity(sim: Simulation, entity_type: Any, entity_id: Any) -> tuple[str, str]:
    if entity_type not in _ENTITY_TYPES:
        raise SimulatedApiError.invalid(
            f"entity_type must be one of {', '.join(_ENTITY_TYPES)}, got {entity_type!r}."
        )
    if not isinstance(entity_id, str) or not entity_id:
        raise SimulatedApiError.invalid("entity_id is required.")
    if entity_type == "geniespaces":
        sim.state.space(entity_id)
    return entity_type, entity_id


def _check_key(key: Any) -> str:
    if not isinstance(key, str) or not key.strip() or key != key.strip() or _FORBIDDEN & set(key):
        raise SimulatedApiError.invalid(
            f"Invalid tag key {key!r}: it may not contain , . : / - = or spaces at its ends."
        )
    return key


def _assignment(entity_type: str, entity_id: str, key: str, value: str | None) -> dict[str, Any]:
    body = {"entity_type": entity_type, "entity_id": entity_id, "tag_key": key}
    return body if value is None else {**body, "tag_value": value}


class TagRoutes:
    """List, assign and remove tags."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_ROOT, self.assign, methods=["POST"]),
            Route(_TAGS, self.list_tags, methods=["GET"]),
            Route(_TAGS + "/{tag_key}", self.remove, methods=["DELETE"]),
        ]

    async def list_tags(self, request: Request) -> Response:
        """``GET .../{entity_type}/{entity_id}/tags``, by key."""
        with self._sim.state.lock:
            kind, entity = _check_entity(
                self._sim, request.path_params["entity_type"], request.path_params["entity_id"]
            )
            tags = sorted(self._sim.state.tags.get((kind, entity), {}).items())
            page, token = paginate(
                tags,
                request.query_params,
                scope=f"tags:{kind}:{entity}",
                max_page_size=self._sim.settings.max_page_size,
            )
        items = [_assignment(kind, entity, key, value) for key, value in page]
        return JSONResponse(page_body("tag_assignments", items, token))

    async def assign(self, request: Request) -> Response:
        """``POST /entity-tag-assignments`` with ``{tag_assignment: {...}}``."""
        body = (await json_body(request)).get("tag_assignment")
        if not isinstance(body, dict):
            raise SimulatedApiError.invalid("tag_assignment is required.")
        value = body.get("tag_value")
        if value is not None and not isinstance(value, str):
            raise SimulatedApiError.invalid("tag_value must be a string.")
        with self._sim.state.lock:
            kind, entity = _check_entity(self._sim, body.get("entity_type"), body.get("entity_id"))
            key = _check_key(body.get("tag_key"))
            tags = self._sim.state.tags.setdefault((kind, entity), {})
            if key in tags:
                raise SimulatedApiError(
                    409, "ALREADY_EXISTS", f"Tag {key!r} is already assigned to {entity}."
                )
            tags[key] = value
        return JSONResponse(_assignment(kind, entity, key, value))

    async def remove(self, request: Request) -> Response:
        """``DELETE .../{entity_type}/{entity_id}/tags/{tag_key}``."""
        key = request.path_params["tag_key"]
        with self._sim.state.lock:
            kind, entity = _check_entity(
                self._sim, request.path_params["entity_type"], request.path_params["entity_id"]
            )
            tags = self._sim.state.tags.get((kind, entity), {})
            if key not in tags:
                raise SimulatedApiError.not_found("Tag", key)
            del tags[key]
        return JSONResponse({})
