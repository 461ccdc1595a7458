"""client.evaluate against a scripted server: waiting, failed and endless runs, every result."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from genie_sdk import EvalReport, EvalRunError, EvalTimeoutError, PollingPolicy
from tests.support.clients import Client
from tests.support.clocks import FakeClock
from tests.support.workspace import API

S, RUN = "s1", "r1"
RUNS = f"{API}/spaces/{S}/eval-runs"
POLICY = PollingPolicy(initial=1.0, maximum=4.0, jitter=0.0, timeout=30.0)


def run(status: str, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"eval_run_id": RUN, "eval_run_status": status, **extra})


def details(result_id: str, assessment: str, *reasons: str) -> dict[str, Any]:
    return {
        "result_id": result_id,
        "benchmark_question_id": "q" + result_id,
        "question": f"question {result_id}",
        "assessment": assessment,
        "assessment_reasons": list(reasons),
        "expected_response": [{"response": "SELECT 1", "response_type": "SQL"}],
        "actual_response": [{"response": "SELECT 2", "response_type": "SQL"}],
    }


def test_evaluate_waits_pages_and_fetches_every_result(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        create = mock.post(RUNS).mock(return_value=run("NOT_STARTED"))
        mock.get(f"{RUNS}/{RUN}").mock(side_effect=[run("RUNNING"), run("DONE")])
        mock.get(f"{RUNS}/{RUN}/results").mock(
            side_effect=[
                httpx.Response(
                    200, json={"eval_results": [{"result_id": "a"}], "next_page_token": "t"}
                ),
                httpx.Response(200, json={"eval_results": [{"result_id": "b"}]}),
            ]
        )
        mock.get(f"{RUNS}/{RUN}/results/a").mock(
            return_value=httpx.Response(200, json=details("a", "GOOD"))
        )
        mock.get(f"{RUNS}/{RUN}/results/b").mock(
            return_value=httpx.Response(200, json=details("b", "BAD", "RESULT_MISSING_ROWS"))
        )
        report: EvalReport = genie(genie.client.evaluate(S, ["qa", "qb"], polling=POLICY))
    assert create.calls[0].request.content == b'{"benchmark_question_ids":["qa","qb"]}'
    assert clock.sleeps == [1.0, 2.0]
    assert report.accuracy == 0.5
    assert [(r.verdict, r.result_differences) for r in report.results] == [
        ("GOOD", []),
        ("BAD", ["RESULT_MISSING_ROWS"]),
    ]
    assert (report.results[1].expected_sql, report.results[1].generated_sql) == (
        "SELECT 1",
        "SELECT 2",
    )


@pytest.mark.parametrize("status", ["EVALUATION_FAILED", "EVALUATION_CANCELLED"])
def test_a_run_that_ends_without_finishing_raises(genie: Client, status: str) -> None:
    with respx.mock() as mock:
        mock.post(RUNS).mock(return_value=run("RUNNING"))
        mock.get(f"{RUNS}/{RUN}").mock(return_value=run(status))
        error = genie.outcome(lambda: genie.client.evaluate(S, polling=POLICY))
    assert isinstance(error, EvalRunError)
    assert (error.eval_run_id, error.status) == (RUN, status)


def test_a_run_that_never_ends_times_out_with_its_ids(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        mock.post(RUNS).mock(return_value=run("RUNNING"))
        polls = mock.get(f"{RUNS}/{RUN}").mock(return_value=run("RUNNING"))
        error = genie.outcome(lambda: genie.client.evaluate(S, polling=POLICY))
    assert isinstance(error, EvalTimeoutError)
    assert (error.space_id, error.eval_run_id, error.last_status) == (S, RUN, "RUNNING")
    assert sum(clock.sleeps) == pytest.approx(30.0)
    assert polls.call_count == len(clock.sleeps)


def test_an_unknown_status_is_waited_on(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(RUNS).mock(return_value=run("QUEUED_SOMEWHERE"))
        mock.get(f"{RUNS}/{RUN}").mock(side_effect=[run("WARMING_UP"), run("DONE")])
        mock.get(f"{RUNS}/{RUN}/results").mock(return_value=httpx.Response(200, json={}))
        report = genie(genie.client.evaluate(S, polling=POLICY))
    assert report.results == []
    assert report.accuracy == 0.0


def test_bad_arguments_raise_before_any_request(genie: Client) -> None:
    with respx.mock() as mock:
        with pytest.raises(ValueError, match="benchmark_question_ids"):
            genie(genie.client.evaluate(S, "q1"))  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="space_id"):
            genie(genie.client.evaluate("a/b"))
    assert not mock.calls


def test_a_results_listing_stops_when_its_token_repeats(genie: Client) -> None:
    page = {"eval_results": [{"result_id": "a"}], "next_page_token": "same"}
    with respx.mock() as mock:
        mock.post(RUNS).mock(return_value=run("DONE"))
        listing = mock.get(f"{RUNS}/{RUN}/results").mock(
            return_value=httpx.Response(200, json=page)
        )
        mock.get(f"{RUNS}/{RUN}/results/a").mock(
            return_value=httpx.Response(200, json=details("a", "GOOD"))
        )
        report = genie(genie.client.evaluate(S, polling=POLICY))
    assert listing.call_count == 2
    assert [r.key for r in report.results] == ["qa", "qa"]
