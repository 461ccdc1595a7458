"""Zero setup: ``python examples/chat_app/app.py`` with no workspace configured serves the app on
the embedded simulator; a new user asks three questions and a follow-up in a real browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.chat_app.conftest import APP_DIR, HOW_TO

pytest.importorskip("selenium", reason=HOW_TO)

from tests.chat_app.page import LAST, ChatPage

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def started_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as a user starts it: one command, no Databricks settings, no .env file."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "GENIE_"))}
    env.update(HOME=str(tmp_path_factory.mktemp("home")), GENIE_CHAT_PORT=str(port))
    process = subprocess.Popen(
        [sys.executable, str(APP_DIR / "app.py")],
        cwd=APP_DIR.parents[1],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the app did not start:\n{process.communicate()[0]}")
        time.sleep(0.2)
    yield url
    process.terminate()
    output = process.communicate(timeout=20)[0]
    assert f"Genie chat on {url} (the embedded Genie simulator)" in output


def test_three_questions_and_a_follow_up_with_one_command(
    browser: object, started_app: str, screenshots: Path
) -> None:
    page = ChatPage(browser, started_app, screenshots).open()  # type: ignore[arg-type]
    assert "Central" in page.ask_and_wait("What are the total sales by region?", keyboard=True)
    assert "2024" in page.ask_and_wait("Only for 2024", keyboard=True)
    page.click_on("#new-chat")
    page.wait_until(lambda: not page.turns())
    assert "units_sold" in page.ask_and_wait("What are the top 10 products?")
    page.click_on("#new-chat")
    page.wait_until(lambda: not page.turns())
    page.ask_and_wait("Show sales by month")
    page.wait_for(f"{LAST} .js-plotly-plot .scatterlayer")  # months: a line chart
    page.click_on(f"{LAST} .insights-button")
    page.wait_for(f"{LAST} .insights", "Over time total_sales went from")
    page.wait_until(lambda: len(page.all("#conversation-list .open-conversation")) == 3)
    page.driver.set_window_size(1280, 1500)
    page.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView()", LAST)
    page.screenshot("0-chat-app")
