"""``client.eval_runs``: run a space's benchmark questions and read the results."""

from __future__ import annotations

from collections.abc import Sequence

from genie_sdk._core.calls import Call, Page, genie_path, segment
from genie_sdk._core.endpoints._common import (
    decode_page,
    decode_page_json,
    page_params,
    request_body,
)
from genie_sdk.models import (
    CreateEvalRunRequest,
    EvalResult,
    EvalResultDetails,
    EvalRun,
    ListEvalResultsResponse,
    ListEvalRunsResponse,
)


def _runs(space_id: str, *rest: str) -> str:
    return genie_path("spaces", segment("space_id", space_id), "eval-runs", *rest)


def create_eval_run(
    space_id: str, *, benchmark_question_ids: Sequence[str] | None = None
) -> Call[EvalRun]:
    """Start evaluating the space's benchmark questions (all of them unless ids are given)."""
    if isinstance(benchmark_question_ids, str):
        raise ValueError("benchmark_question_ids must be a list of ids, not a string")
    ids = list(benchmark_question_ids) if benchmark_question_ids is not None else None
    body = request_body(CreateEvalRunRequest, benchmark_question_ids=ids)
    return Call(
        "POST",
        _runs(space_id),
        EvalRun.model_validate,
        decode_json=EvalRun.model_validate_json,
        body=body,
    )


def list_eval_runs(
    space_id: str, *, page_size: int | None = None, page_token: str | None = None
) -> Call[Page[EvalRun]]:
    """List a space's evaluation runs."""
    return Call(
        "GET",
        _runs(space_id),
        decode_page(ListEvalRunsResponse, "eval_runs"),
        decode_json=decode_page_json(ListEvalRunsResponse, "eval_runs"),
        params=page_params(page_size, page_token),
    )


def get_eval_run(space_id: str, eval_run_id: str) -> Call[EvalRun]:
    """Get an evaluation run and its progress."""
    return Call(
        "GET",
        _runs(space_id, segment("eval_run_id", eval_run_id)),
        EvalRun.model_validate,
        decode_json=EvalRun.model_validate_json,
    )


def list_eval_results(
    space_id: str,
    eval_run_id: str,
    *,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[EvalResult]]:
    """List the per-question results of an evaluation run."""
    return Call(
        "GET",
        _runs(space_id, segment("eval_run_id", eval_run_id), "results"),
        decode_page(ListEvalResultsResponse, "eval_results"),
        decode_json=decode_page_json(ListEvalResultsResponse, "eval_results"),
        params=page_params(page_size, page_token),
    )


def get_eval_result(space_id: str, eval_run_id: str, result_id: str) -> Call[EvalResultDetails]:
    """Get one result of an evaluation run with its assessment and responses."""
    path = _runs(
        space_id, segment("eval_run_id", eval_run_id), "results", segment("result_id", result_id)
    )
    return Call(
        "GET",
        path,
        EvalResultDetails.model_validate,
        decode_json=EvalResultDetails.model_validate_json,
    )
