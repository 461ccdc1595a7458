"""What an evaluation run found: accuracy, a verdict per question, and reports for people and CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from genie_sdk._optional import require
from genie_sdk.models import EvalResponse, EvalResultDetails, EvalRun

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EvalComparison", "EvalQuestionResult", "EvalReport", "report_of"]

_RESULT_REASONS = ("RESULT_", "SINGLE_CELL_DIFFERENCE", "EMPTY_RESULT", "COLUMN_TYPE_DIFFERENCE")


def _sql(responses: list[EvalResponse] | None) -> str | None:
    for response in responses or ():
        if str(response.response_type) == "SQL" and response.response:
            return response.response
    return None


def _row_count(responses: list[EvalResponse] | None) -> int | None:
    for response in responses or ():
        statement = response.sql_execution_result
        if statement is not None and statement.manifest is not None:
            return statement.manifest.total_row_count
    return None


@dataclass(frozen=True)
class EvalQuestionResult:
    """The verdict on one benchmark question.

    Attributes:
        benchmark_question_id: Id of the benchmark question.
        question: The question asked.
        verdict: ``GOOD``, ``BAD`` or ``NEEDS_REVIEW`` (or a value the service added later).
        score_reasons: Why, as reason codes such as ``RESULT_MISSING_ROWS``.
        generated_sql: The SQL Genie wrote, if any.
        expected_sql: The benchmark's SQL, if it has one.
        result_differences: The reasons that compare the two results (rows, columns, cells).
        expected_row_count: Rows the expected SQL returned, when the service says.
        generated_row_count: Rows Genie's SQL returned, when the service says.
        details: The result as the service sent it.
    """

    benchmark_question_id: str | None
    question: str | None
    verdict: str
    score_reasons: list[str]
    generated_sql: str | None
    expected_sql: str | None
    result_differences: list[str]
    expected_row_count: int | None = None
    generated_row_count: int | None = None
    details: EvalResultDetails | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_details(cls, details: EvalResultDetails) -> EvalQuestionResult:
        """Read the verdict out of a result's details."""
        reasons = [str(r) for r in details.assessment_reasons or ()]
        return cls(
            benchmark_question_id=details.benchmark_question_id,
            question=details.question,
            verdict=str(details.assessment) if details.assessment else "NEEDS_REVIEW",
            score_reasons=reasons,
            generated_sql=_sql(details.actual_response),
            expected_sql=_sql(details.expected_response) or details.benchmark_answer,
            result_differences=[r for r in reasons if r.startswith(_RESULT_REASONS)],
            expected_row_count=_row_count(details.expected_response),
            generated_row_count=_row_count(details.actual_response),
            details=details,
        )

    @property
    def key(self) -> str:
        """What identifies the question across runs: its id, else its text."""
        return self.benchmark_question_id or self.question or ""


@dataclass(frozen=True)
class EvalComparison:
    """How a run differs from an earlier one, question by question.

    Attributes:
        regressions: Questions ``GOOD`` before and not now.
        fixes: Questions not ``GOOD`` before and ``GOOD`` now.
        added: Questions only in the newer run.
        removed: Questions only in the earlier run.
        accuracy_change: The newer accuracy minus the earlier one.
    """

    regressions: list[EvalQuestionResult]
    fixes: list[EvalQuestionResult]
    added: list[EvalQuestionResult]
    removed: list[EvalQuestionResult]
    accuracy_change: float

    def to_markdown(self) -> str:
        """The changes as Markdown, for a pull request comment."""
        lines = [f"Accuracy change: {self.accuracy_change:+.1%}", ""]
        for title, items in (
            ("Regressions", self.regressions),
            ("Fixes", self.fixes),
            ("Added", self.added),
            ("Removed", self.removed),
        ):
            lines.append(f"**{title}** ({len(items)})")
            lines.extend(f"- {_cell(item.question)} ({item.verdict})" for item in items)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class EvalReport:
    """Every result of one evaluation run of a space.

    Attributes:
        space_id: The space evaluated.
        eval_run_id: The run.
        run: The run as last polled (status and counts).
        results: One verdict per benchmark question, in the service's order.
    """

    space_id: str
    eval_run_id: str
    run: EvalRun = field(repr=False)
    results: list[EvalQuestionResult]

    @property
    def accuracy(self) -> float:
        """Share of questions judged ``GOOD``, from 0 to 1 (0 for a run without questions)."""
        if not self.results:
            return 0.0
        return sum(r.verdict == "GOOD" for r in self.results) / len(self.results)

    def count(self, verdict: str) -> int:
        """How many questions got ``verdict``."""
        return sum(r.verdict == verdict for r in self.results)

    def compare(self, earlier: EvalReport) -> EvalComparison:
        """List what changed since ``earlier``: regressions, fixes, added and removed questions."""
        before = {r.key: r for r in earlier.results}
        now = {r.key: r for r in self.results}
        return EvalComparison(
            regressions=[
                r
                for k, r in now.items()
                if k in before and before[k].verdict == "GOOD" and r.verdict != "GOOD"
            ],
            fixes=[
                r
                for k, r in now.items()
                if k in before and before[k].verdict != "GOOD" and r.verdict == "GOOD"
            ],
            added=[r for k, r in now.items() if k not in before],
            removed=[r for k, r in before.items() if k not in now],
            accuracy_change=self.accuracy - earlier.accuracy,
        )

    def rows(self) -> list[dict[str, Any]]:
        """One plain dict per question (what `to_pandas` and ``--json`` show)."""
        return [
            {
                "benchmark_question_id": r.benchmark_question_id,
                "question": r.question,
                "verdict": r.verdict,
                "score_reasons": list(r.score_reasons),
                "generated_sql": r.generated_sql,
                "expected_sql": r.expected_sql,
                "result_differences": list(r.result_differences),
                "expected_row_count": r.expected_row_count,
                "generated_row_count": r.generated_row_count,
            }
            for r in self.results
        ]

    def to_json(self) -> str:
        """The report as JSON text (read it back with `from_json`, e.g. to compare runs)."""
        data = {
            "space_id": self.space_id,
            "eval_run_id": self.eval_run_id,
            "accuracy": self.accuracy,
            "run": self.run.model_dump(mode="json", exclude_none=True),
            "results": self.rows(),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> EvalReport:
        """Read a report written by `to_json` (without the raw details).

        Raises:
            ValueError: the text is not such a report.
        """
        try:
            data = json.loads(text)
            results = [
                EvalQuestionResult(
                    benchmark_question_id=row.get("benchmark_question_id"),
                    question=row.get("question"),
                    verdict=str(row["verdict"]),
                    score_reasons=list(row.get("score_reasons") or ()),
                    generated_sql=row.get("generated_sql"),
                    expected_sql=row.get("expected_sql"),
                    result_differences=list(row.get("result_differences") or ()),
                    expected_row_count=row.get("expected_row_count"),
                    generated_row_count=row.get("generated_row_count"),
                )
                for row in data["results"]
            ]
            return cls(data["space_id"], data["eval_run_id"], EvalRun(**data["run"]), results)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not an evaluation report written by to_json(): {error}") from None

    def to_pandas(self) -> pd.DataFrame:
        """One row per question (needs ``pip install "genie-sdk[pandas]"``)."""
        pandas = require("pandas", "pandas", "EvalReport.to_pandas()")
        columns = list(EvalQuestionResult.__dataclass_fields__)[:-1]
        frame: pd.DataFrame = pandas.DataFrame(self.rows(), columns=columns)
        return frame

    def to_markdown(self) -> str:
        """A summary line and a table of the verdicts, in Markdown."""
        lines = [
            f"Evaluation run {self.eval_run_id} of space {self.space_id}: accuracy "
            f"{self.accuracy:.1%} ({self.count('GOOD')} good, {self.count('BAD')} bad, "
            f"{self.count('NEEDS_REVIEW')} to review, {len(self.results)} questions)",
            "",
            "| verdict | question | reasons |",
            "| --- | --- | --- |",
        ]
        lines.extend(
            f"| {r.verdict} | {_cell(r.question)} | {_cell(', '.join(r.score_reasons))} |"
            for r in self.results
        )
        return "\n".join(lines) + "\n"

    def to_junit_xml(self) -> str:
        """JUnit XML for CI: a test case per question; ``BAD`` fails, ``NEEDS_REVIEW`` skips."""
        suite = ET.Element(
            "testsuite",
            name=f"genie-eval {self.space_id}",
            tests=str(len(self.results)),
            failures=str(self.count("BAD")),
            skipped=str(sum(r.verdict not in ("GOOD", "BAD") for r in self.results)),
        )
        for result in self.results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"genie.{self.space_id}",
                name=_xml_text(result.question or result.key),
            )
            reasons = ", ".join(result.score_reasons) or "no reason given"
            body = _xml_text(
                f"{reasons}\n\nexpected SQL:\n{result.expected_sql or '-'}\n\n"
                f"generated SQL:\n{result.generated_sql or '-'}"
            )
            if result.verdict == "BAD":
                failure = ET.SubElement(case, "failure", message=_xml_text(reasons), type="BAD")
                failure.text = body
            elif result.verdict != "GOOD":
                ET.SubElement(case, "skipped", message=_xml_text(result.verdict))
        ET.indent(suite)
        return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _cell(text: str | None) -> str:
    """``text`` on one line of a Markdown table."""
    return " ".join((text or "").split()).replace("|", "\\|")


def _xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def report_of(space_id: str, run: EvalRun, details: Sequence[EvalResultDetails]) -> EvalReport:
    """The report of ``run`` from its results' details."""
    return EvalReport(
        space_id, run.eval_run_id, run, [EvalQuestionResult.from_details(d) for d in details]
    )
