"""The chat app's pure parts: settings, progress, failures, table cells, charts, insights, views."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from dash import html
from genie_chat.charts import ChartPlan, plan_chart
from genie_chat.config import from_environment, load_settings
from genie_chat.failures import explain
from genie_chat.insights import InsightsError, insights_request, insights_text, table_json
from genie_chat.progress import Progress, progress_of, step_name
from genie_chat.table import format_cell, table_page
from genie_chat.views import conversation_list, failure_view, format_sql, progress_view

from genie_sdk import (
    MessageIds,
    RateLimited,
    ReasoningStep,
    ResultReady,
    SqlReady,
    StatusChanged,
    TextReady,
)
from genie_sdk.errors import (
    AuthenticationError,
    ConfigurationError,
    FeatureDisabledError,
    MessageFailedError,
    PollTimeoutError,
    RateLimitError,
    ResponseFailedError,
    TransportError,
)
from genie_sdk.models import Message
from genie_sdk.results import Column, QueryResult

IDS = MessageIds("s", "c", "m")


def result(
    columns: list[tuple[str, str]], rows: list[tuple[object, ...]], **kw: object
) -> QueryResult:
    return QueryResult([Column(n, t) for n, t in columns], rows, **kw)  # type: ignore[arg-type]


def find(component: object, predicate) -> list[object]:  # type: ignore[no-untyped-def]
    """Every component in a Dash tree for which ``predicate`` holds."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += find(child, predicate)
    return found


# -- settings --------------------------------------------------------------------------------


def test_no_workspace_means_the_simulator_on_localhost_8050() -> None:
    settings = load_settings({})
    assert settings.uses_simulator
    assert (settings.listen_host, settings.port) == ("127.0.0.1", 8050)
    assert settings.auth_mode == "service"


def test_workspace_settings_and_the_seed_apps_names() -> None:
    settings = load_settings(
        {
            "DATABRICKS_HOST": "https://x.cloud.databricks.com",
            "GENIE_SPACE": "01ef",
            "SERVING_ENDPOINT_NAME": "databricks-claude",
            "DATABRICKS_SERVICE_TOKEN": "dapi123",
            "GENIE_AUTH_MODE": "user",
            "DATABRICKS_APP_PORT": "8000",
        }
    )
    assert not settings.uses_simulator
    assert settings.space_id == "01ef"
    assert settings.serving_endpoint == "databricks-claude"
    assert settings.service_token == "dapi123"
    assert settings.auth_mode == "user"
    assert (settings.listen_host, settings.port) == ("0.0.0.0", 8000)
    assert "dapi123" not in repr(settings)


def test_a_dotenv_file_completes_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "DATABRICKS_HOST=https://from-file\nGENIE_SPACE_ID=file-space\nDATABRICKS_TOKEN=t\n"
    )
    names = ("DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CONFIG_PROFILE")
    for name in names:  # set, then deleted: monkeypatch restores them, loaded or not
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("GENIE_SPACE_ID", "env-space")
    settings = from_environment(dotenv)
    assert (settings.host, settings.space_id) == ("https://from-file", "env-space")
    assert os.environ["DATABRICKS_TOKEN"] == "t"  # where the SDK finds credentials


def test_an_unknown_auth_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="GENIE_AUTH_MODE"):
        load_settings({"GENIE_AUTH_MODE": "robot"})


# -- progress --------------------------------------------------------------------------------


def test_progress_lists_steps_then_the_sql_and_rows() -> None:
    events = [
        StatusChanged("SUBMITTED"),
        StatusChanged("SUBMITTED"),
        RateLimited(3.2, "the server answered 429"),
        StatusChanged("ASKING_AI"),
        SqlReady("SELECT 1", "One", "a1"),
        StatusChanged("EXECUTING_QUERY"),
    ]
    progress = progress_of(events)
    assert progress.steps == ("Question received", "Writing the query", "Running the query")
    assert (progress.sql, progress.description, progress.notice) == ("SELECT 1", "One", None)
    assert progress_of(events[:3]).notice == "Genie is busy: trying again in 3 s."


def test_agent_progress_lists_reasoning_and_streams_the_report() -> None:
    events = [
        StatusChanged("in_progress"),
        ReasoningStep("I will answer with 2 queries."),
        SqlReady("SELECT 1", "One", "call1"),
        TextReady("First part."),
        TextReady("Second part."),
    ]
    progress = progress_of(events)
    assert progress.steps == ("Question received", "I will answer with 2 queries.")
    assert progress.report == "First part.\n\nSecond part."
    assert progress_of(events[:3]).report is None
    view = progress_view("q?", progress)
    assert find(view, lambda c: getattr(c, "children", None) == "First part.\n\nSecond part.")


def test_rows_fetched_and_unknown_statuses() -> None:
    from genie_sdk.models import StatementResponse

    statement = StatementResponse.model_validate(
        {"statement_id": "x", "manifest": {"total_row_count": 1234}}
    )
    assert progress_of([ResultReady(statement)]).rows == 1234
    assert step_name("THINKING_HARDER") == "Thinking harder"


def test_progress_view_shows_the_current_step_and_the_sql() -> None:
    view = progress_view("q?", Progress(("Question received", "Writing the query"), "select 1"))
    current = find(view, lambda c: "current" in (getattr(c, "className", "") or ""))
    assert [c.children for c in current] == ["Writing the query"]
    assert find(view, lambda c: isinstance(c, html.Code))[0].children == "SELECT 1"


# -- failures --------------------------------------------------------------------------------


def failed_message(error_type: str) -> Message:
    return Message.model_validate(
        {
            "message_id": "m",
            "conversation_id": "c",
            "space_id": "s",
            "status": "FAILED",
            "error": {"error": "boom", "type": error_type},
        }
    )


@pytest.mark.parametrize(
    ("error", "ids", "title", "recovery"),
    [
        (
            RateLimitError(429, "REQUEST_LIMIT_EXCEEDED", "slow down"),
            None,
            "Genie is busy",
            "resend",
        ),
        (
            RateLimitError(429, "REQUEST_LIMIT_EXCEEDED", "slow down"),
            IDS,
            "Genie is busy",
            "resume",
        ),
        (
            PollTimeoutError(
                space_id="s",
                conversation_id="c",
                message_id="m",
                last_status="ASKING_AI",
                elapsed=600.0,
            ),
            IDS,
            "This is taking longer than usual",
            "resume",
        ),
        (
            MessageFailedError(failed_message("SQL_EXECUTION_EXCEPTION")),
            IDS,
            "Genie could not answer",
            "ask_again",
        ),
        (AuthenticationError(401, "UNAUTHENTICATED", "no"), None, "Not allowed", None),
        (
            FeatureDisabledError(404, "FEATURE_DISABLED", "off"),
            None,
            "Not turned on in this workspace",
            None,
        ),
        (
            ResponseFailedError("failed", "boom", response_id="r", conversation_id="c"),
            None,
            "Genie could not finish the report",
            "ask_again",
        ),
        (ConfigurationError("no X-Forwarded-Access-Token"), None, "Sign-in not forwarded", None),
        (
            TransportError("down", method="POST", path="/x", request_sent=False),
            None,
            "Genie could not be reached",
            "resend",
        ),
        (
            TransportError("cut", method="POST", path="/x", request_sent=True),
            None,
            "Genie could not be reached",
            None,
        ),
        (RuntimeError("bug"), None, "Something went wrong", None),
    ],
)
def test_failures_in_words_and_what_retrying_does(
    error: BaseException, ids: MessageIds | None, title: str, recovery: str | None
) -> None:
    failure = explain(error, ids)
    assert failure.title == title
    assert failure.recovery == recovery
    assert type(error).__name__ in failure.detail
    view = failure_view("q?", failure, "job1")
    buttons = find(view, lambda c: isinstance(c, html.Button))
    assert [b.id for b in buttons] == ([{"type": "retry", "job": "job1"}] if recovery else [])


def test_a_failure_type_gets_its_hint() -> None:
    failure = explain(MessageFailedError(failed_message("WAREHOUSE_ACCESS_MISSING_EXCEPTION")), IDS)
    assert "CAN USE on the warehouse" in failure.text


# -- table -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        (True, "true"),
        (1234567, "1,234,567"),
        (Decimal("1234.50"), "1,234.50"),
        (Decimal("NaN"), "NaN"),
        (0.1 + 0.2, "0.3"),
        (date(2024, 5, 1), "2024-05-01"),
        (datetime(2024, 5, 1, tzinfo=timezone.utc), "2024-05-01"),
        (datetime(2024, 5, 1, 13, 45, 10, tzinfo=timezone.utc), "2024-05-01 13:45:10 UTC"),
        (b"\x00\xff", "AP8="),
        ([1, {"a": Decimal("2.5")}], '[1, {"a": "2.5"}]'),
    ],
)
def test_cells_are_formatted_by_type(value: object, text: str) -> None:
    assert format_cell(value) == text


def test_pages_are_clamped_and_captioned() -> None:
    rows = [(f"r{i}", i) for i in range(25)]
    data = result([("name", "STRING"), ("n", "INT")], rows)
    last = table_page(data, 99)
    assert (last.page, last.pages, last.first, last.last) == (2, 3, 21, 25)
    assert last.rows[0] == ["r20", "20"]
    assert last.caption == "Rows 21 to 25 of 25."
    assert table_page(data, -1).page == 0
    assert table_page(result([("a", "INT")], []), 0).caption == "The query returned no rows."
    cut = result([("a", "INT")], [(1,)], truncated=True, total_row_count=9000)
    assert "(9,000 in all: download the CSV" in table_page(cut, 0).caption


# -- charts ----------------------------------------------------------------------------------


def test_charts_suit_the_result() -> None:
    regions = result(
        [("region", "STRING"), ("sales", "DECIMAL")], [("a", Decimal(1)), ("b", Decimal(2))]
    )
    months = result(
        [("month", "DATE"), ("sales", "DOUBLE")], [(date(2024, 1, 1), 1.0), (date(2024, 2, 1), 2.0)]
    )
    single = result([("n", "LONG")], [(1,)])
    wide = result([("k", "STRING"), ("v", "INT")], [(str(i), i) for i in range(51)])
    assert plan_chart(regions) == ChartPlan("bar", 0, 1)
    assert plan_chart(months) == ChartPlan("line", 0, 1)
    assert plan_chart(single) is None
    assert plan_chart(wide) is None


# -- insights --------------------------------------------------------------------------------


def test_the_insights_request_is_bounded_and_typed() -> None:
    rows = [(f"name {i}" * 20, Decimal(f"{i}.50"), date(2024, 1, 1)) for i in range(1000)]
    data = result([("name", "STRING"), ("amount", "DECIMAL"), ("day", "DATE")], rows)
    text = table_json(data, max_rows=200, max_chars=10_000)
    table = json.loads(text)
    assert len(text) <= 10_000
    assert 0 < len(table["rows"]) < 200
    assert table["rows"][1] == ["name 1" * 20, "1.50", "2024-01-01"]
    assert table["rows_in_result"] == 1000
    assert table["columns"][1] == {"name": "amount", "type": "DECIMAL"}
    request = insights_request("which?", data)
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert request["messages"][1]["content"].startswith("Question: which?\n")


def test_insights_text_from_a_chat_completion() -> None:
    assert insights_text({"choices": [{"message": {"content": " hi "}}]}) == "hi"
    parts = {"choices": [{"message": {"content": [{"type": "text", "text": "a"}, {"text": "b"}]}}]}
    assert insights_text(parts) == "ab"
    for broken in ({}, {"choices": []}, {"choices": [{"message": {"content": ""}}]}, None):
        with pytest.raises(InsightsError):
            insights_text(broken)


# -- sidebar and SQL -------------------------------------------------------------------------


def test_conversation_list_marks_the_open_one() -> None:
    from genie_sdk.models import ConversationSummary

    listed = [
        ConversationSummary(conversation_id="c1", title="Sales"),
        ConversationSummary(conversation_id="c2"),
    ]
    view = conversation_list(listed, "c2")
    buttons = find(view, lambda c: isinstance(c, html.Button))
    assert [b.children for b in buttons] == ["Sales", "✕", "Untitled conversation", "✕"]
    assert (
        buttons[3].to_plotly_json()["props"]["aria-label"]
        == "Delete conversation: Untitled conversation"
    )
    assert buttons[2].to_plotly_json()["props"]["aria-current"] == "true"
    assert find(
        conversation_list([], None),
        lambda c: getattr(c, "children", None) == "No conversations yet.",
    )


def test_sql_is_formatted() -> None:
    assert format_sql("select a from t where b = 1") == "SELECT a\nFROM t\nWHERE b = 1"
