"""Permissions and tags of spaces through the public API, enforced by the simulator."""

from __future__ import annotations

import pytest

from genie_sdk import PermissionDeniedError
from genie_sdk.auth import PAT
from genie_sdk.errors import BadRequestError, ConflictError
from genie_sdk.models import ObjectPermissions, TagAssignment
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client, MakeClient


def _levels(acl: ObjectPermissions) -> dict[str, set[str]]:
    return {
        entry.principal: {p.permission_level or "" for p in entry.all_permissions}
        for entry in acl.access_control_list
    }


def test_a_user_without_can_run_is_refused_until_granted(
    sim: GenieSimulator, live: Client, make_live: MakeClient
) -> None:
    ana = make_live(auth=PAT(sim.add_user("ana@example.com")))
    assert ana(ana.client.spaces.get(sim.space_id)).space_id == sim.space_id  # users: CAN_RUN

    acl = live(
        live.client.permissions.set(
            "genie",
            sim.space_id,
            [{"group_name": "analysts", "permission_level": "CAN_RUN"}],
        )
    )
    assert _levels(acl)["analysts"] == {"CAN_RUN"}
    assert "users" not in _levels(acl)
    refused = ana.outcome(lambda: ana.client.conversations.start(sim.space_id, "How many stores?"))
    assert isinstance(refused, PermissionDeniedError)
    assert refused.status_code == 403

    live(
        live.client.permissions.update(
            "genie", sim.space_id, [{"user_name": "ana@example.com", "permission_level": "CAN_RUN"}]
        )
    )
    got = live(live.client.permissions.get("genie", sim.space_id))
    assert _levels(got)["ana@example.com"] == {"CAN_RUN"}
    assert _levels(got)["analysts"] == {"CAN_RUN"}
    started = ana(ana.client.conversations.start(sim.space_id, "How many stores?"))
    assert started.conversation_id
    # CAN_RUN is not enough to read the definition.
    denied = ana.outcome(lambda: ana.client.spaces.get(sim.space_id, include_serialized_space=True))
    assert isinstance(denied, PermissionDeniedError)


def test_an_unknown_permission_level_is_refused_by_the_server(
    sim: GenieSimulator, live: Client
) -> None:
    refused = live.outcome(
        lambda: live.client.permissions.set(
            "genie", sim.space_id, [{"group_name": "x", "permission_level": "CAN_FLY"}]
        )
    )
    assert isinstance(refused, BadRequestError)


def test_a_grant_without_exactly_one_principal_is_refused_before_sending(live: Client) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        live(live.client.permissions.set("genie", "s1", [{"permission_level": "CAN_RUN"}]))
    with pytest.raises(ValueError, match="list"):
        live(live.client.permissions.update("genie", "s1", {"group_name": "x"}))  # type: ignore[arg-type]


def test_tags_are_listed_assigned_and_removed(sim: GenieSimulator, live: Client) -> None:
    tags = live.client.tags
    made = live(tags.assign("geniespaces", sim.space_id, "team", "sales"))
    assert made == TagAssignment(
        entity_type="geniespaces", entity_id=sim.space_id, tag_key="team", tag_value="sales"
    )
    live(tags.assign("geniespaces", sim.space_id, "certified"))
    listed = live.items(tags.list("geniespaces", sim.space_id, page_size=1))
    assert [(t.tag_key, t.tag_value) for t in listed] == [("certified", None), ("team", "sales")]
    again = live.outcome(lambda: tags.assign("geniespaces", sim.space_id, "team", "ops"))
    assert isinstance(again, ConflictError)
    live(tags.remove("geniespaces", sim.space_id, "team"))
    assert [t.tag_key for t in live.items(tags.list("geniespaces", sim.space_id))] == ["certified"]


@pytest.mark.parametrize("key", ["a.b", "x=y", " lead", "a-b", ""])
def test_a_tag_key_the_service_refuses_raises_before_sending(live: Client, key: str) -> None:
    with pytest.raises(ValueError, match="tag_key"):
        live(live.client.tags.assign("geniespaces", "s1", key))
