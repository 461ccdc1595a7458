"""``genie eval``: evaluate a space's benchmarks, gate CI on accuracy, compare runs, harvest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from genie_sdk import EvalReport
from genie_sdk._optional import require
from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag, SpaceArg, TimeoutOpt

__all__ = ["EXIT_BELOW_THRESHOLD", "app"]

app = typer.Typer(no_args_is_help=True, help="Evaluate spaces on their benchmark questions.")

EXIT_BELOW_THRESHOLD = 4
"""``eval run --min-accuracy``: the run finished below the threshold."""


def _print_report(report: EvalReport) -> None:
    for result in report.results:
        style = {"GOOD": "green", "BAD": "red"}.get(result.verdict, "yellow")
        reasons = f"  ({', '.join(result.score_reasons)})" if result.score_reasons else ""
        render.out.print(
            render.text(f"{result.verdict:<12} {result.question or ''}{reasons}", style)
        )
    render.out.print(
        render.text(
            f"Accuracy {report.accuracy:.1%}: {report.count('GOOD')} of {len(report.results)} "
            f"good (run {report.eval_run_id})",
            "bold",
        )
    )


@app.command("run")
def run(
    ctx: typer.Context,
    space_id: SpaceArg,
    question_id: Annotated[
        list[str] | None,
        typer.Option("--question-id", help="Run only this benchmark question (repeat for more)."),
    ] = None,
    min_accuracy: Annotated[
        float | None,
        typer.Option(
            "--min-accuracy",
            min=0.0,
            max=1.0,
            help=f"Exit with {EXIT_BELOW_THRESHOLD} when the accuracy (0-1) is lower (for CI).",
        ),
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML for CI to this file.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Save the report as JSON (for `genie eval compare`)."),
    ] = None,
    timeout: TimeoutOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Run every (or the chosen) benchmark question of a space and report each verdict."""
    with connection(ctx).client() as client:
        report = client.evaluate(space_id, question_id or None, timeout=timeout)
    if junit is not None:
        junit.write_text(report.to_junit_xml(), encoding="utf-8")
    if out is not None:
        out.write_text(report.to_json(), encoding="utf-8")
    if as_json:
        render.print_plain(report.to_json())
    else:
        _print_report(report)
    if min_accuracy is not None and report.accuracy < min_accuracy:
        render.err.print(
            f"Accuracy {report.accuracy:.1%} is below the minimum {min_accuracy:.1%}.",
            style="red",
        )
        raise typer.Exit(EXIT_BELOW_THRESHOLD)


@app.command("compare")
def compare(
    newer: Annotated[Path, typer.Argument(help="A report saved with `eval run --out`.")],
    earlier: Annotated[Path, typer.Argument(help="The report to compare with (a baseline).")],
    as_json: JsonFlag = False,
) -> None:
    """List the regressions and fixes between two saved evaluation reports."""
    now = EvalReport.from_json(newer.read_text(encoding="utf-8"))
    before = EvalReport.from_json(earlier.read_text(encoding="utf-8"))
    comparison = now.compare(before)
    if as_json:
        render.print_json(
            {
                "accuracy_change": comparison.accuracy_change,
                **{
                    name: [r.question for r in getattr(comparison, name)]
                    for name in ("regressions", "fixes", "added", "removed")
                },
            }
        )
    else:
        render.print_plain(comparison.to_markdown())


def _since(value: str | None) -> int | dt.datetime | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            "give epoch milliseconds or an ISO 8601 time", param_hint="--since"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


@app.command("harvest")
def harvest(
    ctx: typer.Context,
    space_id: SpaceArg,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only questions after this (epoch ms or ISO 8601): the last run's watermark.",
        ),
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Write the candidates to this YAML file for review."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Collect every user's questions (needs CAN MANAGE) as candidate benchmark questions."""
    with connection(ctx).client() as client:
        found = list(client.harvest_questions(space_id, since=_since(since)))
    rows: list[dict[str, Any]] = [
        {
            "question": q.question,
            "sql": q.sql,
            "feedback": q.feedback,
            "link": q.link,
            "conversation_id": q.conversation_id,
            "message_id": q.message_id,
            "created_timestamp": q.created_timestamp,
        }
        for q in found
    ]
    watermark = max((q.created_timestamp or 0 for q in found), default=None)
    if to is not None:
        yaml = require("yaml", "spaces", "genie eval harvest --to")
        text = yaml.safe_dump(
            {"since": watermark, "questions": rows}, sort_keys=False, allow_unicode=True
        )
        to.write_text(text, encoding="utf-8")
        render.err.print(render.text(f"Wrote {len(rows)} questions to {to}"))
    if as_json:
        render.print_json({"since": watermark, "questions": rows})
    elif to is None:
        for row in rows:
            rating = f" [{row['feedback']}]" if row["feedback"] else ""
            render.out.print(render.text(f"{row['question']}{rating}"))
    if watermark is not None:
        render.err.print(render.text(f"Next time: --since {watermark}"))
