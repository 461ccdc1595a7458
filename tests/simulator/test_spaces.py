"""Space CRUD, listing and pagination."""

from __future__ import annotations

import json

import httpx

from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import API


def test_list_spaces_has_the_demo_spaces(sim: GenieSimulator, http: httpx.Client) -> None:
    body = http.get(f"{API}/spaces").json()
    spaces = body["spaces"]
    assert spaces[0]["space_id"] == sim.space_id
    assert len(spaces) == 3
    assert "next_page_token" not in body
    for space in spaces:
        assert set(space) >= {"space_id", "title", "warehouse_id", "etag", "create_time"}
        assert "serialized_space" not in space
        assert space["create_time"].endswith("Z")


def test_list_spaces_pages_with_opaque_tokens(http: httpx.Client) -> None:
    seen = []
    params: dict[str, str | int] = {"page_size": 2}
    while True:
        body = http.get(f"{API}/spaces", params=params).json()
        seen += [s["space_id"] for s in body["spaces"]]
        if "next_page_token" not in body:
            break
        assert not body["next_page_token"].isdigit()
        params["page_token"] = body["next_page_token"]
    assert len(seen) == len(set(seen)) == 3


def test_bad_page_token_and_size_are_rejected(http: httpx.Client) -> None:
    bad_token = http.get(f"{API}/spaces", params={"page_token": "not-a-token"})
    assert bad_token.status_code == 400
    assert bad_token.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert http.get(f"{API}/spaces", params={"page_size": "-1"}).status_code == 400
    assert http.get(f"{API}/spaces", params={"page_size": "x"}).status_code == 400


def test_get_space_with_serialized_space(sim: GenieSimulator, http: httpx.Client) -> None:
    plain = http.get(f"{API}/spaces/{sim.space_id}").json()
    assert "serialized_space" not in plain
    full = http.get(
        f"{API}/spaces/{sim.space_id}", params={"include_serialized_space": "true"}
    ).json()
    tables = json.loads(full["serialized_space"])["data_sources"]["tables"]
    assert {"identifier": "samples.retail.sales"} in tables
    assert full["warehouse_id"] == sim.warehouse_id


def test_create_update_and_trash_a_space(sim: GenieSimulator, http: httpx.Client) -> None:
    created = http.post(
        f"{API}/spaces",
        json={
            "warehouse_id": sim.warehouse_id,
            "serialized_space": json.dumps({"version": 1}),
            "title": "Mine",
            "description": "d",
            "parent_path": "/Users/me",
        },
    ).json()
    space_id = created["space_id"]
    assert len(space_id) == 32
    assert created["title"] == "Mine"

    stale = http.patch(f"{API}/spaces/{space_id}", json={"title": "x", "etag": "stale"})
    assert stale.status_code == 409
    assert stale.json()["error_code"] == "ABORTED"

    updated = http.patch(
        f"{API}/spaces/{space_id}", json={"title": "Renamed", "etag": created["etag"]}
    ).json()
    assert updated["title"] == "Renamed"
    assert updated["description"] == "d"
    assert updated["etag"] != created["etag"]

    assert http.delete(f"{API}/spaces/{space_id}").json() == {}
    gone = http.get(f"{API}/spaces/{space_id}")
    assert gone.status_code == 404
    assert gone.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    listed = [s["space_id"] for s in http.get(f"{API}/spaces").json()["spaces"]]
    assert space_id not in listed


def test_create_space_validates_its_fields(sim: GenieSimulator, http: httpx.Client) -> None:
    missing = http.post(f"{API}/spaces", json={"serialized_space": "{}"})
    assert missing.status_code == 400
    assert missing.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    not_json = http.post(
        f"{API}/spaces", json={"warehouse_id": sim.warehouse_id, "serialized_space": "{oops"}
    )
    assert not_json.status_code == 400
    malformed = http.post(
        f"{API}/spaces", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["error_code"] == "MALFORMED_REQUEST"


def test_unknown_space_and_endpoint(http: httpx.Client) -> None:
    missing = http.get(f"{API}/spaces/{'0' * 32}")
    assert missing.status_code == 404
    body = missing.json()
    assert body["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    types = [d["@type"] for d in body["details"]]
    assert "type.googleapis.com/google.rpc.RequestInfo" in types
    request_info = next(d for d in body["details"] if d["@type"].endswith("RequestInfo"))
    assert request_info["request_id"] == missing.headers["x-request-id"]
    unknown = http.get(f"{API}/nothing-here")
    assert unknown.status_code == 404
    assert unknown.json()["error_code"] == "ENDPOINT_NOT_FOUND"
