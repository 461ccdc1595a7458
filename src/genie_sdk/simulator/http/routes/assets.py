"""AI/BI dashboards (``/api/2.0/lakeview``), object ACLs (``/api/2.0/permissions``) and tags."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.assets import (
    OBJECT_TYPES,
    TAG_ENTITY_TYPES,
    acl_json,
    dashboard_json,
    published_json,
)
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.http.routes._common import flag, page_body
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["AssetRoutes"]

_DASHBOARDS = "/api/2.0/lakeview/dashboards"
_DASHBOARD = _DASHBOARDS + "/{dashboard_id}"


class AssetRoutes:
    """Read-only views of dashboards, ACLs and tags (what a metadata crawler reads)."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_DASHBOARDS, self.list_dashboards, methods=["GET"]),
            Route(_DASHBOARD, self.get_dashboard, methods=["GET"]),
            Route(_DASHBOARD + "/published", self.get_published, methods=["GET"]),
            Route("/api/2.0/permissions/{object_type}/{object_id}", self.get_acl, methods=["GET"]),
            Route(
                "/api/2.0/entity-tag-assignments/{entity_type}/{entity_id}/tags",
                self.list_tags,
                methods=["GET"],
            ),
        ]

    async def list_dashboards(self, request: Request) -> Response:
        """``GET /lakeview/dashboards``: active ones, trashed ones too with ``show_trashed``."""
        show_trashed = flag(request.query_params.get("show_trashed"), "show_trashed")
        assets = self._sim.assets
        with assets.lock:
            shown = [
                d
                for d in assets.dashboards.values()
                if show_trashed or d.lifecycle_state != "TRASHED"
            ]
            page, token = paginate(
                shown,
                request.query_params,
                scope="dashboards",
                max_page_size=self._sim.settings.max_page_size,
            )
            items = [dashboard_json(d, full=False) for d in page]
        return JSONResponse(page_body("dashboards", items, token))

    async def get_dashboard(self, request: Request) -> Response:
        """``GET /lakeview/dashboards/{id}``: the draft with ``serialized_dashboard``."""
        with self._sim.assets.lock:
            record = self._sim.assets.dashboard(request.path_params["dashboard_id"])
            return JSONResponse(dashboard_json(record, full=True))

    async def get_published(self, request: Request) -> Response:
        """``GET /lakeview/dashboards/{id}/published``."""
        with self._sim.assets.lock:
            record = self._sim.assets.dashboard(request.path_params["dashboard_id"])
            return JSONResponse(published_json(record))

    async def get_acl(self, request: Request) -> Response:
        """``GET /permissions/{object_type}/{object_id}``."""
        object_type = request.path_params["object_type"]
        object_id = request.path_params["object_id"]
        if object_type not in OBJECT_TYPES:
            raise SimulatedApiError.invalid(f"Object type {object_type!r} is not supported.")
        self._check_exists(object_type, object_id)
        entries = self._sim.assets.acl(object_type, object_id)
        return JSONResponse(acl_json(object_type, object_id, entries))

    async def list_tags(self, request: Request) -> Response:
        """``GET /entity-tag-assignments/{entity_type}/{entity_id}/tags``."""
        entity_type = request.path_params["entity_type"]
        entity_id = request.path_params["entity_id"]
        if entity_type not in TAG_ENTITY_TYPES:
            raise SimulatedApiError.invalid(f"Entity type {entity_type!r} is not supported.")
        self._check_exists("dashboards" if entity_type == "dashboards" else "genie", entity_id)
        with self._sim.assets.lock:
            tags = list(self._sim.assets.tags.get((entity_type, entity_id), []))
        page, token = paginate(
            tags,
            request.query_params,
            scope=f"tags:{entity_id}",
            max_page_size=self._sim.settings.max_page_size,
        )
        items = [
            {"entity_type": entity_type, "entity_id": entity_id, "tag_key": key}
            | ({"tag_value": value} if value is not None else {})
            for key, value in page
        ]
        return JSONResponse(page_body("tag_assignments", items, token))

    def _check_exists(self, object_type: str, object_id: str) -> None:
        if object_type == "dashboards":
            with self._sim.assets.lock:
                self._sim.assets.dashboard(object_id)
        else:
            with self._sim.state.lock:
                self._sim.state.space(object_id)
