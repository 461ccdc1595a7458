"""The genie commands against the simulator: rich output, JSON and CSV for scripts, files."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from genie_sdk import GenieClient
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator, SimClock
from tests.cli.running import Genie, ask_json

DAY = 86400.0


def test_ask_shows_statuses_sql_and_a_typed_table(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("ask", workspace.space_id, "total sales by region")

    assert result.exit_code == 0, result.output
    assert "COMPLETED" in result.stderr
    assert "SELECT r.region_name" in result.stdout
    assert "Central" in result.stdout
    assert "decimal(38,2)" in result.stdout
    assert "--follow-up" in result.stdout


def test_ask_json_is_the_whole_answer(workspace: GenieSimulator, genie: Genie) -> None:
    answer = ask_json(genie, workspace.space_id, "total sales by region")

    assert answer["status"] == "COMPLETED"
    assert [c["name"] for c in answer["columns"]] == ["region", "total_sales"]
    assert answer["row_count"] == len(answer["rows"]) == 5
    assert answer["rows"][0][0] == "Central"
    assert answer["suggested_questions"]


def test_ask_csv_prints_the_rows(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("ask", workspace.space_id, "top 10 products", "--csv")

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["product_name", "category", "units_sold", "revenue"]
    assert len(rows) == 11


def test_follow_up_continues_the_conversation(workspace: GenieSimulator, genie: Genie) -> None:
    first = ask_json(genie, workspace.space_id, "total sales by region")
    second = ask_json(
        genie, workspace.space_id, "only for 2024", "--follow-up", first["conversation_id"]
    )

    assert second["conversation_id"] == first["conversation_id"]
    assert "2024" in second["sql"]


def test_a_clarification_is_shown(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("ask", workspace.space_id, "banana smoothie")

    assert result.exit_code == 0, result.output
    assert "Genie asks" in result.stdout


def test_spaces_list_and_get(workspace: GenieSimulator, genie: Genie) -> None:
    listed = genie("spaces", "list")
    as_json = json.loads(genie("spaces", "list", "--json").stdout)
    one = json.loads(genie("spaces", "get", workspace.space_id, "--json").stdout)

    assert listed.exit_code == 0, listed.output
    assert "Retail Sales (demo)" in listed.stdout
    assert workspace.space_id in {space["space_id"] for space in as_json}
    assert one["title"] == "Retail Sales (demo)"
    assert "Retail Sales (demo)" in genie("spaces", "get", workspace.space_id).stdout


def test_conversations_list_and_delete(workspace: GenieSimulator, genie: Genie) -> None:
    answer = ask_json(genie, workspace.space_id, "how many customers")

    listed = json.loads(genie("conversations", "list", workspace.space_id, "--json").stdout)
    deleted = genie("conversations", "delete", workspace.space_id, answer["conversation_id"])
    after = json.loads(genie("conversations", "list", workspace.space_id, "--json").stdout)

    assert [c["conversation_id"] for c in listed] == [answer["conversation_id"]]
    assert deleted.exit_code == 0, deleted.output
    assert after == []


def test_messages_list_get_and_wait(workspace: GenieSimulator, genie: Genie) -> None:
    answer = ask_json(genie, workspace.space_id, "sales by month")
    ids = (answer["space_id"], answer["conversation_id"], answer["message_id"])

    listed = genie("messages", "list", *ids[:2])
    got = genie("messages", "get", *ids)
    message = json.loads(genie("messages", "get", *ids, "--json").stdout)
    waited = json.loads(genie("messages", "wait", *ids, "--json").stdout)

    assert "sales by month" in listed.stdout
    assert got.exit_code == 0, got.output
    assert "date_trunc" in got.stdout
    assert message["status"] == "COMPLETED"
    assert waited["rows"] == answer["rows"]


def test_download_writes_every_row(workspace: GenieSimulator, genie: Genie, tmp_path: Path) -> None:
    answer = ask_json(genie, workspace.space_id, "show all sales")
    ids = (answer["space_id"], answer["conversation_id"], answer["message_id"])
    folder = tmp_path / "out"
    folder.mkdir()
    parquet, table = folder / "sales.parquet", folder / "sales.csv"

    to_parquet = genie("download", *ids, str(parquet))
    to_csv = genie("download", *ids, str(table))

    assert answer["truncated"] is True
    assert to_parquet.exit_code == 0, to_parquet.output
    assert "21,000 rows" in to_parquet.stdout
    assert pq.read_metadata(parquet).num_rows == 21_000
    assert to_csv.exit_code == 0, to_csv.output
    assert len(table.read_text().splitlines()) == 21_001
    assert sorted(p.name for p in folder.iterdir()) == ["sales.csv", "sales.parquet"]
    assert workspace.storage_auth_leaks == []


def test_auth_token_prints_only_the_token(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("auth", "token")

    assert result.exit_code == 0, result.output
    assert result.stdout == workspace.token + "\n"


def test_auth_profiles_never_shows_secrets(
    clean_env: Path, genie: Genie, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = clean_env / ".databrickscfg"
    config.write_text(
        "[DEFAULT]\nhost = https://a.cloud.databricks.com\ntoken = dapi-very-secret\n\n"
        "[robot]\nhost = https://b.cloud.databricks.com\nclient_id = id\nclient_secret = shh\n"
    )

    result = genie("auth", "profiles")

    assert result.exit_code == 0, result.output
    assert "robot" in result.stdout
    assert "oauth-m2m" in result.stdout
    assert "dapi-very-secret" not in result.output
    assert "shh" not in result.output


@pytest.mark.slow
def test_demo_walks_the_whole_flow(clean_env: Path, genie: Genie) -> None:
    result = genie("demo")

    assert result.exit_code == 0, result.output
    for step in ("only for 2024", "POSITIVE", "execute-query", "21,000 rows", "DATABRICKS_HOST"):
        assert step in result.stdout


@pytest.fixture
def aged_workspace(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GenieSimulator]:
    """A workspace with two conversations 40 days old and one of today."""
    # Its own simulator: a reset cannot move the shared one's clock back 40 days.
    clock = SimClock(source=lambda: time.time() - 40 * DAY)
    with GenieSimulator(rate_limit=None, clock=clock) as sim:
        with GenieClient(sim.url, auth=PAT(sim.token)) as client:
            client.conversations.start(sim.space_id, "total sales by region")
            client.conversations.start(sim.space_id, "top 10 products")
            sim.clock.advance(40 * DAY)
            client.conversations.start(sim.space_id, "how many customers")
        monkeypatch.setenv("DATABRICKS_HOST", sim.url)
        monkeypatch.setenv("DATABRICKS_TOKEN", sim.token)
        yield sim


def titles(genie: Genie, space_id: str) -> list[str]:
    listed = json.loads(genie("conversations", "list", space_id, "--json").stdout)
    return sorted(c["title"] for c in listed)


def test_prune_deletes_only_old_conversations(aged_workspace: GenieSimulator, genie: Genie) -> None:
    space = aged_workspace.space_id

    dry_run = genie("conversations", "prune", space, "--older-than", "30d", "--dry-run")
    declined = genie("conversations", "prune", space, "--older-than", "30d", input="n\n")
    kept = titles(genie, space)
    pruned = genie("conversations", "prune", space, "--older-than", "30d", "--yes")

    assert dry_run.exit_code == 0, dry_run.output
    assert "2 of 3 conversations" in dry_run.stdout
    assert "Dry run" in dry_run.stdout
    assert declined.exit_code == 1
    assert kept == ["how many customers", "top 10 products", "total sales by region"]
    assert pruned.exit_code == 0, pruned.output
    assert "Deleted 2 conversations; 1 remain" in pruned.stdout
    assert titles(genie, space) == ["how many customers"]
