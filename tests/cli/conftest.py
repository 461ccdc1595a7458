"""Run the genie command in-process against the session's simulator, in a clean environment."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from genie_sdk.cli.app import app
from genie_sdk.simulator import GenieSimulator

Genie = Callable[..., Result]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Databricks settings from the machine running the tests; an empty home directory."""
    for name in list(os.environ):
        if name.startswith(("DATABRICKS_", "GENIE_")):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture
def workspace(
    genie_simulator: GenieSimulator, clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> GenieSimulator:
    """The simulator, configured as the workspace through DATABRICKS_HOST and DATABRICKS_TOKEN."""
    monkeypatch.setenv("DATABRICKS_HOST", genie_simulator.url)
    monkeypatch.setenv("DATABRICKS_TOKEN", genie_simulator.token)
    return genie_simulator


@pytest.fixture
def genie() -> Genie:
    """Run ``genie ARGS...`` with fast polling; returns click's result (stdout, stderr, code)."""

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(app, ["--poll-interval", "0.01", *args], input=input)

    return run


def ask_json(genie: Genie, space_id: str, question: str, *extra: str) -> dict[str, Any]:
    """Ask through the CLI with --json and return the parsed answer."""
    result = genie("ask", space_id, question, "--json", *extra)
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer
