"""``genie mcp serve`` as an MCP client starts it: configured from the docs, over stdio and HTTP.

The client is the ``mcp`` package's own; the workspace is the simulator on loopback.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import conversations_started

mcp = pytest.importorskip("mcp")
from mcp import Client, StdioServerParameters  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GENIE = [sys.executable, "-m", "genie_sdk.cli"]
"""How the tests run ``genie``: this interpreter, importing this checkout."""


def documented_stdio_config() -> dict[str, Any]:
    """The first ``mcpServers`` configuration of docs/ai-agents.md."""
    text = (ROOT / "docs" / "ai-agents.md").read_text(encoding="utf-8")
    for block in re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL):
        config: dict[str, Any] = json.loads(block)
        server = config.get("mcpServers", {}).get("genie", {})
        if "command" in server:
            return dict(server)
    raise AssertionError("docs/ai-agents.md has no stdio configuration")


def workspace_env(sim: GenieSimulator) -> dict[str, str]:
    """The environment of a shell pointed at the simulator (as `genie simulator serve` says)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "GENIE_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.update(DATABRICKS_HOST=sim.url, DATABRICKS_TOKEN=sim.token, GENIE_POLL_INTERVAL="0.01")
    return env


async def ask_follow_up_and_page(client: Client, sim: GenieSimulator) -> None:
    """What the docs promise: ask, follow up in the same conversation, page a large result."""
    progress: list[str | None] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(message)

    tools = await client.list_tools()
    assert {tool.name for tool in tools.tools} == {
        "ask",
        "list_spaces",
        "describe_space",
        "get_result",
    }

    first = await client.call_tool(
        "ask", {"question": "total sales by region"}, progress_callback=on_progress
    )
    assert not first.is_error, first.content
    assert "Genie status: executing query" in progress
    ids = first.structured_content
    assert ids is not None
    follow_up = await client.call_tool(
        "ask", {"question": "only for 2024", "conversation_id": ids["conversation_id"]}
    )
    assert follow_up.structured_content is not None
    assert follow_up.structured_content["conversation_id"] == ids["conversation_id"]
    assert conversations_started(sim) == 1

    large = await client.call_tool("ask", {"question": "show all sales"})
    answer = large.structured_content
    assert answer is not None
    assert answer["truncated"] is True
    page = await client.call_tool(
        "get_result",
        {
            "conversation_id": answer["conversation_id"],
            "message_id": answer["message_id"],
            "offset": answer["result"]["next_offset"],
        },
    )
    assert page.structured_content is not None
    assert page.structured_content["offset"] == 50
    assert page.structured_content["rows"][0][0] == 51

    failed = await client.call_tool("ask", {"question": "x", "conversation_id": "0" * 32})
    assert failed.is_error
    assert "does not exist" in failed.content[0].text  # type: ignore[union-attr]


async def test_a_client_configured_from_the_docs_works_over_stdio(sim: GenieSimulator) -> None:
    config = documented_stdio_config()
    assert config["command"] == "genie"
    args = [sim.space_id if arg == "<space-id>" else arg for arg in config["args"]]
    env = workspace_env(sim)  # the simulator's host and token instead of the profile
    server = StdioServerParameters(command=GENIE[0], args=[*GENIE[1:], *args], env=env)

    with anyio.fail_after(60):
        async with Client(server) as client:
            await ask_follow_up_and_page(client, sim)


@pytest.mark.parametrize("credentials", ["service principal", "profile"])
async def test_credentials_come_from_the_unified_config(
    credentials: str, sim: GenieSimulator, tmp_path: Path
) -> None:
    env = workspace_env(sim)
    del env["DATABRICKS_TOKEN"]
    args = ["mcp", "serve", "--space", sim.space_id]
    if credentials == "service principal":
        env.update(DATABRICKS_CLIENT_ID=sim.client_id, DATABRICKS_CLIENT_SECRET=sim.client_secret)
    else:
        del env["DATABRICKS_HOST"]
        config = tmp_path / ".databrickscfg"
        config.write_text(f"[sim]\nhost = {sim.url}\ntoken = {sim.token}\n", encoding="utf-8")
        env["DATABRICKS_CONFIG_FILE"] = str(config)
        args = ["--profile", "sim", *args]
    server = StdioServerParameters(command=GENIE[0], args=[*GENIE[1:], *args], env=env)

    with anyio.fail_after(60):
        async with Client(server) as client:
            result = await client.call_tool("ask", {"question": "how many customers"})

    assert not result.is_error, result.content
    assert sim.oauth_tokens_issued == (1 if credentials == "service principal" else 0)


@pytest.fixture
def http_server(sim: GenieSimulator) -> Iterator[str]:
    """``genie mcp serve --http`` on a free port; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [*GENIE, "mcp", "serve", "--space", sim.space_id, "--http", "--port", str(port)]
    process = subprocess.Popen(command, env=workspace_env(sim), stderr=subprocess.PIPE)
    try:
        deadline = 300
        while deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            deadline -= 1
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


async def test_the_http_server_asks_follows_up_and_pages(
    http_server: str, sim: GenieSimulator
) -> None:
    with anyio.fail_after(60):
        async with Client(http_server) as client:
            await ask_follow_up_and_page(client, sim)


def test_serving_an_unknown_space_fails_with_a_message(sim: GenieSimulator) -> None:
    command = [*GENIE, "mcp", "serve", "--space", "0" * 32]

    result = subprocess.run(
        command, env=workspace_env(sim), capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "does not exist" in result.stderr
    assert result.stdout == ""


def test_only_the_protocol_reaches_standard_output() -> None:
    code = (
        "import os, subprocess, sys\n"
        "from genie_sdk.cli.commands.mcp import keep_stdout_for_the_protocol\n"
        "keep_stdout_for_the_protocol()\n"
        "subprocess.run(['echo', 'a browser says hello'], check=True)\n"
        "os.write(1, b'stray bytes\\n')\n"
        'sys.stdout.write(\'{"jsonrpc": "2.0"}\\n\')\n'
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )

    assert result.stdout == '{"jsonrpc": "2.0"}\n'
    assert "a browser says hello" in result.stderr
    assert "stray bytes" in result.stderr


async def test_serving_secoda_asks_and_follows_up_over_stdio(sim: GenieSimulator) -> None:
    env = {k: v for k, v in workspace_env(sim).items() if not k.startswith("DATABRICKS_")}
    env.update(SECODA_API_KEY=sim.secoda.api_key, SECODA_BASE_URL=sim.secoda_url)
    args = ["mcp", "serve", "--provider", "secoda"]
    server = StdioServerParameters(command=GENIE[0], args=[*GENIE[1:], *args], env=env)

    with anyio.fail_after(60):
        async with Client(server) as client:
            assert [tool.name for tool in (await client.list_tools()).tools] == ["ask"]
            first = await client.call_tool("ask", {"question": "Which tables hold customers?"})
            assert not first.is_error, first.content
            handle = (first.structured_content or {})["conversation_id"]
            second = await client.call_tool(
                "ask", {"question": "Which has the most rows?", "conversation_id": handle}
            )

    assert not second.is_error, second.content
    follow_up = (second.structured_content or {})["conversation_id"]
    assert sim.secoda.prompts[follow_up].parent == handle
