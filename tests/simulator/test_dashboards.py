"""AI/BI dashboards, ACLs and tags as the simulator serves them, and the large workspace."""

from __future__ import annotations

import json

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator

LAKEVIEW = "/api/2.0/lakeview/dashboards"
SALES = "01f0d0a5b0a5b0a5b0a5b0a5b0a5b0a5"
LOYALTY = "01f0d0c5c0c5c0c5c0c5c0c5c0c5c0c5"
OLD = "01f0d0f5f0f5f0f5f0f5f0f5f0f5f0f5"


def test_listing_leaves_out_trashed_dashboards_and_the_detail_fields(http: httpx.Client) -> None:
    listed = http.get(LAKEVIEW).json()["dashboards"]
    assert [d["display_name"] for d in listed] == [
        "Sales Overview",
        "Customer Loyalty",
        "Store Footprint",
    ]
    for dashboard in listed:
        assert not set(dashboard) & {
            "etag",
            "path",
            "parent_path",
            "serialized_dashboard",
            "update_time",
        }
    with_trash = http.get(LAKEVIEW, params={"show_trashed": "true"}).json()["dashboards"]
    assert [d["lifecycle_state"] for d in with_trash if d["dashboard_id"] == OLD] == ["TRASHED"]


def test_get_has_a_realistic_serialized_dashboard(http: httpx.Client) -> None:
    dashboard = http.get(f"{LAKEVIEW}/{SALES}").json()
    assert dashboard["path"] == "/Workspace/Shared/dashboards/Sales Overview.lvdash.json"
    assert dashboard["etag"]
    assert dashboard["update_time"].endswith("Z")
    definition = json.loads(dashboard["serialized_dashboard"])
    revenue = definition["datasets"][0]
    assert revenue["queryLines"][0] == "SELECT r.region_name, SUM(s.amount) AS revenue\n"
    assert revenue["parameters"][0]["keyword"] == "channel"
    widgets = [item["widget"] for item in definition["pages"][0]["layout"]]
    assert widgets[1]["spec"]["widgetType"] == "bar"
    assert widgets[1]["queries"][0]["query"]["datasetName"] == "revenue"


def test_the_demo_datasets_run_on_the_demo_tables(sim: GenieSimulator, http: httpx.Client) -> None:
    definition = json.loads(http.get(f"{LAKEVIEW}/{SALES}").json()["serialized_dashboard"])
    for dataset in definition["datasets"]:
        sql = (
            "".join(dataset["queryLines"])
            .replace(":channel", "'store'")
            .replace("samples.retail.", "")
        )
        assert sim.query_sql(sql)


def test_published_is_404_for_a_dashboard_never_published(http: httpx.Client) -> None:
    assert http.get(f"{LAKEVIEW}/{SALES}/published").json()["warehouse_id"]
    missing = http.get(f"{LAKEVIEW}/{LOYALTY}/published")
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    assert http.get(f"{LAKEVIEW}/{'0' * 32}").status_code == 404


def test_changes_get_a_new_etag_and_can_trash_or_delete(
    sim: GenieSimulator, http: httpx.Client
) -> None:
    before = http.get(f"{LAKEVIEW}/{SALES}").json()["etag"]
    sim.update_dashboard(SALES, display_name="Renamed")
    after = http.get(f"{LAKEVIEW}/{SALES}").json()
    assert (after["display_name"], after["etag"] != before) == ("Renamed", True)
    sim.update_dashboard(SALES, lifecycle_state="TRASHED")
    assert SALES not in {d["dashboard_id"] for d in http.get(LAKEVIEW).json()["dashboards"]}
    sim.delete_dashboard(SALES)
    assert http.get(f"{LAKEVIEW}/{SALES}").status_code == 404
    with pytest.raises(ValueError, match="read-only"):
        sim.update_dashboard(LOYALTY, etag="x")


def test_the_demo_dashboards_have_acls_and_tags(http: httpx.Client) -> None:
    acl = http.get(f"/api/2.0/permissions/dashboards/{SALES}").json()["access_control_list"]
    levels = {(e.get("user_name") or e.get("group_name")): e["all_permissions"][0] for e in acl}
    assert levels["bob@example.com"]["permission_level"] == "CAN_READ"
    assert levels["admins"]["inherited"] is True
    tags = http.get(f"/api/2.0/entity-tag-assignments/dashboards/{SALES}/tags").json()
    assert {t["tag_key"] for t in tags["tag_assignments"]} == {"domain", "certified"}


def test_per_object_403_through_faults(sim: GenieSimulator, http: httpx.Client) -> None:
    sim.faults.http_error(403, path=rf"/lakeview/dashboards/{SALES}$", times=None)
    refused = http.get(f"{LAKEVIEW}/{SALES}")
    assert (refused.status_code, refused.json()["error_code"]) == (403, "PERMISSION_DENIED")
    assert http.get(f"{LAKEVIEW}/{LOYALTY}").status_code == 200


def test_the_large_workspace_has_thousands_of_dashboards_and_spaces() -> None:
    with (
        GenieSimulator(workspace="large", max_page_size=1000) as large,
        httpx.Client(
            base_url=large.url, headers={"Authorization": f"Bearer {large.token}"}
        ) as http,
    ):
        dashboards = spaces = 0
        params: dict[str, str] = {"page_size": "1000"}
        while True:
            body = http.get(LAKEVIEW, params=params).json()
            dashboards += len(body["dashboards"])
            if "next_page_token" not in body:
                break
            params["page_token"] = body["next_page_token"]
        params = {}
        while True:
            body = http.get("/api/2.0/genie/spaces", params=params).json()
            spaces += len(body["spaces"])
            if "next_page_token" not in body:
                break
            params["page_token"] = body["next_page_token"]
        assert dashboards >= 5000
        assert spaces >= 1000
        one = body["spaces"][-1]["space_id"]
        acl = http.get(f"/api/2.0/permissions/genie/{one}").json()["access_control_list"]
        assert any(entry.get("user_name", "").endswith(".lead@example.com") for entry in acl)
        tags = http.get(f"/api/2.0/entity-tag-assignments/geniespaces/{one}/tags").json()
        assert tags["tag_assignments"][0]["tag_key"] == "team"


def test_an_unknown_workspace_is_refused() -> None:
    with pytest.raises(ValueError, match="workspace"):
        GenieSimulator(workspace="huge")  # type: ignore[arg-type]
