"""The genie command in a real terminal (a pseudo-terminal driven by pexpect), as a person uses it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx
import pexpect
import pytest

from genie_sdk.simulator import GenieSimulator

pytestmark = pytest.mark.slow

PROMPT = "you>"


def terminal_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "GENIE_"))}
    env.update(HOME=str(home), GENIE_POLL_INTERVAL="0.01", **extra)
    return env


def spawn(*args: str, env: dict[str, str]) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "genie_sdk.cli", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 140),
    )


@pytest.fixture
def chat_env(genie_simulator: GenieSimulator, tmp_path: Path) -> dict[str, str]:
    return terminal_env(
        tmp_path, DATABRICKS_HOST=genie_simulator.url, DATABRICKS_TOKEN=genie_simulator.token
    )


def test_chat_follows_up_and_asks_suggestions(
    genie_simulator: GenieSimulator, chat_env: dict[str, str]
) -> None:
    child = spawn("chat", genie_simulator.space_id, env=chat_env)
    child.expect("Retail Sales")
    child.expect(PROMPT)
    child.sendline("total sales by region")
    child.expect("Central")
    child.expect(r"1\. .*Only for 2024")
    child.expect(PROMPT)
    child.sendline("1")  # the first suggested question, as a follow-up
    child.expect("limited to sales in 2024")
    child.expect(PROMPT)
    child.sendline("banana smoothie")
    child.expect("Genie asks")
    child.expect(PROMPT)
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    assert genie_simulator.messages_created == 3
    conversations = {m["conversation_id"] for m in genie_simulator.messages}
    assert len(conversations) == 1


@pytest.mark.genie_simulator(advance="time", stage_seconds=60)
def test_ctrl_c_stops_waiting_and_tells_how_to_resume(
    genie_simulator: GenieSimulator, chat_env: dict[str, str]
) -> None:
    child = spawn("chat", genie_simulator.space_id, env=chat_env)
    child.expect(PROMPT)
    child.sendline("top 10 products")
    child.expect("SUBMITTED")
    child.sendintr()
    child.expect(f"Resume with: genie messages wait {genie_simulator.space_id} ")
    child.expect(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0


def test_simulator_serve_prints_how_to_connect(tmp_path: Path) -> None:
    child = spawn(
        "simulator",
        "serve",
        "--port",
        "0",
        "--no-rate-limit",
        "--token",
        "dapi-t",
        env=terminal_env(tmp_path),
    )
    child.expect(r"DATABRICKS_HOST=(http://127\.0\.0\.1:\d+)")
    host = child.match.group(1)
    child.expect("demo space id")
    spaces = httpx.get(
        f"{host}/api/2.0/genie/spaces", headers={"Authorization": "Bearer dapi-t"}, timeout=10
    )
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()

    assert spaces.status_code == 200
    assert "Retail Sales (demo)" in spaces.text


def test_csv_on_a_terminal_cannot_drive_it(
    genie_simulator: GenieSimulator, chat_env: dict[str, str]
) -> None:
    genie_simulator.add_answer(
        "hostile", sql="SELECT 'a' || chr(27) || ']0;pwned' || chr(7) || 'b' AS cell"
    )
    child = spawn("ask", genie_simulator.space_id, "hostile", "--csv", env=chat_env)
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0, child.before
    assert "a\\x1b]0;pwned\\x07b" in child.before
    assert "\x1b]0;pwned" not in child.before
