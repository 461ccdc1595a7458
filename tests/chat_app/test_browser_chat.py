"""The chat in a real headless Chromium: progress, follow-ups, clarifications, past conversations.

One simulator, one app server and one browser serve the whole module; each test starts from a
fresh simulator and a fresh page.
"""

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


def conversations(sim: GenieSimulator) -> dict[str, list[str]]:
    """Each conversation's questions, as the simulator recorded them."""
    seen: dict[str, list[str]] = {}
    for message in sim.messages:
        seen.setdefault(message["conversation_id"], []).append(message["content"])
    return seen


def test_progress_shows_status_then_sql_then_the_table(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    chat_sim.settings.stage_seconds = 3600  # each status holds until the clock moves on
    page.ask("What are the total sales by region?")
    page.wait_for("#in-flight .step.current", "Question received")
    assert not page.all("#in-flight .sql")
    chat_sim.clock.advance(3600)
    page.wait_for("#in-flight .step.current", "Finding the relevant data")
    chat_sim.clock.advance(3600)
    page.wait_for("#in-flight .step.current", "Writing the query")
    assert not page.all("#in-flight .sql")
    chat_sim.clock.advance(3600)
    page.wait_for("#in-flight .sql", "AS total_sales")
    assert page.texts("#in-flight .step") == [
        "Question received",
        "Finding the relevant data",
        "Writing the query",
        "Running the query",
    ]
    assert not page.all("#chat-log table.result")
    page.screenshot("1-progress")
    chat_sim.clock.advance(3600)
    page.wait_gone("#in-flight")
    table = page.wait_for("#chat-log table.result")
    assert table.find_element("css selector", "tbody tr td").text == "Central"
    page.wait_for("#chat-log .js-plotly-plot .bars")  # regions and amounts: a bar chart


def test_follow_up_stays_in_the_conversation(page: ChatPage, chat_sim: GenieSimulator) -> None:
    assert "Central" in page.ask_and_wait("What are the total sales by region?", keyboard=True)
    page.ask_and_wait("Only for 2024", keyboard=True)
    page.click_on(f"{LAST} .sql-block summary")
    page.wait_for(f"{LAST} .sql", "year(sale_date) = 2024")
    assert conversations(chat_sim) == {
        next(iter(conversations(chat_sim))): [
            "What are the total sales by region?",
            "Only for 2024",
        ]
    }
    page.wait_for("#conversation-list .open-conversation", "What are the total sales by region?")
    assert len(page.all("#conversation-list .open-conversation")) == 1
    page.screenshot("2-follow-up")


def test_clarification_chips_ask_in_the_same_conversation(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    page.ask_and_wait("tell me something interesting")
    assert "Genie asks:" in page.texts(f"{LAST} .clarification")[0]
    chip = page.wait_for(".chip", "What are the total sales by region?")
    page.screenshot("3-clarification")
    page.click(chip)
    page.wait_until(lambda: len(page.turns()) == 2)
    page.wait_for(f"{LAST} table.result", "Central")
    (questions,) = conversations(chat_sim).values()
    assert questions == ["tell me something interesting", "What are the total sales by region?"]


def test_reopen_a_past_conversation_then_delete_it(
    page: ChatPage, chat_sim: GenieSimulator
) -> None:
    page.ask_and_wait("How many customers do we have?")
    page.click_on("#new-chat")
    page.wait_until(lambda: not page.turns())
    page.ask_and_wait("What are the top 10 products?")
    page.wait_until(lambda: len(page.all("#conversation-list .open-conversation")) == 2)
    page.click_on("#new-chat")
    page.wait_until(lambda: not page.turns())

    page.click_on("#conversation-list .open-conversation", "How many customers")
    page.wait_until(lambda: len(page.turns()) == 1)
    assert "How many customers do we have?" in page.texts(LAST)[0]
    assert page.texts(f"{LAST} table.result tbody td") == ["2,000"]
    page.ask_and_wait("Show customers by loyalty tier")
    by_conversation = conversations(chat_sim)
    assert sorted(by_conversation.values()) == [
        ["How many customers do we have?", "Show customers by loyalty tier"],
        ["What are the top 10 products?"],
    ]

    page.click_on("[aria-label='Delete conversation: How many customers do we have?']")
    page.wait_for("#form-status", "Conversation deleted.")
    page.wait_until(lambda: len(page.all("#conversation-list .open-conversation")) == 1)
    assert not page.turns()  # the open conversation was the one deleted
    listed = [m["conversation_id"] for m in chat_sim.messages]
    assert len(set(listed)) == 1


def test_accessibility_basics(page: ChatPage) -> None:
    page.ask_and_wait("What are the total sales by region?", keyboard=True)
    unnamed = page.driver.execute_script(
        """
        const name = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim()
            || (el.labels && [...el.labels].map((l) => l.textContent.trim()).join(' '));
        return [...document.querySelectorAll('button, input, a[href], summary')]
            .filter((el) => !name(el)).map((el) => el.outerHTML);
        """
    )
    assert unnamed == []
    box = page.wait_for("#question")
    assert page.driver.execute_script("return arguments[0].labels[0].textContent", box) == (
        "Ask Genie a question"
    )
    assert page.driver.find_element("css selector", "html").get_attribute("lang") == "en"
    assert page.all("nav[aria-label='Conversations']")
    assert page.all("main")
    assert page.wait_for("#chat-log").get_attribute("role") == "log"
    assert page.all("table.result caption")
    assert page.all("table.result th[scope='col']")
