"""``/serving-endpoints/{name}/invocations``: a chat model that analyses the rows it is sent."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.serving import analyse, chat_completion, find_table, user_prompt
from genie_sdk.simulator.http.routes._common import json_body
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["ServingRoutes"]

_INVOCATIONS = "/serving-endpoints/{name}/invocations"


class ServingRoutes:
    """Chat model serving endpoints, named by ``settings.serving_endpoints``."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [Route(_INVOCATIONS, self.invoke, methods=["POST"])]

    async def invoke(self, request: Request) -> Response:
        """``POST /serving-endpoints/{name}/invocations``: a ``chat.completion``."""
        name = request.path_params["name"]
        if name not in self._sim.settings.serving_endpoints:
            raise SimulatedApiError(
                404, "RESOURCE_DOES_NOT_EXIST", f"Endpoint with name '{name}' does not exist."
            )
        prompt = user_prompt(await json_body(request))
        analysis = analyse(find_table(prompt))
        created = int(self._sim.clock.now())
        return JSONResponse(chat_completion(name, prompt, analysis, created=created))
