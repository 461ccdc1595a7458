"""Benchmark evaluation runs."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, Open, RequestModel
from genie_sdk.models.enums import Assessment, EvalRunStatus, ResponseType
from genie_sdk.models.statements import StatementResponse

__all__ = [
    "CreateEvalRunRequest",
    "EvalResponse",
    "EvalResult",
    "EvalResultDetails",
    "EvalRun",
    "ListEvalResultsResponse",
    "ListEvalRunsResponse",
]


class EvalRun(GenieModel):
    """A run of a space's benchmark questions."""

    eval_run_id: str
    eval_run_status: Open[EvalRunStatus] | None = None
    num_questions: int | None = None
    num_done: int | None = None
    num_correct: int | None = None
    num_needs_review: int | None = None
    run_by_user: int | str | None = None
    created_timestamp: int | None = None
    last_updated_timestamp: int | None = None


class EvalResult(GenieModel):
    """The outcome of one benchmark question in a run."""

    result_id: str
    space_id: str | None = None
    benchmark_question_id: str | None = None
    question: str | None = None
    benchmark_answer: str | None = None
    status: str | None = None
    created_by_user: int | str | None = None


class EvalResponse(GenieModel):
    """An expected or actual response to a benchmark question."""

    response: str | None = None
    response_type: Open[ResponseType] | None = None
    sql_execution_result: StatementResponse | None = None


class EvalResultDetails(EvalResult):
    """An evaluation result with its assessment and the responses compared."""

    assessment: Open[Assessment] | None = None
    assessment_reasons: list[str] | None = None
    expected_response: list[EvalResponse] | None = None
    actual_response: list[EvalResponse] | None = None
    manual_assessment: bool | str | None = None


class ListEvalRunsResponse(GenieModel):
    """One page of evaluation runs."""

    eval_runs: list[EvalRun] = []
    next_page_token: str | None = None


class ListEvalResultsResponse(GenieModel):
    """One page of evaluation results."""

    eval_results: list[EvalResult] = []
    next_page_token: str | None = None


class CreateEvalRunRequest(RequestModel):
    """Body of ``POST /spaces/{space_id}/eval-runs``."""

    benchmark_question_ids: list[str] | None = None
