"""Expected failures: one red line and a hint on stderr, a meaningful exit code, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import Result

from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie, ask_json


def failed(result: Result, code: int, *texts: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert "Error: " in result.stderr
    assert result.stdout == ""
    for text in texts:
        assert text in result.stderr


def test_unknown_space_is_an_api_error(workspace: GenieSimulator, genie: Genie) -> None:
    failed(genie("ask", "0123abcd", "hello"), 1, "404", "Hint: check the ids")


def test_refused_credentials(
    workspace: GenieSimulator, genie: Genie, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-wrong")

    result = genie("spaces", "list")

    failed(result, 1, "401", "genie auth login")
    assert "dapi-wrong" not in result.output


def test_missing_configuration_is_a_usage_error(clean_env: Path, genie: Genie) -> None:
    failed(genie("spaces", "list"), 2, "no workspace host", "DATABRICKS_HOST")


def test_unknown_profile(clean_env: Path, genie: Genie) -> None:
    (clean_env / ".databrickscfg").write_text("[dev]\nhost = https://x.cloud.databricks.com\n")

    failed(genie("--profile", "prod", "spaces", "list"), 2, "no prod profile", "dev")


def test_invalid_id_is_refused_before_sending(workspace: GenieSimulator, genie: Genie) -> None:
    failed(genie("spaces", "get", "a/b"), 2)
    assert workspace.requests == []


@pytest.mark.genie_simulator(advance="time", stage_seconds=60)
def test_timeout_prints_how_to_resume(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("ask", workspace.space_id, "top 10 products", "--timeout", "0.3")

    failed(result, 3, "gave up waiting", f"genie messages wait {workspace.space_id} ")


def test_genie_failing_to_answer(workspace: GenieSimulator, genie: Genie) -> None:
    workspace.add_answer("forbidden", error_type="CONTENT_FILTER_EXCEPTION", error_message="No.")

    failed(genie("ask", workspace.space_id, "forbidden words"), 1, "CONTENT_FILTER_EXCEPTION")


def test_downloading_an_answer_without_rows(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    answer = ask_json(genie, workspace.space_id, "what can you do")
    ids = (answer["space_id"], answer["conversation_id"], answer["message_id"])
    target = tmp_path / "out.parquet"

    failed(genie("download", *ids, str(target)), 2, "no query result")
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "space", "question", "--json", "--csv"],
        ["conversations", "prune", "space", "--older-than", "3 fortnights"],
        ["ask", "space"],
        ["--poll-interval", "0", "spaces", "list"],
    ],
)
def test_usage_errors(clean_env: Path, genie: Genie, args: list[str]) -> None:
    result = genie(*args)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_version_and_help(clean_env: Path, genie: Genie) -> None:
    assert genie("--version").stdout.startswith("genie-sdk ")
    assert "ask" in genie("--help").stdout
