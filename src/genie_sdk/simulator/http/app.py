"""The simulator's ASGI application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from genie_sdk.simulator.domain.errors import SimulatedApiError, error_body
from genie_sdk.simulator.http.access import AccessGuard
from genie_sdk.simulator.http.gateway import Gateway
from genie_sdk.simulator.http.oidc import OidcRoutes
from genie_sdk.simulator.http.routes.agents import AgentRoutes
from genie_sdk.simulator.http.routes.assets import AssetRoutes
from genie_sdk.simulator.http.routes.conversations import ConversationRoutes
from genie_sdk.simulator.http.routes.evals import EvalRoutes
from genie_sdk.simulator.http.routes.permissions import PermissionRoutes
from genie_sdk.simulator.http.routes.responses import ResponseRoutes
from genie_sdk.simulator.http.routes.results import ResultRoutes
from genie_sdk.simulator.http.routes.secoda import SecodaRoutes
from genie_sdk.simulator.http.routes.serving import ServingRoutes
from genie_sdk.simulator.http.routes.spaces import SpaceRoutes
from genie_sdk.simulator.http.routes.statements import StatementRoutes
from genie_sdk.simulator.http.routes.storage import StorageRoutes
from genie_sdk.simulator.http.routes.tags import TagRoutes
from genie_sdk.simulator.http.routes.workato import WorkatoRoutes
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["build_app"]


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SimulatedApiError)
    return JSONResponse(
        exc.body(_request_id(request)), status_code=exc.status, headers=exc.headers()
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (404, 405):
        code, message = (
            "ENDPOINT_NOT_FOUND",
            f"No API found for '{request.method} {request.url.path}'",
        )
        status = 404
    else:
        code, message, status = "BAD_REQUEST", str(exc.detail), exc.status_code
    return JSONResponse(error_body(code, message, _request_id(request)), status_code=status)


def build_app(sim: Simulation) -> ASGIApp:
    """Every Genie, OIDC and storage route behind the gateway middleware."""
    routes = [
        *OidcRoutes(sim.tokens, workspace_id=sim.workspace_id).routes(),
        *StorageRoutes(sim).routes(),
        *SpaceRoutes(sim).routes(),
        *ConversationRoutes(sim).routes(),
        *EvalRoutes(sim).routes(),
        *ResultRoutes(sim).routes(),
        *AgentRoutes(sim).routes(),
        *PermissionRoutes(sim).routes(),
        *TagRoutes(sim).routes(),
        *ResponseRoutes(sim).routes(),
        *StatementRoutes(sim).routes(),
        *ServingRoutes(sim).routes(),
        *SecodaRoutes(sim.secoda, sim.secoda_quota).routes(),
        *WorkatoRoutes(sim.workato).routes(),
        *AssetRoutes(sim).routes(),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={SimulatedApiError: _api_error, HTTPException: _http_error},
    )
    return Gateway(
        AccessGuard(app, sim),
        settings=sim.settings,
        clock=sim.clock,
        journal=sim.journal,
        faults=sim.faults,
        limiter=sim.limiter,
        tokens=sim.tokens,
        workspace_id=sim.workspace_id,
    )
