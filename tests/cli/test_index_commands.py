"""``genie index build|update|status|search`` against the simulator."""

from __future__ import annotations

import json
from pathlib import Path

from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie

SALES = "01f0d0a5b0a5b0a5b0a5b0a5b0a5b0a5"


def test_build_update_status_and_search(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    path = str(tmp_path / "index.db")

    built = genie("index", "build", "--out", path, "--max-rps", "200")
    assert built.exit_code == 0, built.output
    assert (
        "Run 1: listed 8, fetched 8, skipped 0, failed 0, vanished 0" in built.stdout
    )  # an agent too
    assert "listed 8" in built.stderr  # the progress line

    workspace.update_dashboard(SALES, display_name="Sales Overview v2")
    updated = genie("index", "update", "--index", path, "--json")
    assert updated.exit_code == 0, updated.output
    run = json.loads(updated.stdout)
    assert (run["run_id"], run["listed"], run["fetched"], run["skipped"]) == (2, 8, 1, 7)

    status = genie("index", "status", "--index", path, "--json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["assets"] == {
        "agent": {"active": 1},
        "dashboard": {"active": 3, "trashed": 1},
        "space": {"active": 3},
    }
    shown = genie("index", "status", "--index", path)
    assert "dashboard" in shown.stdout
    assert "Last run 2 (finished)" in shown.stdout

    found = genie(
        "index", "search", "revenue by region", "--index", path, "--json", "--kind", "dashboard"
    )
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert hits[0]["title"] == "Sales Overview v2"
    assert hits[0]["link"] == f"{workspace.url}/dashboardsv3/{SALES}"
    table = genie(
        "index", "search", "revenue", "--index", path, "--principal", "nobody@example.com"
    )
    assert table.exit_code == 0
    assert "Nothing matched" in table.stderr
    rich = genie("index", "search", "revenue", "--index", path)
    assert "Sales Overview v2" in rich.stdout


def test_build_writes_delta_and_parquet(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    result = genie(
        "index",
        "build",
        "--out",
        str(tmp_path / "i.db"),
        "--delta",
        str(tmp_path / "delta"),
        "--parquet",
        str(tmp_path / "pq"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["written"]
    assert str(tmp_path / "delta" / "assets") in written
    assert (tmp_path / "pq" / "acl.parquet").is_file()
    assert (tmp_path / "delta" / "assets" / "_delta_log").is_dir()


def test_status_and_search_of_a_missing_index_say_so(
    clean_env: Path, genie: Genie, tmp_path: Path
) -> None:
    for args in (("status",), ("search", "x")):
        result = genie("index", *args, "--index", str(tmp_path / "none.db"))
        assert result.exit_code == 2
        assert "genie index build" in result.output


def test_untrusted_titles_reach_the_terminal_inert(
    workspace: GenieSimulator, genie: Genie, tmp_path: Path
) -> None:
    workspace.add_dashboard("Evil \x1b[31mred\x1b]0;pwned\x07 board")
    path = str(tmp_path / "index.db")
    assert genie("index", "build", "--out", path).exit_code == 0
    result = genie("index", "search", "evil board", "--index", path)
    assert result.exit_code == 0
    assert "\x1b]0;" not in result.stdout
    assert "\x1b[31m" not in result.stdout
