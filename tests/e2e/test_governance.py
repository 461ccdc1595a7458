"""Governance over many spaces: owners, tags, last activity, and what a caller may not read."""

from __future__ import annotations

from genie_sdk import SpaceInventory
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client, MakeClient


def test_inventory_shows_owners_tags_and_last_activity(sim: GenieSimulator, live: Client) -> None:
    live(live.client.tags.assign("geniespaces", sim.space_id, "team", "sales"))
    answer = live(live.client.conversations.start(sim.space_id, "How many customers?"))
    items: list[SpaceInventory] = live.items(live.client.spaces.inventory())
    assert len(items) == 3
    demo = next(i for i in items if i.space.space_id == sim.space_id)
    assert demo.tags == {"team": "sales"}
    assert demo.owners == ["genie.demo@example.com"]
    assert demo.conversations == 1
    assert answer.conversation is not None
    assert demo.last_activity == answer.conversation.created_timestamp is not None
    idle = [i for i in items if i.space.space_id != sim.space_id]
    assert all(i.conversations == 0 and i.last_activity is None for i in idle)


def test_what_a_caller_may_not_read_is_none(sim: GenieSimulator, make_live: MakeClient) -> None:
    ana = make_live(auth=PAT(sim.add_user("ana@example.com")))
    items: list[SpaceInventory] = ana.items(ana.client.spaces.inventory())
    assert len(items) == 3
    assert all(i.conversations is None and i.last_activity is None for i in items)
    assert all(i.tags == {} for i in items)
