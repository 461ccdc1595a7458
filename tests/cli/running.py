"""Run the ``genie`` command in-process and read its answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from typer.testing import CliRunner, Result

from genie_sdk.cli.app import app

Genie = Callable[..., Result]
"""``genie(*args, input=None)``: run ``genie ARGS...``; click's result (stdout, stderr, code)."""


def run_genie(*args: str, input: str | None = None) -> Result:
    """Run ``genie ARGS...`` with fast polling."""
    return CliRunner().invoke(app, ["--poll-interval", "0.01", *args], input=input)


def ask_json(genie: Genie, space_id: str, question: str, *extra: str) -> dict[str, Any]:
    """Ask through the CLI with --json and return the parsed answer."""
    result = genie("ask", space_id, question, "--json", *extra)
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer
