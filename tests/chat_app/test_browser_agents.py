"""Other providers picked in the page: agent mode and Genie One (the report streams in as it is
written) and Secoda (answers with its sources, feedback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from genie_sdk.simulator import GenieSimulator
from tests.chat_app.conftest import HOW_TO, AppServer

pytest.importorskip("selenium", reason=HOW_TO)

from tests.chat_app.page import LAST, ChatPage

pytestmark = pytest.mark.slow


@pytest.fixture
def page(
    browser: object, app_server: AppServer, chat_sim: GenieSimulator, screenshots: Path
) -> ChatPage:
    chat_sim.reset()
    return ChatPage(browser, app_server.url, screenshots).open()  # type: ignore[arg-type]


def pick(page: ChatPage, label: str) -> None:
    page.click_on("#mode label", label)


def test_agent_mode_streams_the_report_as_it_is_written(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    pick(page, "Agent mode")
    # Hold the stream after the report's first part (its 17th frame), 2 s before each next one.
    chat_sim.faults.slow_stream(2.0, after_events=17, path="/responses$")
    page.ask("What are the total sales by region?")
    page.wait_for("#in-flight .steps", "I will answer with 2 queries")
    first = page.wait_for("#in-flight .report", "Sum of the sales amount for each region")
    assert "Total sales by region" not in first.text
    page.screenshot("7-agent-mode-streaming")
    page.wait_gone("#in-flight", timeout=60)
    report = page.texts(f"{LAST} .report")[0]
    assert "Total sales by region" in report
    assert "Size of the sales data" in report
    assert page.texts(f"{LAST} .sql-block summary")[:1] == ["Total sales by region"]
    follow_up = page.ask_and_wait("And only for 2024?")
    assert "2024" in follow_up
    asked = [r for r in chat_sim.requests if r.path.endswith("/responses") and r.method == "POST"]
    assert len(asked) == 2


def test_genie_one_answers_and_a_disabled_mode_says_so(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    pick(page, "Genie One")
    assert "Central" in page.ask_and_wait("What are the total sales by region?")
    chat_sim.settings.genie_one_enabled = False
    page.ask_and_wait("How many customers do we have?")
    assert "Not turned on in this workspace" in page.texts(f"{LAST} [role='alert']")[0]
    pick(page, "Chat")
    page.wait_until(lambda: not page.turns())
    assert "2,000" in page.ask_and_wait("How many customers do we have?")


def test_secoda_answers_with_its_sources_and_takes_feedback(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    pick(page, "Secoda")
    answer = page.ask_and_wait("Which tables hold customer information?")
    assert "one row per customer" in answer
    assert page.texts(f"{LAST} .references li") == ["customers (table)", "orders (table)"]
    page.click_on(f"{LAST} [aria-label='Helpful answer']")
    page.wait_for(f"{LAST} [role='status']", "Thanks: your feedback was sent to Secoda.")
    page.screenshot("8-secoda-answer")
    (prompt,) = chat_sim.secoda.prompts.values()
    assert prompt.feedback == [{"is_helpful": True, "feedback": None}]
