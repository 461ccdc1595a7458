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
