"""``genie mcp serve`` refuses options that cannot work before it starts serving."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from genie_sdk.cli.app import app

pytest.importorskip("mcp")


def test_forwarding_tokens_needs_http() -> None:
    result = CliRunner().invoke(app, ["mcp", "serve", "--forward-bearer"])

    assert result.exit_code == 2
    assert "--forward-bearer needs --http" in result.output


def test_a_missing_index_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "index.db"

    result = CliRunner().invoke(app, ["mcp", "serve", "--index", str(missing)])

    assert result.exit_code == 2
    assert "no index at" in result.output
    assert not missing.exists()


def test_genie_only_options_are_refused_with_another_provider() -> None:
    command = ["mcp", "serve", "--provider", "secoda", "--space", "0" * 32]

    result = CliRunner().invoke(app, command, env={"SECODA_API_KEY": "key"})

    assert result.exit_code == 2
    assert "--space serves Genie only" in result.output


@pytest.mark.parametrize(
    ("provider", "env", "missing"),
    [
        ("secoda", {}, "SECODA_API_KEY"),
        ("workato", {"WORKATO_API_KEY": "key"}, "WORKATO_GENIE"),
        ("workato", {"WORKATO_GENIE": "sales"}, "WORKATO_API_KEY"),
    ],
)
def test_a_provider_without_its_environment_says_what_to_set(
    provider: str, env: dict[str, str], missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("SECODA_API_KEY", "WORKATO_API_KEY", "WORKATO_GENIE"):
        monkeypatch.delenv(variable, raising=False)

    result = CliRunner().invoke(app, ["mcp", "serve", "--provider", provider], env=env)

    assert result.exit_code != 0
    assert missing in result.output
    assert "Traceback" not in result.output
