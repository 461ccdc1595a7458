"""Benchmark evaluation runs: progression, results and graded details."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import Genie


def _run(genie: Genie, http: httpx.Client, **body: Any) -> dict[str, Any]:
    run: dict[str, Any] = genie.ok(http.post(f"{genie.space}/eval-runs", json=body))
    return run


def test_eval_run_progresses_and_grades(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    run = _run(genie, http)
    assert run["eval_run_status"] == "NOT_STARTED"
    assert run["num_questions"] == 4
    assert run["run_by_user"] == sim.user_id
    path = f"{genie.space}/eval-runs/{run['eval_run_id']}"
    statuses = []
    for _ in range(6):
        polled = http.get(path).json()
        statuses.append((polled["eval_run_status"], polled["num_done"]))
    assert statuses == [
        ("RUNNING", 0),
        ("RUNNING", 1),
        ("RUNNING", 2),
        ("RUNNING", 3),
        ("DONE", 4),
        ("DONE", 4),
    ]
    assert (polled["num_correct"], polled["num_needs_review"]) == (2, 1)

    results = http.get(f"{path}/results", params={"page_size": 3}).json()
    more = http.get(f"{path}/results", params={"page_token": results["next_page_token"]}).json()
    listed = results["eval_results"] + more["eval_results"]
    assert [r["question"] for r in listed] == [
        "What are the total sales by region?",
        "How many customers do we have?",
        "What are the top 5 products?",
        "What can you do?",
    ]
    assert set(listed[0]) == {
        "result_id",
        "space_id",
        "benchmark_question_id",
        "question",
        "benchmark_answer",
        "status",
        "created_by_user",
    }
    details = [http.get(f"{path}/results/{r['result_id']}").json() for r in listed]
    assert [d["assessment"] for d in details] == ["GOOD", "GOOD", "BAD", "NEEDS_REVIEW"]
    assert details[2]["assessment_reasons"] == ["RESULT_EXTRA_COLUMNS"]
    expected = details[0]["expected_response"][0]
    assert expected["response_type"] == "SQL"
    assert expected["sql_execution_result"]["status"]["state"] == "SUCCEEDED"
    assert details[3]["actual_response"][0]["response_type"] == "TEXT"
    assert details[0]["eval_run_status"] == "DONE"


def test_eval_run_over_chosen_questions(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    question_id = sim.add_benchmark("How many customers do we have?", sql="SELECT 1")
    run = _run(genie, http, benchmark_question_ids=[question_id])
    assert run["num_questions"] == 1
    path = f"{genie.space}/eval-runs/{run['eval_run_id']}"
    for _ in range(2):
        http.get(path)
    result = http.get(f"{path}/results").json()["eval_results"][0]
    details = http.get(f"{path}/results/{result['result_id']}").json()
    assert details["assessment"] == "BAD"
    assert details["assessment_reasons"] == ["SINGLE_CELL_DIFFERENCE"]
    listed = http.get(f"{genie.space}/eval-runs").json()["eval_runs"]
    assert [r["eval_run_id"] for r in listed] == [run["eval_run_id"]]


def test_eval_run_errors(genie: Genie, http: httpx.Client) -> None:
    unknown = http.post(f"{genie.space}/eval-runs", json={"benchmark_question_ids": ["nope"]})
    assert unknown.status_code == 400
    missing = http.get(f"{genie.space}/eval-runs/{'0' * 32}")
    assert missing.status_code == 404
    run = _run(genie, http)
    early = http.get(f"{genie.space}/eval-runs/{run['eval_run_id']}/results/{'0' * 32}")
    assert early.status_code == 404


@pytest.mark.genie_simulator(advance="time", stage_seconds=5)
def test_eval_run_over_time(sim: GenieSimulator, genie: Genie, http: httpx.Client) -> None:
    run = _run(genie, http)
    path = f"{genie.space}/eval-runs/{run['eval_run_id']}"
    assert http.get(path).json()["eval_run_status"] == "NOT_STARTED"
    sim.clock.advance(60)
    assert http.get(path).json()["eval_run_status"] == "DONE"
