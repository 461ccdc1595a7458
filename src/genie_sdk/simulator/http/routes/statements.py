"""The SQL Statement Execution API on the demo warehouse: statements run at once, rows inline."""

from __future__ import annotations

import threading
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.spaces import WAREHOUSE_ID
from genie_sdk.simulator.domain.statements import inline_response, state_response
from genie_sdk.simulator.http.routes._common import json_body, required_text
from genie_sdk.simulator.http.simulation import Simulation
from genie_sdk.simulator.sql.engine import SqlError

__all__ = ["StatementRoutes"]

_STATEMENTS = "/api/2.0/sql/statements"


class StatementRoutes:
    """``POST /sql/statements`` and ``GET /sql/statements/{statement_id}``."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim
        self._lock = threading.Lock()
        self._statements: dict[str, dict[str, Any]] = {}

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_STATEMENTS, self.execute, methods=["POST"]),
            Route(_STATEMENTS + "/{statement_id}", self.get, methods=["GET"]),
        ]

    async def execute(self, request: Request) -> Response:
        """Run the statement on the demo warehouse (the only one there is)."""
        body = await json_body(request)
        if required_text(body, "warehouse_id") != WAREHOUSE_ID:
            raise SimulatedApiError.not_found("Warehouse", str(body["warehouse_id"]))
        sql = required_text(body, "statement")
        statement_id = new_id()
        settings = self._sim.settings
        try:
            result = self._sim.engine.query(sql)
            answer = inline_response(
                statement_id,
                result,
                row_limit=settings.inline_row_limit,
                row_format=settings.row_format,
            )
        except SqlError as error:
            answer = state_response(
                statement_id, "FAILED", error_code="BAD_REQUEST", message=error.message
            )
        with self._lock:
            self._statements[statement_id] = answer
        return JSONResponse(answer)

    async def get(self, request: Request) -> Response:
        """A statement run before."""
        statement_id = request.path_params["statement_id"]
        with self._lock:
            answer = self._statements.get(statement_id)
        if answer is None:
            raise SimulatedApiError.not_found("Statement", statement_id)
        return JSONResponse(answer)
