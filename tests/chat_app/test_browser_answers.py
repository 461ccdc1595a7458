"""An answer's features in a real headless Chromium: paging, the full CSV, feedback, insights,
and what a user sees when a question fails, is cancelled, times out or is rate-limited."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from genie_sdk import GenieClient, PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.chat_app.conftest import HOW_TO, AppServer, Backend

pytest.importorskip("selenium", reason=HOW_TO)

from tests.chat_app.page import LAST, ChatPage

pytestmark = pytest.mark.slow


@pytest.fixture
def page(
    browser: object, app_server: AppServer, chat_sim: GenieSimulator, screenshots: Path
) -> ChatPage:
    chat_sim.reset()
    return ChatPage(browser, app_server.url, screenshots).open()  # type: ignore[arg-type]


def test_pages_through_the_table_and_downloads_every_row(
    page: ChatPage, app_server: AppServer, chat_sim: GenieSimulator
) -> None:
    (total,) = chat_sim.query_sql("SELECT COUNT(*) FROM sales")[0]
    page.ask_and_wait("Show me all the sales")
    caption = page.texts(f"{LAST} table.result caption")[0]
    assert caption == (
        "Rows 1 to 10 of 5,000 shown here (more than 5,000 in all: download the CSV for every row)."
    )
    page.click_on(f"{LAST} [aria-label='Next page of rows']")
    page.wait_for(f"{LAST} table.result caption", "Rows 11 to 20 of 5,000")
    assert page.texts(f"{LAST} .page-number") == ["Page 2 of 500"]
    assert not page.all(f"{LAST} .js-plotly-plot")  # 5,000 sales lines: no chart

    link = page.wait_for(f"{LAST} a.download")
    response = httpx.get(link.get_attribute("href"), timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].startswith("sale_id,")
    assert len(lines) == total + 1
    assert chat_sim.count_requests("POST", "/downloads$") == 1


def test_feedback_is_sent_to_genie(page: ChatPage, chat_sim: GenieSimulator) -> None:
    page.ask_and_wait("What are the top 10 products?")
    page.click_on(f"{LAST} [aria-label='Helpful answer']")
    page.wait_for(f"{LAST} [role='status']", "Thanks: your feedback was sent to Genie.")
    assert chat_sim.messages[-1]["feedback"]["rating"] == "POSITIVE"
    page.click_on(f"{LAST} [aria-label='Unhelpful answer']")
    page.wait_until(lambda: chat_sim.messages[-1]["feedback"]["rating"] == "NEGATIVE")
    assert "chosen" in page.wait_for(f"{LAST} [aria-label='Unhelpful answer']").get_attribute(
        "class"
    )


def test_generate_insights_from_the_serving_endpoint(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    page.ask_and_wait("What are the total sales by region?")
    page.click_on(f"{LAST} .insights-button")
    insights = page.wait_for(f"{LAST} .insights", "What the data shows")
    assert "The highest total_sales is Central" in insights.text
    assert chat_sim.count_requests("POST", "^/serving-endpoints/genie-insights/invocations$") == 1
    page.screenshot("4-answer-with-insights")


def test_failed_and_cancelled_questions_say_so_and_offer_to_ask_again(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    chat_sim.add_answer("warehouse", error_type="WAREHOUSE_ACCESS_MISSING_EXCEPTION")
    chat_sim.add_answer("cancel", sql="SELECT 1 AS one", cancel=True)
    page.ask_and_wait("Which warehouse is it?")
    failure = page.wait_for(f"{LAST} [role='alert']")
    assert "Genie could not answer" in failure.text
    assert "ask its owner for CAN USE on the warehouse" in failure.text
    assert page.texts(f"{LAST} .retry") == ["Ask again"]
    page.screenshot("5-failed")
    page.ask_and_wait("Please cancel this")
    assert "The question was cancelled" in page.texts(f"{LAST} [role='alert']")[0]
    assert chat_sim.messages_created == 2


def test_a_timed_out_question_is_resumed_not_asked_again(
    page: ChatPage,
    chat_sim: GenieSimulator,
    backend: Backend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    impatient = GenieClient(
        chat_sim.url, auth=PAT(chat_sim.token), polling=PollingPolicy.interactive(timeout=1)
    )
    monkeypatch.setattr(backend, "shared", impatient)
    chat_sim.settings.stage_seconds = 3600
    page.ask_and_wait("How many customers do we have?")
    assert "This is taking longer than usual" in page.texts(f"{LAST} [role='alert']")[0]
    chat_sim.clock.advance(3600 * 10)
    page.click_on(f"{LAST} .retry", "Check again")
    page.wait_for(f"{LAST} table.result", "2,000")
    assert chat_sim.messages_created == 1
    impatient.close()


def test_rate_limits_show_while_waiting_then_a_retry_sends_once(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    chat_sim.faults.too_many_requests(method="POST", path="start-conversation$", times=None)
    page.ask("How many customers do we have?")
    page.wait_for("#in-flight .notice", "Genie is busy: trying again in 1 s.")
    page.wait_gone("#in-flight", timeout=30)
    failure = page.wait_for(f"{LAST} [role='alert']")
    assert "Genie is busy" in failure.text
    page.screenshot("6-rate-limited")
    assert chat_sim.messages_created == 0
    chat_sim.faults.clear()
    page.click_on(f"{LAST} .retry", "Try again")
    page.wait_for(f"{LAST} table.result", "2,000")
    assert not page.wait_for("#chat-log > .turn:first-child .retry").is_enabled()
    assert chat_sim.messages_created == 1
