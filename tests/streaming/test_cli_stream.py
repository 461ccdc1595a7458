"""``genie ask --agent-mode`` and ``genie one ask`` stream a full answer from ``genie simulator
serve``, as a person runs them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from genie_sdk.simulator.domain.spaces import DEMO_SPACE_ID

TOKEN = "dapi-streaming-cli"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """``genie simulator serve`` on a free port, without a POST limit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "genie_sdk.cli", "simulator", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--token", TOKEN, "--no-rate-limit"],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/.well-known/databricks-config")
                break
            except httpx.ConnectError:
                assert process.poll() is None
                assert time.monotonic() < deadline
                time.sleep(0.05)
        yield url
    finally:
        process.kill()
        process.wait(timeout=20)


def _genie(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABRICKS_HOST": url, "DATABRICKS_TOKEN": TOKEN, "COLUMNS": "200"}
    env.pop("DATABRICKS_CONFIG_PROFILE", None)
    return subprocess.run(
        [sys.executable, "-m", "genie_sdk.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_genie_ask_agent_mode_streams_reasoning_queries_and_the_report(served: str) -> None:
    run = _genie(served, "ask", "--agent-mode", DEMO_SPACE_ID, "total sales by region")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    order = [
        out.index("I will answer with 2 queries"),
        out.index("▶ Total sales by region"),
        out.index("✔ result ready"),
        out.index("Sum of the sales amount for each region"),
        out.index("completed"),
    ]
    assert order == sorted(order)
    assert "--follow-up" in out


@pytest.mark.slow
def test_genie_one_ask_json_prints_the_answer_for_scripts(served: str) -> None:
    run = _genie(served, "one", "ask", "total sales by region", "--json")
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert "| region | total_sales |" in answer["text"]
    assert answer["annotations"][0]["identifier"] == "samples.retail.sales"
    assert "completed" in run.stderr
