"""The chat in a real headless Chromium: ask, watch progress, follow up, reopen, delete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from genie_sdk.simulator import GenieSimulator
from tests.chat_app.conftest import AppServer

pytestmark = pytest.mark.slow


@pytest.fixture
def page(
    browser: object, app_server: AppServer, chat_sim: GenieSimulator, screenshots: Path
) -> Iterator[object]:
    from tests.chat_app.page import ChatPage

    chat_sim.reset()
    return ChatPage(browser, app_server.url, screenshots).open()  # type: ignore[arg-type]


def test_progress_shows_status_then_sql_then_the_table(page, chat_sim: GenieSimulator) -> None:
    chat_sim.settings.stage_seconds = 3600  # each status holds until the clock moves on
    page.ask("What are the total sales by region?")
    page.wait_for("#in-flight .step.current", "Question received")
    assert not page.all("#in-flight .sql")
    chat_sim.clock.advance(3600)
    page.wait_for("#in-flight .step.current", "Finding the relevant data")
    chat_sim.clock.advance(3600 * 2)
    sql = page.wait_for("#in-flight .sql", "AS total_sales")
    assert "Running the query" in page.wait_for("#in-flight .step.current").text
    assert not page.all("#chat-log table.result")
    page.screenshot("1-progress")
    chat_sim.clock.advance(3600)
    turn = page.wait_for("#chat-log .turn")
    page.wait_gone("#in-flight")
    assert "Central" in turn.find_element("css selector", "table.result").text
    assert sql is not None
