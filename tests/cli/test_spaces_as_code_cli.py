"""Spaces as code through the CLI: export, edit, diff, push, clone to a second workspace,
evaluate the clone and gate CI on its accuracy; permissions, tags and harvest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from genie_sdk import GenieClient
from genie_sdk.cli.commands.evals import EXIT_BELOW_THRESHOLD
from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie

NEW_EXAMPLE = (
    "    example_question_sqls:\n"
    "    - id: 00000000000000000000000000000abc\n"
    "      question: How many stores are there?\n"
    "      sql: |-\n"
    "        SELECT COUNT(*) AS stores\n"
    "        FROM samples.retail.stores\n"
)


@pytest.fixture(scope="module")
def prod_server() -> Iterator[GenieSimulator]:
    with GenieSimulator(rate_limit=None, advance="poll") as server:
        yield server


@pytest.fixture
def prod(
    prod_server: GenieSimulator,
    genie_simulator: GenieSimulator,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> GenieSimulator:
    """Two workspaces as profiles of ``~/.databrickscfg``: ``dev`` (the session's simulator,
    also the default through ``DATABRICKS_CONFIG_PROFILE``) and ``prod`` (a second one)."""
    prod_server.reset()
    prod_server.mirror_schema("prod.retail")
    (clean_env / ".databrickscfg").write_text(
        f"[dev]\nhost = {genie_simulator.url}\ntoken = {genie_simulator.token}\n\n"
        f"[prod]\nhost = {prod_server.url}\ntoken = {prod_server.token}\n"
    )
    monkeypatch.setenv("DATABRICKS_CONFIG_PROFILE", "dev")
    return prod_server


def test_export_edit_diff_push_clone_and_gate_on_accuracy(
    genie_simulator: GenieSimulator, prod: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    workspace = genie_simulator
    path = tmp_path / "space.yaml"
    exported = genie("space", "export", workspace.space_id, "--out", str(path))
    assert exported.exit_code == 0, exported.output
    text = path.read_text()
    path.write_text(
        text.replace("title: Retail Sales (demo)", "title: Retail Sales").replace(
            "    example_question_sqls:\n", NEW_EXAMPLE
        )
    )

    diff = genie("space", "diff", str(path), workspace.space_id, "--json", "--exit-code")
    assert diff.exit_code == 1
    assert [(c["kind"], c["action"]) for c in json.loads(diff.stdout)] == [
        ("space", "changed"),
        ("example_question_sqls", "added"),
    ]
    dry = genie("space", "push", str(path), workspace.space_id, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "+ example_question_sqls 00000000000000000000000000000abc" in dry.stdout
    assert "Retail Sales (demo)" in genie("spaces", "get", workspace.space_id).stdout

    pushed = genie("space", "push", str(path), workspace.space_id)
    assert pushed.exit_code == 0, pushed.output
    same = genie("space", "diff", str(path), workspace.space_id, "--exit-code")
    assert same.exit_code == 0, same.output
    assert "No changes." in same.stdout
    drift = genie("space", "push", str(path), workspace.space_id)  # the file's etag is stale now
    assert drift.exit_code == 1
    assert "changed since etag" in drift.stderr

    unmapped = genie(
        "space",
        "clone",
        workspace.space_id,
        "--to-profile",
        "prod",
        "--retarget",
        "x.y=prod.retail",
    )
    assert unmapped.exit_code == 2
    assert "samples.retail" in unmapped.stderr
    cloned = genie(
        "space", "clone", workspace.space_id,
        "--title", "Retail Sales (prod)",
        "--to-profile", "prod",
        "--retarget", "samples.retail=prod.retail",
        "--warehouse-id", prod.warehouse_id,
        "--json",
    )  # fmt: skip
    assert cloned.exit_code == 0, cloned.output
    clone = json.loads(cloned.stdout)
    assert {"where": "tables", "old": "samples.retail.sales", "new": "prod.retail.sales"} in clone[
        "rewrites"
    ]
    with GenieClient(prod.url, token=prod.token) as client:
        copied = client.spaces.export(clone["space_id"])
    assert copied.title == "Retail Sales (prod)"
    assert "samples.retail" not in copied.to_serialized_space()

    report = tmp_path / "report.json"
    junit = tmp_path / "junit.xml"
    gated = genie(
        "--profile", "prod", "eval", "run", clone["space_id"],
        "--min-accuracy", "0.9", "--junit", str(junit), "--out", str(report),
    )  # fmt: skip
    assert gated.exit_code == EXIT_BELOW_THRESHOLD, gated.output
    assert "below the minimum 90.0%" in gated.stderr
    assert 'failures="1"' in junit.read_text()
    passed = genie(
        "--profile", "prod", "eval", "run", clone["space_id"], "--min-accuracy", "0.6", "--json"
    )
    assert passed.exit_code == 0, passed.output
    assert json.loads(passed.stdout)["accuracy"] == pytest.approx(2 / 3)

    baseline = tmp_path / "baseline.json"
    baseline.write_text(passed.stdout)
    compared = genie("eval", "compare", str(report), str(baseline), "--json")
    assert compared.exit_code == 0, compared.output
    assert json.loads(compared.stdout)["regressions"] == []


def test_a_clone_whose_target_is_the_source_workspace_is_refused(
    workspace: GenieSimulator, prod: GenieSimulator, genie: Genie
) -> None:
    """DATABRICKS_HOST in the environment beats a profile: cloning "elsewhere" would land here."""
    result = genie("space", "clone", workspace.space_id, "--to-profile", "prod")
    assert result.exit_code == 2
    assert "same workspace" in result.stderr
    with GenieClient(workspace.url, token=workspace.token) as client:
        assert len(list(client.spaces.list())) == 3  # nothing was created


def test_permissions_tags_and_harvest(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    space = workspace.space_id
    granted = genie(
        "permissions", "set", "genie", space, "--grant", "group:analysts=CAN_RUN", "--add",
        "--json",
    )  # fmt: skip
    assert granted.exit_code == 0, granted.output
    principals = [e.get("group_name") for e in json.loads(granted.stdout)["access_control_list"]]
    assert "analysts" in principals
    shown = genie("permissions", "get", "genie", space)
    assert "analysts" in shown.stdout
    bad = genie("permissions", "set", "genie", space, "--grant", "analysts=CAN_RUN")
    assert bad.exit_code == 2

    assert genie("tags", "assign", "geniespaces", space, "team=sales").exit_code == 0
    assert json.loads(genie("tags", "list", "geniespaces", space, "--json").stdout) == [
        {"entity_type": "geniespaces", "entity_id": space, "tag_key": "team", "tag_value": "sales"}
    ]
    assert genie("tags", "remove", "geniespaces", space, "team").exit_code == 0
    assert json.loads(genie("tags", "list", "geniespaces", space, "--json").stdout) == []

    with GenieClient(workspace.url, token=workspace.token) as client:
        answer = client.ask(space, "How many customers do we have?")
        answer.send_feedback("POSITIVE")
    questions = tmp_path / "questions.yaml"
    harvested = genie("eval", "harvest", space, "--to", str(questions))
    assert harvested.exit_code == 0, harvested.output
    text = questions.read_text()
    assert "question: How many customers do we have?" in text
    assert "feedback: POSITIVE" in text
    assert f"/genie/rooms/{space}/chats/{answer.conversation_id}" in text
    watermark = harvested.stderr.split("--since ")[-1].split()[0]
    again = genie("eval", "harvest", space, "--since", watermark, "--json")
    assert json.loads(again.stdout)["questions"] == []


def test_inventory_and_retire(workspace: GenieSimulator, genie: Genie) -> None:
    assert genie("tags", "assign", "geniespaces", workspace.space_id, "team=sales").exit_code == 0
    listed = json.loads(genie("space", "inventory", "--json").stdout)
    demo = next(row for row in listed if row["space_id"] == workspace.space_id)
    assert demo["tags"] == {"team": "sales"}
    assert demo["owners"] == ["genie.demo@example.com"]
    idle = json.loads(genie("space", "inventory", "--idle-days", "30", "--json").stdout)
    assert len(idle) == 3  # no conversations yet
    table = genie("space", "inventory")
    assert "team=sales" in table.stdout
    other = next(row["space_id"] for row in listed if row["space_id"] != workspace.space_id)
    assert genie("space", "retire", other).exit_code == 0
    assert len(json.loads(genie("space", "inventory", "--json").stdout)) == 2
