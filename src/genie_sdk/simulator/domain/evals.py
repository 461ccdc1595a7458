"""Benchmark evaluation runs: answer each benchmark question by the rules and grade it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.rules import RuleBook
from genie_sdk.simulator.domain.serialized import defined_benchmarks
from genie_sdk.simulator.domain.settings import SimulatorSettings
from genie_sdk.simulator.domain.state import Benchmark, EvalRunRecord, SpaceRecord
from genie_sdk.simulator.domain.statements import inline_response, state_response
from genie_sdk.simulator.sql.engine import ResultSet, SqlEngine, SqlError

__all__ = [
    "create_eval_run",
    "done_results",
    "eval_result_json",
    "eval_run_json",
    "refresh_eval_run",
]

_SUMMARY_KEYS = (
    "result_id",
    "space_id",
    "benchmark_question_id",
    "question",
    "benchmark_answer",
    "status",
    "created_by_user",
)


def create_eval_run(
    space: SpaceRecord,
    question_ids: Sequence[str] | None,
    *,
    rules: RuleBook,
    engine: SqlEngine,
    settings: SimulatorSettings,
    now: float,
    user_id: int,
) -> EvalRunRecord:
    """A ``NOT_STARTED`` run over the chosen (default: all) benchmark questions of the space."""
    defined = defined_benchmarks(json.loads(space.serialized_space))
    everything = defined + space.benchmarks
    by_id = {b.benchmark_question_id: b for b in everything}
    if question_ids:
        unknown = [qid for qid in question_ids if qid not in by_id]
        if unknown:
            raise SimulatedApiError.invalid(f"Unknown benchmark_question_ids: {', '.join(unknown)}")
        chosen = [by_id[qid] for qid in question_ids]
    else:
        chosen = everything
    if not chosen:
        raise SimulatedApiError.invalid(f"Space {space.space_id} has no benchmark questions.")
    results = [
        _grade(space.space_id, b, rules=rules, engine=engine, settings=settings, user_id=user_id)
        for b in chosen
    ]
    now_ms = int(now * 1000)
    return EvalRunRecord(new_id(), space.space_id, user_id, now_ms, now_ms, now, results)


def refresh_eval_run(
    run: EvalRunRecord, *, settings: SimulatorSettings, now: float, poll: bool
) -> None:
    """Advance the run: ``NOT_STARTED``, then one question per step while ``RUNNING``, ``DONE``."""
    last = len(run.results) + 1
    if settings.advance == "time":
        elapsed = now - run.started_at
        target = last if settings.stage_seconds <= 0 else int(elapsed / settings.stage_seconds)
    else:
        target = run.step + (settings.steps_per_poll if poll else 0)
    target = min(max(target, run.step), last)
    if target != run.step:
        run.step = target
        run.updated_ms = int(now * 1000)


def done_results(run: EvalRunRecord) -> list[dict[str, Any]]:
    """Results of the questions evaluated so far."""
    return run.results[: max(run.step - 1, 0)]


def _status(run: EvalRunRecord) -> str:
    if run.step == 0:
        return "NOT_STARTED"
    return "DONE" if run.step > len(run.results) else "RUNNING"


def eval_run_json(run: EvalRunRecord) -> dict[str, Any]:
    """The ``EvalRun`` object."""
    done = done_results(run)
    return {
        "eval_run_id": run.eval_run_id,
        "eval_run_status": _status(run),
        "num_questions": len(run.results),
        "num_done": len(done),
        "num_correct": sum(r["assessment"] == "GOOD" for r in done),
        "num_needs_review": sum(r["assessment"] == "NEEDS_REVIEW" for r in done),
        "run_by_user": run.user_id,
        "created_timestamp": run.created_ms,
        "last_updated_timestamp": run.updated_ms,
    }


def eval_result_json(
    run: EvalRunRecord, result: dict[str, Any], *, details: bool
) -> dict[str, Any]:
    """An ``EvalResult`` or, with ``details``, an ``EvalResultDetails``."""
    if not details:
        return {key: result[key] for key in _SUMMARY_KEYS if result.get(key) is not None}
    return {**result, "eval_run_status": _status(run)}


def _grade(
    space_id: str,
    benchmark: Benchmark,
    *,
    rules: RuleBook,
    engine: SqlEngine,
    settings: SimulatorSettings,
    user_id: int,
) -> dict[str, Any]:
    answer = rules.answer(benchmark.question, space_id=space_id, previous_sql=None)
    expected, expected_result = _response(benchmark.sql, benchmark.text, engine, settings)
    actual, actual_result = _response(
        answer.sql, answer.text or answer.clarification, engine, settings
    )
    if benchmark.sql is None or answer.sql is None or expected_result is None:
        assessment, reasons = "NEEDS_REVIEW", []
    elif actual_result is None:
        assessment, reasons = "BAD", ["LLM_JUDGE_SYNTAX_ERROR"]
    else:
        reasons = _differences(expected_result, actual_result)
        assessment = "BAD" if reasons else "GOOD"
    return {
        "result_id": new_id(),
        "space_id": space_id,
        "benchmark_question_id": benchmark.benchmark_question_id,
        "question": benchmark.question,
        "benchmark_answer": benchmark.sql or benchmark.text,
        "status": "DONE",
        "created_by_user": user_id,
        "assessment": assessment,
        "assessment_reasons": reasons,
        "expected_response": [expected],
        "actual_response": [actual],
        "manual_assessment": False,
    }


def _response(
    sql: str | None, text: str | None, engine: SqlEngine, settings: SimulatorSettings
) -> tuple[dict[str, Any], ResultSet | None]:
    if sql is None:
        return {"response": text or "", "response_type": "TEXT"}, None
    statement_id = new_id()
    try:
        result = engine.query(sql)
    except SqlError as exc:
        failed = state_response(
            statement_id, "FAILED", error_code="BAD_REQUEST", message=exc.message
        )
        return {"response": sql, "response_type": "SQL", "sql_execution_result": failed}, None
    statement = inline_response(
        statement_id, result, row_limit=settings.inline_row_limit, row_format=settings.row_format
    )
    return {"response": sql, "response_type": "SQL", "sql_execution_result": statement}, result


def _differences(expected: ResultSet, actual: ResultSet) -> list[str]:
    reasons = []
    if len(actual.columns) > len(expected.columns):
        reasons.append("RESULT_EXTRA_COLUMNS")
    elif len(actual.columns) < len(expected.columns):
        reasons.append("RESULT_MISSING_COLUMNS")
    if not actual.rows and expected.rows:
        reasons.append("EMPTY_RESULT")
    elif len(actual.rows) > len(expected.rows):
        reasons.append("RESULT_EXTRA_ROWS")
    elif len(actual.rows) < len(expected.rows):
        reasons.append("RESULT_MISSING_ROWS")
    if reasons:
        return reasons
    mismatched = sum(
        a != e
        for actual_row, expected_row in zip(_sorted(actual), _sorted(expected), strict=True)
        for a, e in zip(actual_row, expected_row, strict=True)
    )
    if mismatched == 1:
        return ["SINGLE_CELL_DIFFERENCE"]
    return ["LLM_JUDGE_OTHER"] if mismatched else []


def _sorted(result: ResultSet) -> list[list[str]]:
    return sorted([value or "" for value in row] for row in result.encoded())
