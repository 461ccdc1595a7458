"""Answers: attachments, query results, truncation, rules, failures, expiry and re-execution."""

from __future__ import annotations

import re

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator, Question, ScriptedAnswer
from tests.simulator._helpers import Genie, attachment, kinds, queries


def test_completed_query_attachment_and_result(sim: GenieSimulator, genie: Genie) -> None:
    message = genie.ask("top 10 products")
    assert kinds(message) == ["query", "text", "viz", "suggested_questions"]
    query = queries(message)[0]
    body = query["query"]
    assert query["attachment_id"] == body["id"]
    assert body["title"] == "Top 10 products by revenue"
    assert "LIMIT 10" in body["query"]
    assert body["query_result_metadata"] == {"row_count": 10, "is_truncated": False}
    assert body["thoughts"][0]["thought_type"] == "THOUGHT_TYPE_DESCRIPTION"
    assert message["query_result"]["statement_id"] == body["statement_id"]

    statement = genie.result(message)
    assert statement["statement_id"] == body["statement_id"]
    assert statement["status"] == {"state": "SUCCEEDED"}
    manifest = statement["manifest"]
    assert manifest["format"] == "JSON_ARRAY"
    assert manifest["schema"]["column_count"] == 4
    assert [c["type_text"] for c in manifest["schema"]["columns"]] == [
        "STRING",
        "STRING",
        "BIGINT",
        "DECIMAL(38,2)",
    ]
    assert manifest["total_row_count"] == 10
    assert manifest["truncated"] is False
    result = statement["result"]
    assert result["row_count"] == len(result["data_array"]) == 10
    expected = sim.query_sql(
        "SELECT p.product_name FROM sales s JOIN products p USING (product_id) "
        "GROUP BY 1 ORDER BY SUM(s.amount) DESC LIMIT 10"
    )
    assert [row[0] for row in result["data_array"]] == [row[0] for row in expected]
    assert attachment(message, "viz")["viz"]["query_attachment_id"] == query["attachment_id"]


def test_top_n_products_follows_the_question(genie: Genie) -> None:
    message = genie.ask("What are the top 3 selling products?")
    assert genie.result(message)["result"]["row_count"] == 3


def test_show_all_sales_is_truncated_at_5000_rows(genie: Genie) -> None:
    message = genie.ask("show all sales")
    assert queries(message)[0]["query"]["query_result_metadata"] == {
        "row_count": 5000,
        "is_truncated": True,
    }
    statement = genie.result(message)
    assert statement["manifest"]["truncated"] is True
    assert statement["manifest"]["total_row_count"] == 5000
    assert len(statement["result"]["data_array"]) == 5000
    assert statement["result"]["data_array"][0][0] == "1"


@pytest.mark.genie_simulator(row_format="data_typed_array")
def test_data_typed_array(genie: Genie) -> None:
    statement = genie.result(genie.ask("show all column types"))
    rows = statement["result"]["data_typed_array"]
    assert "data_array" not in statement["result"]
    assert rows[0]["values"][0] == {"str": "1"}
    assert rows[3]["values"][1] == {}


def test_text_only_reply(genie: Genie) -> None:
    message = genie.ask("What can you do?")
    assert message["status"] == "COMPLETED"
    assert kinds(message) == ["text", "suggested_questions"]
    text = attachment(message, "text")["text"]
    assert "purpose" not in text
    assert "retail" in text["content"]
    assert "query_result" not in message


def test_unmatched_question_gets_a_clarification(genie: Genie) -> None:
    message = genie.ask("what is the meaning of life?")
    assert message["status"] == "COMPLETED"
    assert attachment(message, "text")["text"]["purpose"] == "FOLLOW_UP_QUESTION"


def test_follow_up_without_a_previous_query_asks_back(genie: Genie) -> None:
    message = genie.ask("only 2024")
    assert attachment(message, "text")["text"]["purpose"] == "FOLLOW_UP_QUESTION"


def test_self_correction_has_two_queries_the_last_answers(genie: Genie) -> None:
    message = genie.ask("what is the average order value?")
    first, last = queries(message)
    assert first["query"]["title"] == "Initial attempt"
    assert message["query_result"]["statement_id"] == last["query"]["statement_id"]
    first_value = genie.result(message, first["attachment_id"])["result"]["data_array"][0][0]
    last_value = genie.result(message, last["attachment_id"])["result"]["data_array"][0][0]
    assert float(last_value) > float(first_value)


def test_custom_answers(sim: GenieSimulator, genie: Genie) -> None:
    sim.add_answer(
        r"\bbest store\b",
        sql="SELECT store_name FROM stores ORDER BY square_meters DESC LIMIT 1",
        title="Largest store",
        description="The store with the most floor space.",
        suggested_questions=("And the smallest?",),
    )
    sim.add_answer("greeting", text="Hello!")
    sim.add_answer("ambiguous", clarification="Which region do you mean?")
    message = genie.ask("Which is the BEST STORE?")
    assert queries(message)[0]["query"]["title"] == "Largest store"
    assert attachment(message, "suggested_questions")["suggested_questions"] == {
        "questions": ["And the smallest?"]
    }
    assert "The answer is" in attachment(message, "text")["text"]["content"]
    assert kinds(genie.ask("greeting")) == ["text"]
    clarification = attachment(genie.ask("ambiguous sales"), "text")["text"]
    assert clarification == {
        "id": clarification["id"],
        "content": "Which region do you mean?",
        "purpose": "FOLLOW_UP_QUESTION",
    }


def test_custom_rule_sees_the_match_and_previous_sql(sim: GenieSimulator, genie: Genie) -> None:
    seen: list[Question] = []

    def respond(question: Question) -> ScriptedAnswer:
        seen.append(question)
        return ScriptedAnswer(sql=f"SELECT {int(question.match['n'])} * 2 AS doubled")

    sim.add_rule(re.compile(r"double (?P<n>\d+)"), respond)
    first = genie.ask("how many customers")
    message = genie.follow_up(first["conversation_id"], "double 21")
    assert genie.result(message)["result"]["data_array"] == [["42"]]
    assert seen[0].previous_sql == "SELECT COUNT(*) AS customers FROM customers"


def test_rules_scoped_to_a_space(sim: GenieSimulator, genie: Genie, http: httpx.Client) -> None:
    other = http.get("/api/2.0/genie/spaces").json()["spaces"][1]["space_id"]
    sim.add_answer("scoped", text="only here", space_id=other)
    assert attachment(genie.ask("scoped"), "text")["text"].get("purpose") == "FOLLOW_UP_QUESTION"
    elsewhere = Genie(http, other).ask("scoped")
    assert attachment(elsewhere, "text")["text"]["content"] == "only here"


def test_failed_message(sim: GenieSimulator, genie: Genie) -> None:
    sim.add_answer("boom", error_type="CHAT_COMPLETION_CLIENT_EXCEPTION", error_message="no model")
    message = genie.ask("boom")
    assert message["status"] == "FAILED"
    assert message["error"] == {"error": "no model", "type": "CHAT_COMPLETION_CLIENT_EXCEPTION"}
    assert "attachments" not in message


def test_sql_error_fails_the_message(sim: GenieSimulator, genie: Genie) -> None:
    sim.add_answer("broken", sql="SELECT nope FROM nowhere")
    message = genie.ask("broken")
    assert message["status"] == "FAILED"
    assert message["error"]["type"] == "SQL_EXECUTION_EXCEPTION"
    statement = genie.result(message)
    assert statement["status"]["state"] == "FAILED"
    assert "nowhere" in statement["status"]["error"]["message"]


def test_cancelled_message(sim: GenieSimulator, genie: Genie) -> None:
    sim.add_answer("stop", sql="SELECT 1 AS one", cancel=True)
    message = genie.ask("stop")
    assert message["status"] == "CANCELLED"
    assert genie.result(message)["status"]["state"] == "CANCELED"


def test_expiry_and_execute_query(sim: GenieSimulator, genie: Genie, http: httpx.Client) -> None:
    message = genie.ask("sales by channel")
    first_statement = queries(message)[0]["query"]["statement_id"]
    sim.expire_results(message["message_id"])
    expired = genie.get(message)
    assert expired["status"] == "QUERY_RESULT_EXPIRED"
    assert genie.result(message)["status"]["state"] == "CLOSED"
    path = genie.attachment_path(message, queries(message)[0]["attachment_id"])
    rerun = http.post(f"{path}/execute-query").json()["statement_response"]
    assert rerun["status"]["state"] == "SUCCEEDED"
    assert rerun["statement_id"] != first_statement
    assert rerun["result"]["row_count"] == 3
    back = genie.get(message)
    assert back["status"] == "COMPLETED"
    assert queries(back)[0]["query"]["statement_id"] == rerun["statement_id"]


@pytest.mark.genie_simulator(result_ttl=3600)
def test_results_expire_with_age(sim: GenieSimulator, genie: Genie) -> None:
    message = genie.ask("sales by channel")
    sim.clock.advance(3599)
    assert genie.get(message)["status"] == "COMPLETED"
    sim.clock.advance(2)
    assert genie.get(message)["status"] == "QUERY_RESULT_EXPIRED"


def test_execute_query_needs_a_finished_message(genie: Genie, http: httpx.Client) -> None:
    message = genie.start("sales by channel")["message"]
    for _ in range(3):
        message = genie.get(message)
    path = genie.attachment_path(message, queries(message)[0]["attachment_id"])
    refused = http.post(f"{path}/execute-query")
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "INVALID_STATE"


def test_deprecated_message_level_endpoints(genie: Genie, http: httpx.Client) -> None:
    message = genie.ask("what is the average order value?")
    last = queries(message)[-1]
    legacy = http.get(f"{genie.message_path(message)}/query-result")
    assert legacy.headers["deprecation"] == "true"
    assert legacy.json()["statement_response"]["statement_id"] == last["query"]["statement_id"]
    by_id = http.get(
        f"{genie.message_path(message)}/query-result/{queries(message)[0]['attachment_id']}"
    )
    assert (
        by_id.json()["statement_response"]["statement_id"]
        == queries(message)[0]["query"]["statement_id"]
    )
    rerun = http.post(f"{genie.message_path(message)}/execute-query").json()
    assert rerun["statement_response"]["status"]["state"] == "SUCCEEDED"


def test_query_result_of_unknown_or_hidden_attachment(genie: Genie, http: httpx.Client) -> None:
    started = genie.start("sales by channel")["message"]
    path = genie.attachment_path(started, "0" * 32)
    assert http.get(f"{path}/query-result").status_code == 404


def test_visualization_png(genie: Genie, http: httpx.Client) -> None:
    message = genie.ask("sales by month")
    viz_id = attachment(message, "viz")["attachment_id"]
    name = (
        f"spaces/{genie.space_id}/conversations/{message['conversation_id']}"
        f"/messages/{message['message_id']}/attachments/{viz_id}"
    )
    image = http.get(f"/api/2.0/genie/{name}/download-visualization")
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"IEND" in image.content[-12:]
    wrong = http.get(f"/api/2.0/genie/{name[:-4]}beef/download-visualization")
    assert wrong.status_code == 404
    bad_name = http.get("/api/2.0/genie/spaces/x/download-visualization")
    assert bad_name.status_code == 400


def test_no_viz_when_disabled_or_not_chartable(genie: Genie) -> None:
    assert "viz" not in kinds(genie.ask("sales by month", enable_visualization=False))
    assert "viz" not in kinds(genie.ask("how many customers"))
