"""An evaluation as a plan: create the run, poll it to the end, fetch every result's details."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from genie_sdk._core.calls import Call
from genie_sdk._core.endpoints import eval_runs
from genie_sdk._core.eval_report import EvalReport, report_of
from genie_sdk._core.listing import every_page
from genie_sdk._core.plans import Waiting
from genie_sdk._core.steps import Plan, Sleep
from genie_sdk.errors import EvalRunError, EvalTimeoutError
from genie_sdk.models import EvalResult, EvalResultDetails, EvalRun

__all__ = ["evaluate"]

_ENDED = frozenset({"DONE", "EVALUATION_FAILED", "EVALUATION_CANCELLED", "EVALUATION_TIMEOUT"})


def evaluate(
    space_id: str, question_ids: Sequence[str] | None, waiting: Waiting
) -> Plan[EvalReport]:
    """Check the arguments now; return the plan that evaluates the space's benchmarks.

    Raises:
        ValueError: an argument is invalid (nothing is sent).
    """
    create = eval_runs.create_eval_run(space_id, benchmark_question_ids=question_ids)
    return _evaluate(space_id, create, waiting)


def _evaluate(space_id: str, create: Call[EvalRun], waiting: Waiting) -> Plan[EvalReport]:
    run: EvalRun = yield create
    run_id = run.eval_run_id
    run = yield from _wait(space_id, run, waiting)
    status = str(run.eval_run_status)
    if status != "DONE":
        raise EvalRunError(space_id, run_id, status)
    listing = functools.partial(eval_runs.list_eval_results, space_id, run_id)
    pages = yield from every_page(listing)
    results: list[EvalResult] = [result for page in pages for result in page.items]
    details: list[EvalResultDetails] = []
    for result in results:
        detail: EvalResultDetails = yield eval_runs.get_eval_result(
            space_id, run_id, result.result_id
        )
        details.append(detail)
    return report_of(space_id, run, details)


def _wait(space_id: str, run: EvalRun, waiting: Waiting) -> Plan[EvalRun]:
    """Poll the run with the polling policy until it ends; `EvalTimeoutError` past its timeout."""
    started = waiting.clock()
    poll = 0
    while str(run.eval_run_status) not in _ENDED:
        elapsed = waiting.clock() - started
        if elapsed >= waiting.policy.timeout:
            raise EvalTimeoutError(
                space_id, run.eval_run_id, last_status=str(run.eval_run_status), elapsed=elapsed
            )
        delay, last = waiting.policy.step(poll, elapsed)
        yield Sleep(delay)
        poll += 1
        run = yield eval_runs.get_eval_run(space_id, run.eval_run_id)
        if last and str(run.eval_run_status) not in _ENDED:
            raise EvalTimeoutError(
                space_id,
                run.eval_run_id,
                last_status=str(run.eval_run_status),
                elapsed=waiting.clock() - started,
            )
    return run
