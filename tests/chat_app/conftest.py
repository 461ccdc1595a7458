"""Fixtures for the chat app's tests: the app's package on the path, a simulator, the app served.

The browser tests need Chromium and its WebDriver (Debian: ``apt-get install chromium
chromium-driver``); without them they skip and say so.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from genie_sdk.simulator import GenieSimulator

APP_DIR = Path(__file__).resolve().parents[2] / "examples" / "chat_app"
sys.path.insert(0, str(APP_DIR))

pytest.importorskip("dash", reason='the chat app needs its extra: pip install -e ".[app]"')

from genie_chat.backend import Backend, on_simulator  # noqa: E402

__all__ = ["AppServer", "Backend"]
from genie_chat.server import create_app  # noqa: E402


@pytest.fixture(scope="module")
def chat_sim() -> Iterator[GenieSimulator]:
    """A simulator for one test module, answering in real time (a few tenths of a second)."""
    with GenieSimulator(rate_limit=None, stage_seconds=0.05) as sim:
        yield sim


@pytest.fixture(scope="module")
def backend(chat_sim: GenieSimulator) -> Iterator[Backend]:
    backend = on_simulator(chat_sim)
    yield backend
    for client in (backend.shared, backend.secoda, backend.workato):
        assert client is not None
        client.close()


class AppServer:
    """The Dash app served by werkzeug on a free loopback port, on a background thread."""

    def __init__(self, backend: Backend) -> None:
        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
        self.app = create_app(backend)
        self._server = make_server("127.0.0.1", 0, self.app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def app_server(backend: Backend) -> Iterator[AppServer]:
    server = AppServer(backend)
    yield server
    server.close()


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
CHROMEDRIVER = shutil.which("chromedriver")
HOW_TO = (
    "the browser tests need Chromium and its WebDriver: on Debian/Ubuntu "
    "`apt-get install chromium chromium-driver` (CI's .ci/run installs them)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium driven by Selenium, shared by a test module."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(HOW_TO)
    webdriver = pytest.importorskip("selenium.webdriver", reason=HOW_TO)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save screenshots: ``$CHAT_APP_SCREENSHOTS`` or a temporary folder."""
    folder = os.environ.get("CHAT_APP_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("chat-app-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
