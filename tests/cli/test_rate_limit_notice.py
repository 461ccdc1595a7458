"""A question held back by a rate limit says so while it waits, instead of a silent spinner."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from genie_sdk import GenieClient
from genie_sdk.cli import connection
from genie_sdk.cli.app import app

HOST = "https://busy.example.com"
SPACE = f"{HOST}/api/2.0/genie/spaces/s1"


def test_ask_says_when_the_server_rate_limits_it(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_HOST", HOST)
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-test")
    slept: list[float] = []
    monkeypatch.setattr(
        connection, "GenieClient", functools.partial(GenieClient, sleep=slept.append)
    )
    done = {
        "message_id": "m1",
        "space_id": "s1",
        "conversation_id": "c1",
        "status": "COMPLETED",
        "attachments": [{"attachment_id": "t", "text": {"content": "ok"}}],
    }
    with respx.mock() as mock:
        mock.post(f"{SPACE}/start-conversation").mock(
            side_effect=[
                httpx.Response(429, headers={"Retry-After": "50"}),
                httpx.Response(200, json={"conversation_id": "c1", "message_id": "m1"}),
            ]
        )
        mock.get(f"{SPACE}/conversations/c1/messages/m1").respond(json=done)
        result = CliRunner().invoke(app, ["ask", "s1", "q"])
    assert result.exit_code == 0, result.output
    assert "rate limited (the server answered 429); next request allowed in 50 s" in result.stderr
    assert round(slept[0]) == 50
