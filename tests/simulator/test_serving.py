"""The model serving endpoint: an OpenAI-compatible chat API that analyses the rows it is sent."""

from __future__ import annotations

import json

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from genie_sdk.simulator.domain.serving import Table, analyse, find_table

ENDPOINT = "/serving-endpoints/genie-insights/invocations"
REGIONS = {
    "columns": [{"name": "region", "type": "STRING"}, {"name": "total_sales", "type": "DECIMAL"}],
    "rows": [["Central", "300.00"], ["East", "100.50"], ["West", "99.50"]],
}


def chat(prompt: str) -> dict[str, object]:
    return {
        "messages": [{"role": "system", "content": "Analyse."}, {"role": "user", "content": prompt}]
    }


def test_answers_with_a_chat_completion_about_the_rows(
    sim: GenieSimulator, http: httpx.Client
) -> None:
    prompt = f"Question: total sales by region\n```json\n{json.dumps(REGIONS)}\n```"
    response = http.post(ENDPOINT, json=chat(prompt))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "chat.completion"
    assert body["model"] == "genie-insights"
    choice = body["choices"][0]
    assert choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    text = choice["message"]["content"]
    assert "**total_sales**: 500 in total over 3 rows" in text
    assert "The highest total_sales is Central with 300 (60.0% of the total)" in text
    assert "the lowest is West with 99.50" in text
    assert http.post(ENDPOINT, json=chat(prompt)).json()["choices"][0]["message"]["content"] == text


def test_content_parts_and_a_bare_json_prompt(http: httpx.Client) -> None:
    body = {
        "messages": [{"role": "user", "content": [{"type": "text", "text": json.dumps(REGIONS)}]}]
    }
    response = http.post(ENDPOINT, json=body)
    assert "3 rows, 2 columns" in response.json()["choices"][0]["message"]["content"]


def test_trends_over_months() -> None:
    table = Table(
        ["month", "sales"], [["2024-01-01", 100], ["2024-02-01", 150], ["2024-03-01", 125]]
    )
    assert "Over time sales went from 100 (2024-01-01) to 125 (2024-03-01): up 25.0%." in analyse(
        table
    )


def test_no_table_empty_table_and_no_numbers() -> None:
    assert "found no table" in analyse(find_table("just words"))
    assert "empty" in analyse(Table(["a"], []))
    assert "no numeric column" in analyse(Table(["name"], [["x"], ["y"]]))
    assert find_table('{"columns": ["a"], "rows": [[1, 2]]}') is None  # rows wider than columns


def test_needs_a_token(sim: GenieSimulator) -> None:
    response = httpx.post(sim.url + ENDPOINT, json=chat("hi"))
    assert response.status_code == 401


def test_unknown_endpoint_is_404(http: httpx.Client) -> None:
    response = http.post("/serving-endpoints/nope/invocations", json=chat("hi"))
    assert response.status_code == 404
    assert response.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"messages": []},
        {"messages": [{"role": "robot", "content": "x"}]},
        {"messages": [{"role": "user", "content": 3}]},
        {"messages": [{"role": "user", "content": [{"type": "image_url"}]}]},
        {"messages": [{"role": "system", "content": "only a system prompt"}]},
        {"messages": [{"role": "user", "content": "x"}], "max_tokens": 0},
        {"messages": [{"role": "user", "content": "x" * 200_001}]},
    ],
)
def test_malformed_requests_are_400(http: httpx.Client, body: dict[str, object]) -> None:
    assert http.post(ENDPOINT, json=body).status_code == 400


@pytest.mark.genie_simulator(serving_endpoints=("mine",))
def test_endpoint_names_are_a_setting(http: httpx.Client) -> None:
    assert http.post("/serving-endpoints/mine/invocations", json=chat("hi")).status_code == 200
    assert http.post(ENDPOINT, json=chat("hi")).status_code == 404
