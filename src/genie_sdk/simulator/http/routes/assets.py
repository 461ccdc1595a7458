"""AI/BI dashboards (``/api/2.0/lakeview``): list, get the draft, get the published version."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.assets import dashboard_json, published_json
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.http.routes._common import flag, page_body
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["AssetRoutes"]

_DASHBOARDS = "/api/2.0/lakeview/dashboards"
_DASHBOARD = _DASHBOARDS + "/{dashboard_id}"


class AssetRoutes:
    """Read-only views of dashboards (what a metadata crawler reads)."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_DASHBOARDS, self.list_dashboards, methods=["GET"]),
            Route(_DASHBOARD, self.get_dashboard, methods=["GET"]),
            Route(_DASHBOARD + "/published", self.get_published, methods=["GET"]),
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
