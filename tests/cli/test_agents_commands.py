"""``genie agents list|get|create|update|trash|export`` against the simulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from genie_sdk.cli.errors import EXIT_API, EXIT_USAGE
from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie

AGENTS = "/api/2.0/genie/agents"


def _json(genie: Genie, *args: str) -> Any:
    result = genie(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_and_get_show_the_demo_agent(workspace: GenieSimulator, genie: Genie) -> None:
    listed = genie("agents", "list", "--full")
    assert listed.exit_code == 0, listed.output
    assert workspace.space_id in listed.stdout
    assert "Retail Sales (demo)" in listed.stdout
    assert "5 tables" in listed.stdout

    shown = genie("agents", "get", workspace.space_id)
    assert shown.exit_code == 0, shown.output
    assert "1 text instruction" in shown.stdout
    agent = _json(genie, "agents", "get", workspace.space_id)
    assert agent["name"] == f"agents/{workspace.space_id}"
    assert agent["definition"]["instructions"]["text_instructions"]


def test_list_json_names_the_unreachable_agents(workspace: GenieSimulator, genie: Genie) -> None:
    workspace.restrict_agent(workspace.space_id, readable=False)

    listed = _json(genie, "agents", "list", "--full")
    basic = genie("agents", "list")

    assert listed == {"genie_agents": [], "unreachable": [f"agents/{workspace.space_id}"]}
    assert basic.exit_code == 0
    assert workspace.space_id in basic.stdout


def test_export_then_create_from_either_format(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    original = _json(genie, "agents", "get", workspace.space_id)["definition"]
    for export_format in ("definition", "serialized-space"):
        target = tmp_path / f"{export_format}.json"
        exported = genie(
            "agents", "export", workspace.space_id, "--format", export_format, "-o", str(target)
        )
        assert exported.exit_code == 0, exported.output
        created = _json(
            genie,
            "agents",
            "create",
            "--name",
            f"Copy as {export_format}",
            "--warehouse",
            workspace.warehouse_id,
            "--definition",
            str(target),
        )
        assert created["definition"] == original
    space = json.loads((tmp_path / "serialized-space.json").read_text())
    assert space["version"] == 2


def test_export_prints_the_definition_on_stdout(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("agents", "export", workspace.space_id)

    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout) == _json(genie, "agents", "get", workspace.space_id)["definition"]
    )


def test_create_reads_the_definition_from_stdin(workspace: GenieSimulator, genie: Genie) -> None:
    definition = {"instructions": {"text_instructions": [{"id": "e" * 32, "content": "Hi."}]}}
    result = genie(
        "agents", "create", "--name", "Piped", "--warehouse", "w1", "--definition", "-", "--json",
        input=json.dumps(definition),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["definition"] == definition


def test_update_with_a_stale_etag_fails_and_says_to_get_again(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    before = _json(genie, "agents", "get", workspace.space_id)
    changed = dict(before["definition"])
    changed["instructions"] = {
        **changed["instructions"],
        "text_instructions": [{"id": "0c" * 16, "content": "Amounts are in USD."}],
    }
    target = tmp_path / "definition.json"
    target.write_text(json.dumps(changed))

    updated = _json(
        genie, "agents", "update", workspace.space_id, "--definition", str(target), "--etag",
        before["etag"], "--description", "",
    )  # fmt: skip
    stale = genie("agents", "update", workspace.space_id, "--name", "X", "--etag", before["etag"])

    assert updated["definition"] == changed
    assert "description" not in updated
    assert stale.exit_code == EXIT_API
    assert "ABORTED" in stale.stderr
    assert "get it again" in stale.stderr


def test_trash_moves_the_agent_away(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("agents", "trash", workspace.space_id)

    assert result.exit_code == 0, result.output
    assert "trash" in result.stderr
    assert genie("agents", "get", workspace.space_id).exit_code == EXIT_API


def test_a_definition_breaking_a_rule_is_refused_before_sending(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    target = tmp_path / "broken.json"
    texts = [{"id": "a" * 32, "content": "One."}, {"id": "b" * 32, "content": "Two."}]
    target.write_text(json.dumps({"instructions": {"text_instructions": texts}}))

    result = genie(
        "agents", "create", "--name", "Broken", "--warehouse", "w1", "--definition", str(target)
    )

    assert result.exit_code == EXIT_USAGE
    assert "at most one text instruction" in result.stderr
    assert workspace.count_requests("POST", AGENTS) == 0


def test_text_from_the_server_cannot_drive_the_terminal(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    target = tmp_path / "definition.json"
    target.write_text(json.dumps({"data_sources": {"tables": [{"identifier": "c.s.t"}]}}))
    created = _json(
        genie, "agents", "create", "--name", "Evil \x1b]52;c;aGk=\x07", "--warehouse", "w1",
        "--definition", str(target),
    )  # fmt: skip

    shown = genie("agents", "get", created["name"].removeprefix("agents/"))
    listed = genie("agents", "list")

    for output in (shown.stdout, listed.stdout):
        assert "\x1b" not in output
        assert "\\x1b]52" in output


def test_a_file_that_is_no_definition_is_reported_plainly(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    target = tmp_path / "wrong.json"
    target.write_text(json.dumps({"config": {"sample_questions": [{"question": "no id"}]}}))

    result = genie(
        "agents", "create", "--name", "X", "--warehouse", "w1", "--definition", str(target)
    )

    assert result.exit_code == EXIT_USAGE
    assert (
        "is not an agent definition: config.sample_questions.0.id: Field required" in result.stderr
    )
    assert workspace.count_requests("POST", AGENTS) == 0
