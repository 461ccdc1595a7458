"""The CLI polls for a person waiting: waits between polls stay short (``--poll-max``)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner, Result

from genie_sdk import GenieClient, PollingPolicy
from genie_sdk.cli import connection
from genie_sdk.cli.app import app

HOST = "https://slow.example.com"
SPACE = f"{HOST}/api/2.0/genie/spaces/s1"
MESSAGE = f"{SPACE}/conversations/c1/messages/m1"
POLLS_BEFORE_THE_ANSWER = 8


def message(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "message_id": "m1",
        "space_id": "s1",
        "conversation_id": "c1",
        "status": status,
        **extra,
    }


@pytest.fixture
def waits(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The CLI's waits between polls (not slept) of an answer that takes 8 polls."""
    monkeypatch.setenv("DATABRICKS_HOST", HOST)
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-test")
    slept: list[float] = []
    monkeypatch.setattr(
        connection, "GenieClient", functools.partial(GenieClient, sleep=slept.append)
    )
    statuses = iter(["ASKING_AI"] * POLLS_BEFORE_THE_ANSWER)
    answered = message("COMPLETED", attachments=[{"attachment_id": "t", "text": {"content": "ok"}}])

    def poll(request: httpx.Request) -> httpx.Response:
        status = next(statuses, None)
        return httpx.Response(200, json=message(status) if status else answered)

    with respx.mock() as mock:
        started = {"conversation_id": "c1", "message_id": "m1", "message": message("SUBMITTED")}
        mock.post(f"{SPACE}/start-conversation").respond(json=started)
        mock.get(MESSAGE).mock(side_effect=poll)
        yield slept


def genie(*args: str) -> Result:
    """Run ``genie ARGS...`` with the default first poll: sleeps are only recorded."""
    return CliRunner().invoke(app, args)


def ask(*options: str) -> None:
    result = genie("ask", "s1", "q", *options)
    assert result.exit_code == 0, result.output
    assert "ok" in result.stdout


def test_waits_between_polls_are_capped_for_a_person(waits: list[float]) -> None:
    ask()

    assert len(waits) == POLLS_BEFORE_THE_ANSWER + 1
    assert max(waits) <= 5.0
    assert sum(waits) < 40  # the SDK's schedule (1, 2, 4, ... 60 s apart) would wait about 240 s


def test_poll_max_sets_the_cap(waits: list[float]) -> None:
    ask("--poll-max", "2")

    assert max(waits) <= 2.0
    assert waits[-1] >= 2.0 * 0.9


def test_poll_max_from_the_environment(waits: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENIE_POLL_MAX", "0.5")

    ask()

    assert max(waits) <= 0.5


def test_a_first_wait_longer_than_the_cap_is_cut_to_it(waits: list[float]) -> None:
    result = genie("--poll-interval", "3", "ask", "s1", "q", "--poll-max", "1")

    assert result.exit_code == 0, result.output
    assert max(waits) <= 1.0


@pytest.mark.parametrize(
    "command",
    [
        ["ask", "s", "q"],
        ["chat", "s"],
        ["messages", "wait", "s", "c", "m"],
        ["download", "s", "c", "m", "f"],
    ],
)
def test_commands_that_wait_take_poll_max(command: list[str]) -> None:
    assert "--poll-max" in genie(*command, "--help").stdout


def test_the_first_poll_follows_the_interactive_schedule(waits: list[float]) -> None:
    ask()

    first = PollingPolicy.interactive().initial
    assert first * 0.9 <= waits[0] <= first * 1.1
