"""``/api/2.0/genie/agents``: list, get, create, update and trash Genie Agents."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.agents import (
    agent_json,
    create_agent,
    list_agents,
    trash_agent,
    update_agent,
)
from genie_sdk.simulator.http.routes._common import json_body
from genie_sdk.simulator.http.simulation import Simulation
from genie_sdk.simulator.sql.dataset import CATALOG, SCHEMA
from genie_sdk.simulator.sql.engine import SqlError

__all__ = ["AgentRoutes"]

_AGENTS = "/api/2.0/genie/agents"
_AGENT = _AGENTS + "/{agent_id}"


class AgentRoutes:
    """Genie Agents management."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_AGENTS, self.list_agents, methods=["GET"]),
            Route(_AGENTS, self.create_agent, methods=["POST"]),
            Route(_AGENT, self.get_agent, methods=["GET"]),
            Route(_AGENT, self.update_agent, methods=["PATCH"]),
            Route(_AGENT, self.trash_agent, methods=["DELETE"]),
        ]

    def _columns_of(self, identifier: str) -> frozenset[str] | None:
        """Columns of a table of the demo schema; ``None`` for any other table."""
        catalog, _, rest = identifier.partition(".")
        schema, _, table = rest.partition(".")
        if (catalog, schema) != (CATALOG, SCHEMA) or table not in self._sim.engine.table_names():
            return None
        quoted = '"' + table.replace('"', '""') + '"'
        try:
            result = self._sim.engine.query(f"SELECT * FROM {CATALOG}.{SCHEMA}.{quoted} LIMIT 0")
        except SqlError:
            return None
        return frozenset(column.name for column in result.columns)

    async def list_agents(self, request: Request) -> Response:
        """``GET /agents``."""
        with self._sim.state.lock:
            return JSONResponse(list_agents(self._sim.state, request.query_params))

    async def get_agent(self, request: Request) -> Response:
        """``GET /agents/{agent_id}``."""
        with self._sim.state.lock:
            return JSONResponse(agent_json(self._sim.state.agent(request.path_params["agent_id"])))

    async def create_agent(self, request: Request) -> Response:
        """``POST /agents``."""
        body = await json_body(request)
        with self._sim.state.lock:
            agent = create_agent(
                self._sim.state,
                body,
                agent_id=request.query_params.get("genie_agent_id"),
                columns_of=self._columns_of,
                now=self._sim.clock.now(),
            )
            return JSONResponse(agent_json(agent))

    async def update_agent(self, request: Request) -> Response:
        """``PATCH /agents/{agent_id}``."""
        body = await json_body(request)
        with self._sim.state.lock:
            agent = update_agent(
                self._sim.state,
                request.path_params["agent_id"],
                body,
                update_mask=request.query_params.get("update_mask"),
                etag=request.query_params.get("etag"),
                columns_of=self._columns_of,
                now=self._sim.clock.now(),
            )
            return JSONResponse(agent_json(agent))

    async def trash_agent(self, request: Request) -> Response:
        """``DELETE /agents/{agent_id}``: move it to the trash."""
        with self._sim.state.lock:
            trash_agent(
                self._sim.state,
                request.path_params["agent_id"],
                etag=request.query_params.get("etag"),
            )
        return JSONResponse({})
