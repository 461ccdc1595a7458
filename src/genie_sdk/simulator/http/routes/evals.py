"""Benchmark evaluation runs and their results."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.evals import (
    create_eval_run,
    done_results,
    eval_result_json,
    eval_run_json,
    refresh_eval_run,
)
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.domain.state import EvalRunRecord
from genie_sdk.simulator.http.routes._common import json_body, page_body, user_id
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["EvalRoutes"]

_RUNS = "/api/2.0/genie/spaces/{space_id}/eval-runs"
_RUN = _RUNS + "/{eval_run_id}"


class EvalRoutes:
    """Routes under ``/spaces/{space_id}/eval-runs``."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_RUNS, self.create_run, methods=["POST"]),
            Route(_RUNS, self.list_runs, methods=["GET"]),
            Route(_RUN, self.get_run, methods=["GET"]),
            Route(_RUN + "/results", self.list_results, methods=["GET"]),
            Route(_RUN + "/results/{result_id}", self.get_result, methods=["GET"]),
        ]

    def _run(self, request: Request, *, poll: bool) -> EvalRunRecord:
        sim = self._sim
        run = sim.state.eval_run(
            request.path_params["space_id"], request.path_params["eval_run_id"]
        )
        refresh_eval_run(run, settings=sim.settings, now=sim.clock.now(), poll=poll)
        return run

    async def create_run(self, request: Request) -> Response:
        """``POST /spaces/{space_id}/eval-runs``."""
        body = await json_body(request)
        ids = body.get("benchmark_question_ids")
        if ids is not None and (
            not isinstance(ids, list) or not all(isinstance(i, str) for i in ids)
        ):
            raise SimulatedApiError.invalid("benchmark_question_ids must be a list of strings.")
        sim = self._sim
        with sim.state.lock:
            run = create_eval_run(
                sim.state.space(request.path_params["space_id"]),
                ids,
                rules=sim.rules,
                engine=sim.engine,
                settings=sim.settings,
                now=sim.clock.now(),
                user_id=user_id(request),
            )
            sim.state.eval_runs[run.eval_run_id] = run
            return JSONResponse(eval_run_json(run))

    async def list_runs(self, request: Request) -> Response:
        """``GET /spaces/{space_id}/eval-runs`` (newest first)."""
        sim = self._sim
        with sim.state.lock:
            space = sim.state.space(request.path_params["space_id"])
            runs = [r for r in sim.state.eval_runs.values() if r.space_id == space.space_id]
            runs.reverse()
            page, token = paginate(
                runs,
                request.query_params,
                scope=f"eval-runs:{space.space_id}",
                max_page_size=sim.settings.max_page_size,
            )
            now = sim.clock.now()
            for run in page:
                refresh_eval_run(run, settings=sim.settings, now=now, poll=False)
            items = [eval_run_json(run) for run in page]
        return JSONResponse(page_body("eval_runs", items, token))

    async def get_run(self, request: Request) -> Response:
        """``GET /spaces/{space_id}/eval-runs/{eval_run_id}``: each call is a poll."""
        with self._sim.state.lock:
            return JSONResponse(eval_run_json(self._run(request, poll=True)))

    async def list_results(self, request: Request) -> Response:
        """``GET .../eval-runs/{eval_run_id}/results``: results of the questions done so far."""
        with self._sim.state.lock:
            run = self._run(request, poll=False)
            page, token = paginate(
                done_results(run),
                request.query_params,
                scope=f"eval-results:{run.eval_run_id}",
                max_page_size=self._sim.settings.max_page_size,
            )
            items = [eval_result_json(run, result, details=False) for result in page]
        return JSONResponse(page_body("eval_results", items, token))

    async def get_result(self, request: Request) -> Response:
        """``GET .../eval-runs/{eval_run_id}/results/{result_id}``: the graded details."""
        result_id = request.path_params["result_id"]
        with self._sim.state.lock:
            run = self._run(request, poll=False)
            for result in done_results(run):
                if result["result_id"] == result_id:
                    return JSONResponse(eval_result_json(run, result, details=True))
        raise SimulatedApiError.not_found("Eval result", result_id)
