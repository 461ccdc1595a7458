"""``client.agents`` end to end against the simulator, with both clients."""

from __future__ import annotations

import json

import pytest

from genie_sdk import ConflictError, NotFoundError
from genie_sdk.models import GenieAgent, GenieAgentDefinition, GenieAgentView
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client
from tests.unit.test_agent_definition import SPACE_EXPORT

DEFINITION = GenieAgentDefinition.model_validate(
    {
        "data_sources": {
            "tables": [
                {
                    "identifier": "samples.retail.stores",
                    "column_configs": [{"column": "city"}, {"column": "store_name"}],
                }
            ]
        },
        "instructions": {"text_instructions": [{"id": "c" * 32, "content": "Sizes in m²."}]},
    }
)


def test_create_get_update_and_trash(live: Client) -> None:
    agents = live.client.agents
    created = live(agents.create(display_name="Stores", warehouse_id="w1", definition=DEFINITION))
    assert isinstance(created, GenieAgent)
    assert created.agent_id is not None
    assert created.definition == DEFINITION
    fetched = live(agents.get(created.agent_id))
    assert fetched == created

    renamed = live(agents.update(created.agent_id, display_name="Store facts", etag=created.etag))
    assert renamed.display_name == "Store facts"
    assert renamed.etag == created.etag  # the etag tags the definition alone

    new_definition = GenieAgentDefinition.model_validate(
        {
            **DEFINITION.to_json(),
            "config": {"sample_questions": [{"id": "d" * 32, "question": "Big stores?"}]},
        }
    )
    changed = live(agents.update(created.agent_id, definition=new_definition, etag=renamed.etag))
    assert changed.definition == new_definition
    assert changed.etag != renamed.etag

    stale = live.outcome(
        lambda: agents.update(created.agent_id, description="x", etag=created.etag)
    )
    assert isinstance(stale, ConflictError)
    assert "get it again" in str(stale)
    stale_trash = live.outcome(lambda: agents.trash(created.agent_id, etag=created.etag))
    assert isinstance(stale_trash, ConflictError)

    assert live(agents.trash(created.agent_id, etag=changed.etag)) is None
    missing = live.outcome(lambda: agents.get(created.agent_id))
    assert isinstance(missing, NotFoundError)


def test_an_agent_created_from_a_space_export_reads_back_the_same(live: Client) -> None:
    definition = GenieAgentDefinition.from_serialized_space(json.dumps(SPACE_EXPORT))
    created = live(
        live.client.agents.create("From a space", "w1", definition, description="Converted")
    )
    assert created.definition == definition
    assert created.definition is not None
    assert json.loads(created.definition.to_serialized_space()) == SPACE_EXPORT


def test_a_name_taken_in_the_folder_is_a_conflict(live: Client) -> None:
    agents = live.client.agents
    live(agents.create("Twin", "w1", DEFINITION, parent_path="/Workspace/Team"))
    clash = live.outcome(
        lambda: agents.create("Twin", "w1", DEFINITION, parent_path="/Workspace/Team")
    )
    assert isinstance(clash, ConflictError)
    assert clash.error_code == "ALREADY_EXISTS"


def test_list_pages_lazily_with_views_and_unreachable(live: Client, sim: GenieSimulator) -> None:
    agents = live.client.agents
    made = [live(agents.create(f"Agent {n}", "w1", DEFINITION)) for n in range(4)]
    assert made[0].agent_id is not None
    sim.restrict_agent(made[0].agent_id, readable=False)

    basic = live.items(agents.list(page_size=2))
    assert [a.display_name for a in basic] == ["Retail Sales (demo)"] + [
        f"Agent {n}" for n in range(4)
    ]
    assert all(a.definition is None for a in basic)

    pager = agents.list(view=GenieAgentView.GENIE_AGENT_VIEW_FULL, page_size=2)
    pages = live.pages(pager)
    assert len(pages) == 3
    full = [agent for page in pages for agent in page]
    assert [a.display_name for a in full] == ["Retail Sales (demo)"] + [
        f"Agent {n}" for n in (1, 2, 3)
    ]
    assert all(a.definition is not None for a in full)
    assert pager.unreachable == [f"agents/{made[0].agent_id}"]


def test_the_demo_agent_definition_keeps_every_rule(live: Client, sim: GenieSimulator) -> None:
    demo = live(live.client.agents.get(sim.space_id))
    assert demo.definition is not None
    assert demo.definition.problems() == []
    again = live(
        live.client.agents.update(sim.space_id, definition=demo.definition, etag=demo.etag)
    )
    assert again.etag == demo.etag


@pytest.mark.parametrize("agent_id", ["", "..", "a/b"])
def test_ids_that_are_not_one_path_segment_are_refused(live: Client, agent_id: str) -> None:
    with pytest.raises(ValueError, match="agent_id"):
        live(live.client.agents.get(agent_id))


def test_an_empty_part_is_a_part_set_for_sdk_and_simulator_alike(live: Client) -> None:
    definition = GenieAgentDefinition.model_validate({"config": {}})
    assert definition.problems() == []

    created = live(live.client.agents.create("Empty config", "w1", definition))

    assert created.definition == definition
