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
    """Id of the run."""
    eval_run_status: Open[EvalRunStatus] | None = None
    """Status of the run."""
    num_questions: int | None = None
    """Number of benchmark questions in the run."""
    num_done: int | None = None
    """Number of questions evaluated so far."""
    num_correct: int | None = None
    """Number of questions answered correctly."""
    num_needs_review: int | None = None
    """Number of questions whose answer needs a manual review."""
    run_by_user: int | str | None = None
    """Id of the user who started the run (a number or a string, as sent)."""
    created_timestamp: int | None = None
    """When the run was created, in epoch milliseconds."""
    last_updated_timestamp: int | None = None
    """When the run last changed, in epoch milliseconds."""


class EvalResult(GenieModel):
    """The outcome of one benchmark question in a run."""

    result_id: str
    """Id of the result."""
    space_id: str | None = None
    """Id of the space the run belongs to."""
    benchmark_question_id: str | None = None
    """Id of the benchmark question evaluated."""
    question: str | None = None
    """Text of the benchmark question, as it was when evaluated."""
    benchmark_answer: str | None = None
    """The benchmark's answer, as it was when evaluated."""
    status: str | None = None
    """Status of this result, as the server names it."""
    created_by_user: int | str | None = None
    """Id of the user who created the result (a number or a string, as sent)."""


class EvalResponse(GenieModel):
    """An expected or actual response to a benchmark question."""

    response: str | None = None
    """The response itself: SQL or text, as ``response_type`` says."""
    response_type: Open[ResponseType] | None = None
    """``SQL`` or ``TEXT``."""
    sql_execution_result: StatementResponse | None = None
    """The statement that ran the SQL, with its result, when the server sends it."""


class EvalResultDetails(EvalResult):
    """An evaluation result with its assessment and the responses compared."""

    assessment: Open[Assessment] | None = None
    """Verdict on Genie's answer: ``GOOD``, ``BAD`` or ``NEEDS_REVIEW``."""
    assessment_reasons: list[str] | None = None
    """Reason codes for the verdict, such as ``RESULT_MISSING_ROWS``."""
    expected_response: list[EvalResponse] | None = None
    """The responses the benchmark expects."""
    actual_response: list[EvalResponse] | None = None
    """The responses Genie gave."""
    manual_assessment: bool | str | None = None
    """Whether a person assessed the result (a bool or a string, as sent)."""


class ListEvalRunsResponse(GenieModel):
    """One page of evaluation runs."""

    eval_runs: list[EvalRun] = []
    """The runs on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class ListEvalResultsResponse(GenieModel):
    """One page of evaluation results."""

    eval_results: list[EvalResult] = []
    """The results on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class CreateEvalRunRequest(RequestModel):
    """Body of ``POST /spaces/{space_id}/eval-runs``."""

    benchmark_question_ids: list[str] | None = None
    """Ids of the benchmark questions to run; ``None`` runs them all."""
