"""The metadata index against the simulator: build, change, update, search, resume, Delta."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from genie_sdk.errors import BadRequestError
from genie_sdk.index import MetadataIndex
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client, MakeClient

SALES = "01f0d0a5b0a5b0a5b0a5b0a5b0a5b0a5"
LOYALTY = "01f0d0c5c0c5c0c5c0c5c0c5c0c5c0c5"
STORES = "01f0d0e5e0e5e0e5e0e5e0e5e0e5e0e5"
OLD = "01f0d0f5f0f5f0f5f0f5f0f5f0f5f0f5"
DEMO_USER = "genie.demo@example.com"
CONTENT_TABLES = (
    "assets",
    "asset_tables",
    "datasets",
    "widgets",
    "columns",
    "sample_questions",
    "acl",
    "tags",
)


@pytest.fixture
def live(make_live: MakeClient) -> Client:
    return make_live()


def build(index: MetadataIndex, client: Client, **options: Any) -> Any:
    """An update of spaces and dashboards (the Genie Agents source has its own test)."""
    options.setdefault("include", ["spaces", "dashboards"])
    return client(index.update(client.client, **options))


def rows(index: MetadataIndex, table: str, key: str) -> list[dict[str, Any]]:
    return [row for row in index.table(table) if row["asset_key"] == key]


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    try:
        tables = {
            t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in CONTENT_TABLES
        }
        tables["search"] = db.execute(
            "SELECT a.asset_key, s.* FROM search s JOIN assets a ON a.rowid = s.rowid ORDER BY 1"
        ).fetchall()
        return tables
    finally:
        db.close()


def test_build_indexes_spaces_and_dashboards_with_links_lineage_acl_and_tags(
    sim: GenieSimulator, live: Client, tmp_path: Path
) -> None:
    with MetadataIndex.open(tmp_path / "index.db") as index:
        run = build(index, live)

        assert (run.listed, run.fetched, run.failed, run.vanished) == (7, 7, 0, 0)
        assert index.status().assets == {
            "dashboard": {"active": 3, "trashed": 1},
            "space": {"active": 3},
        }
        assets = {row["asset_key"]: row for row in index.table("assets")}
        sales = assets[f"dashboard:{SALES}"]
        assert sales["link"] == f"{sim.url}/dashboardsv3/{SALES}"
        assert sales["published_link"] == f"{sim.url}/dashboardsv3/{SALES}/published"
        assert (sales["published"], sales["owner"], sales["title"]) == (
            1,
            DEMO_USER,
            "Sales Overview",
        )
        assert sales["path"] == "/Workspace/Shared/dashboards/Sales Overview.lvdash.json"
        assert assets[f"dashboard:{LOYALTY}"]["published"] == 0
        assert assets[f"dashboard:{LOYALTY}"]["owner"] == "ana.novak@example.com"
        assert assets[f"dashboard:{OLD}"]["state"] == "trashed"
        space = assets[f"space:{sim.space_id}"]
        assert space["link"] == f"{sim.url}/genie/rooms/{sim.space_id}"
        assert space["owner"] == DEMO_USER  # the direct CAN_MANAGE user of the space's ACL

        lineage = {
            (r["table_name"], r["source"])
            for r in rows(index, "asset_tables", f"dashboard:{SALES}")
        }
        assert lineage == {
            ("samples.retail.sales", "revenue"),
            ("samples.retail.stores", "revenue"),
            ("samples.retail.regions", "revenue"),
            ("samples.retail.products", "products"),  # read inside a CTE, which is not a table
        }
        datasets = {r["name"]: r for r in rows(index, "datasets", f"dashboard:{SALES}")}
        assert datasets["revenue"]["parameters"] == '["channel"]'
        assert datasets["revenue"]["sql"].startswith(
            "SELECT r.region_name, SUM(s.amount) AS revenue\nFROM"
        )
        widgets = {
            (w["name"], w["widget_type"], w["title"], w["dataset"])
            for w in rows(index, "widgets", f"dashboard:{SALES}")
        }
        assert ("w1", "bar", "Revenue by region", "revenue") in widgets
        assert ("intro", "text", "Sales", None) in widgets
        acl = {
            (a["principal"], a["principal_kind"], a["level"], a["inherited_from"])
            for a in rows(index, "acl", f"dashboard:{SALES}")
        }
        assert acl == {
            (DEMO_USER, "user", "CAN_MANAGE", ""),
            ("analysts", "group", "CAN_RUN", ""),
            ("bob@example.com", "user", "CAN_READ", ""),
            ("admins", "group", "CAN_MANAGE", "/directories/"),
        }
        assert {
            (t["tag_key"], t["tag_value"]) for t in rows(index, "tags", f"dashboard:{SALES}")
        } == {
            ("domain", "sales"),
            ("certified", None),
        }
        space_tables = {
            r["table_name"] for r in rows(index, "asset_tables", f"space:{sim.space_id}")
        }
        assert "samples.retail.sales" in space_tables
        runs = index.table("crawl_runs")
        assert [(r["run_id"], r["status"], r["listed"], r["fetched"]) for r in runs] == [
            (1, "finished", 7, 7)
        ]


def test_update_fetches_only_what_changed_and_marks_what_vanished(
    sim: GenieSimulator, live: Client, tmp_path: Path
) -> None:
    with MetadataIndex.open(tmp_path / "index.db") as index:
        build(index, live)
        sim.update_dashboard(STORES, display_name="Store Footprint 2027")
        sim.delete_dashboard(LOYALTY)
        added = sim.add_dashboard(
            "Returns Watch",
            datasets=[{"name": "r", "queryLines": ["SELECT * FROM main.ops.returns"]}],
        )
        live(live.client.spaces.update(sim.space_id, title="Retail Sales (renamed)"))
        before = len(sim.requests)

        run = build(index, live)

        assert (run.listed, run.fetched, run.skipped, run.vanished, run.failed) == (7, 3, 4, 1, 0)
        assets = {row["asset_key"]: row for row in index.table("assets")}
        assert assets[f"dashboard:{STORES}"]["title"] == "Store Footprint 2027"
        assert assets[f"dashboard:{LOYALTY}"]["state"] == "vanished"
        assert assets[f"space:{sim.space_id}"]["title"] == "Retail Sales (renamed)"
        assert {r["table_name"] for r in rows(index, "asset_tables", f"dashboard:{added}")} == {
            "main.ops.returns"
        }
        # Two listings; per changed dashboard draft, published, ACL, tags; per space get, ACL, tags.
        assert len(sim.requests) - before == 2 + 2 * 4 + 3

        again = build(index, live)
        assert (again.fetched, again.skipped, again.requests) == (0, 7, 2)
        assert [hit.title for hit in index.search("returns watch")] == ["Returns Watch"]
        assert index.search("loyalty", kinds=["dashboard"]) == []  # vanished ones are not found


def test_search_ranks_explains_and_respects_the_acl(
    sim: GenieSimulator, live: Client, tmp_path: Path
) -> None:
    # Only the demo user (who manages it) and analysts may open the demo space.
    grant = [{"group_name": "analysts", "permission_level": "CAN_RUN"}]
    live(live.client.permissions.set("genie", sim.space_id, grant))
    with MetadataIndex.open(tmp_path / "index.db") as index:
        build(index, live)

        hits = index.search("revenue by region")
        assert hits[0].title == "Sales Overview"
        assert hits[0].link == f"{sim.url}/dashboardsv3/{SALES}"
        assert {"dataset", "widget", "table"} <= set(hits[0].matched)
        assert "[Revenue]" in hits[0].snippet
        assert [h.kind for h in index.search("revenue by region", kinds=["space"])] == ["space"] * 3

        everyone = {h.title for h in index.search("customers stores sales", limit=50)}
        bob = {
            h.title
            for h in index.search("customers stores sales", principal="bob@example.com", limit=50)
        }
        analyst = {
            h.title
            for h in index.search(
                "customers stores sales", principal=["bob@example.com", "analysts"], limit=50
            )
        }
        assert {"Customer Loyalty", "Customer Insights (demo)"} <= everyone
        # CAN_READ; the "users" group (explicitly, or by the default list of a space)
        assert bob == {
            "Sales Overview",
            "Store Footprint",
            "Customer Insights (demo)",
            "Store Operations (demo)",
        }
        assert analyst == bob | {"Retail Sales (demo)"}
        assert "Customer Loyalty" not in analyst

        route = index.route(
            "What were total sales by region?", principal=["bob@example.com", "analysts"]
        )
        assert route is not None
        assert (route.kind, route.id) == ("space", sim.space_id)


def test_a_forbidden_object_is_recorded_not_fatal_and_retried_next_run(
    sim: GenieSimulator, live: Client, tmp_path: Path
) -> None:
    sim.faults.http_error(403, path=rf"/lakeview/dashboards/{STORES}$", times=1)
    sim.faults.http_error(404, path=rf"/permissions/genie/{sim.space_id}$", times=1)
    with MetadataIndex.open(tmp_path / "index.db") as index:
        run = build(index, live)

        assert (run.listed, run.fetched, run.failed) == (7, 5, 2)
        errors = {
            (e["asset_key"], e["operation"], e["status_code"], e["error_code"])
            for e in index.table("crawl_errors")
        }
        assert errors == {
            (f"dashboard:{STORES}", "get", 403, "PERMISSION_DENIED"),
            (f"space:{sim.space_id}", "permissions", 404, "RESOURCE_DOES_NOT_EXIST"),
        }
        assert index.status().last_run_errors == 2
        assets = {row["asset_key"]: row for row in index.table("assets")}
        assert assets[f"dashboard:{STORES}"]["detail_error"] == "get"
        assert assets[f"dashboard:{STORES}"]["title"] == "Store Footprint"  # from the listing

        again = build(index, live)
        assert (again.fetched, again.failed) == (2, 0)
        assert all(row["detail_error"] is None for row in index.table("assets"))


def test_rate_limited_requests_pause_the_crawl_and_are_tried_again(
    sim: GenieSimulator, make_live: MakeClient, tmp_path: Path
) -> None:
    client = make_live(max_retries=0)  # every 429 reaches the crawler
    sim.faults.too_many_requests(path=r"/lakeview/dashboards$", retry_after=1, times=2)
    with MetadataIndex.open(tmp_path / "index.db") as index:
        run = build(index, client, max_rps=50)
    assert (run.listed, run.failed) == (7, 0)
    assert sim.count_requests("GET", r"/lakeview/dashboards$") == 3


@pytest.mark.parametrize("fatal_after_pages", [1, 2, 3])
def test_a_run_stopped_part_way_resumes_and_ends_like_an_uninterrupted_run(
    sim: GenieSimulator, live: Client, tmp_path: Path, fatal_after_pages: int
) -> None:
    sim.settings.max_page_size = 1
    grant = [{"group_name": "ops", "permission_level": "CAN_RUN"}]
    live(live.client.permissions.set("dashboards", STORES, grant))
    with MetadataIndex.open(tmp_path / "whole.db") as whole:
        build(whole, live)

    sim.faults.http_error(400, path=r"/lakeview/dashboards$", skip=fatal_after_pages)
    with MetadataIndex.open(tmp_path / "resumed.db") as index:
        with pytest.raises(BadRequestError):
            build(index, live)
        assert index.status().last_run["status"] == "running"
        listed_before = sim.count_requests("GET", r"/lakeview/dashboards$")

        run = build(index, live)

        assert run.resumed
        assert run.run_id == 1
        # Listing restarts at the checkpointed page, not at the first.
        assert (
            sim.count_requests("GET", r"/lakeview/dashboards$") - listed_before
            == 4 - fatal_after_pages
        )
        assert index.status().last_run["status"] == "finished"
    assert snapshot(tmp_path / "resumed.db") == snapshot(tmp_path / "whole.db")


def test_delta_and_parquet_outputs_read_back_equal_to_the_sqlite_store(
    live: Client, tmp_path: Path
) -> None:
    deltalake = pytest.importorskip("deltalake")
    parquet = pytest.importorskip("pyarrow.parquet")
    with MetadataIndex.open(tmp_path / "index.db") as index:
        build(index, live)
        index.write_delta(str(tmp_path / "delta"))
        index.write_parquet(tmp_path / "parquet")

        for table in (*CONTENT_TABLES, "crawl_runs", "crawl_errors"):
            stored = index.table(table)
            columns = list(stored[0]) if stored else None
            delta = deltalake.DeltaTable(str(tmp_path / "delta" / table)).to_pyarrow_table()
            from_parquet = parquet.read_table(tmp_path / "parquet" / f"{table}.parquet")
            for copy in (delta, from_parquet):
                read = sorted(copy.to_pylist(), key=lambda r: tuple(str(v) for v in r.values()))
                expected = sorted(stored, key=lambda r: tuple(str(v) for v in r.values()))
                assert read == expected, table
                if columns:
                    assert copy.column_names == columns
        assert len(index.table("assets")) == 7


def test_genie_agents_are_indexed_beside_spaces_and_dashboards(
    sim: GenieSimulator, live: Client, tmp_path: Path
) -> None:
    with MetadataIndex.open(tmp_path / "index.db") as index:
        run = live(index.update(live.client))
        agents = [row for row in index.table("assets") if row["kind"] == "agent"]
        assert run.failed == 0
        assert run.listed == 7 + len(agents)
        assert agents
        for agent in agents:
            assert agent["link"] == f"{sim.url}/genie/rooms/{agent['id']}"
            assert rows(index, "asset_tables", f"agent:{agent['id']}")
        assert index.search(agents[0]["title"], kinds=["agent"])[0].id == agents[0]["id"]
