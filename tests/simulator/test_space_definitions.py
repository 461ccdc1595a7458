"""The simulator checks serialized_space as the service does, and enforces space ACLs."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import API

A, B = "a" * 32, "b" * 32


def _create(sim: GenieSimulator, http: httpx.Client, definition: dict[str, Any]) -> httpx.Response:
    body = {"warehouse_id": sim.warehouse_id, "serialized_space": json.dumps(definition)}
    return http.post(f"{API}/spaces", json=body)


def test_the_demo_space_is_a_version_2_export_with_its_benchmarks(
    sim: GenieSimulator, http: httpx.Client
) -> None:
    full = http.get(f"{API}/spaces/{sim.space_id}", params={"include_serialized_space": "true"})
    data = json.loads(full.json()["serialized_space"])
    assert data["version"] == 2
    questions = data["benchmarks"]["questions"]
    assert [q["question"] for q in questions] == [
        ["What are the total sales by region?"],
        ["How many customers do we have?"],
        ["What are the top 5 products?"],
    ]
    assert [q["id"] for q in questions] == sorted(q["id"] for q in questions)
    assert questions[1]["answer"] == [
        {"format": "SQL", "content": ["SELECT COUNT(*) FROM samples.retail.customers"]}
    ]
    assert _create(sim, http, data).status_code == 200  # what it exports, it accepts


@pytest.mark.parametrize(
    ("definition", "complaint"),
    [
        ({"version": 3}, "version"),
        ({"version": 2, "instructions": {"text_instructions": [{"id": A, "content": "x"}]}},
         "list of strings"),
        ({"version": 2, "data_sources": {"tables": [
            {"identifier": "samples.retail.sales"}, {"identifier": "samples.retail.customers"}]}},
         "sorted by identifier"),
        ({"version": 2, "data_sources": {"tables": [{"identifier": "nope.retail.sales"}]}},
         "does not exist"),
        ({"version": 2, "config": {"sample_questions": [
            {"id": B, "question": ["q"]}, {"id": A, "question": ["q"]}]}}, "sorted by id"),
        ({"version": 2, "config": {"sample_questions": [{"id": "A1", "question": ["q"]}]}},
         "32 lowercase hex"),
        ({"version": 2, "config": {"sample_questions": [{"id": A, "question": ["q"]}]},
          "benchmarks": {"questions": [{"id": A, "question": ["q"]}]}}, "used twice"),
        ({"version": 2, "instructions": {"text_instructions": [
            {"id": A, "content": ["x"]}, {"id": B, "content": ["y"]}]}}, "at most one"),
        ({"version": 2, "benchmarks": {"questions": [
            {"id": A, "question": ["q"], "answer": [{"format": "TEXT", "content": ["x"]}]}]}},
         "SQL format"),
    ],
)  # fmt: skip
def test_a_definition_the_service_would_refuse_is_refused(
    sim: GenieSimulator, http: httpx.Client, definition: dict[str, Any], complaint: str
) -> None:
    refused = _create(sim, http, definition)
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert complaint in refused.json()["message"]


def test_benchmarks_of_the_definition_are_evaluated(
    sim: GenieSimulator, http: httpx.Client
) -> None:
    created = _create(
        sim,
        http,
        {
            "version": 2,
            "data_sources": {"tables": [{"identifier": "samples.retail.customers"}]},
            "benchmarks": {"questions": [{"id": A, "question": ["How many customers do we have?"],
                "answer": [{"format": "SQL", "content": ["SELECT COUNT(*) ", "FROM customers"]}]}]},
        },
    ).json()  # fmt: skip
    run = http.post(f"{API}/spaces/{created['space_id']}/eval-runs", json={}).json()
    assert run["num_questions"] == 1


def test_mirrored_schemas_exist_until_reset(sim: GenieSimulator) -> None:
    sim.mirror_schema("prod.retail")
    assert sim.query_sql("SELECT COUNT(*) FROM prod.retail.regions") == [(5,)]
    with pytest.raises(ValueError, match=r"catalog\.schema"):
        sim.mirror_schema("prod")
    sim.reset()
    with pytest.raises(Exception, match="prod"):
        sim.query_sql("SELECT COUNT(*) FROM prod.retail.regions")


def test_acls_decide_who_may_run_edit_and_manage(sim: GenieSimulator, http: httpx.Client) -> None:
    token = sim.add_user("ana@example.com")
    space = f"{API}/spaces/{sim.space_id}"
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}) as ana:
        assert ana.get(space).status_code == 200  # everyone: CAN_RUN
        assert ana.get(space, params={"include_serialized_space": "true"}).status_code == 403
        assert ana.patch(space, json={"title": "x"}).status_code == 403
        assert ana.post(f"{space}/eval-runs", json={}).status_code == 403
        listed = ana.get(f"{space}/conversations", params={"include_all": "true"})
        assert listed.status_code == 403
        assert listed.json()["error_code"] == "PERMISSION_DENIED"
        grant = {
            "access_control_list": [
                {"user_name": "ana@example.com", "permission_level": "CAN_EDIT"}
            ]
        }
        acl = f"/api/2.0/permissions/genie/{sim.space_id}"
        assert ana.patch(acl, json=grant).status_code == 403  # only managers change permissions
        assert http.patch(acl, json=grant).status_code == 200
        assert ana.patch(space, json={"title": "Mine now"}).status_code == 200
        assert ana.delete(space).status_code == 403
        body = http.get(acl).json()
    assert body["object_id"] == f"/genie/{sim.space_id}"
    admins = [e for e in body["access_control_list"] if e.get("group_name") == "admins"]
    assert admins[0]["all_permissions"][0]["inherited"] is True


def test_tag_rules(sim: GenieSimulator, http: httpx.Client) -> None:
    url = "/api/2.0/entity-tag-assignments"

    def assign(**fields: Any) -> httpx.Response:
        base = {"entity_type": "geniespaces", "entity_id": sim.space_id, "tag_key": "k"}
        return http.post(url, json={"tag_assignment": {**base, **fields}})

    assert assign(tag_key="a:b").status_code == 400
    assert assign(entity_type="widgets").status_code == 400
    assert assign(entity_id="0" * 32).status_code == 404
    assert assign().status_code == 200
    assert assign().status_code == 409
    assert http.delete(f"{url}/geniespaces/{sim.space_id}/tags/missing").status_code == 404
