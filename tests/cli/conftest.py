"""Run the genie command in-process against the session's simulator, in a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie, run_genie


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
    return run_genie
