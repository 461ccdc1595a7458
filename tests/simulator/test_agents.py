"""Genie Agents management in the simulator: the service's validation, etag, name and trash rules."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genie_sdk.models import GenieAgentDefinition
from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import API

AGENTS = f"{API}/agents"
ID_A, ID_B, ID_C = "a" * 32, "b" * 32, "c" * 32
DEFINITION: dict[str, Any] = {
    "config": {"sample_questions": [{"id": ID_A, "question": "Top stores?"}]},
    "data_sources": {
        "tables": [
            {
                "identifier": "samples.retail.stores",
                "column_configs": [{"column": "city", "synonyms": ["town"]}],
            }
        ]
    },
    "instructions": {"text_instructions": [{"id": ID_B, "content": "Sizes are in m².\nBe brief."}]},
}


def _create(http: httpx.Client, **changes: Any) -> httpx.Response:
    params = {"genie_agent_id": changes.pop("agent_id")} if "agent_id" in changes else {}
    body = {"display_name": "Stores", "warehouse_id": "w1", "definition": DEFINITION, **changes}
    return http.post(AGENTS, json=body, params=params)


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code
    message: str = body["message"]
    return message


def test_the_demo_agent_shares_the_demo_space_id(sim: GenieSimulator, http: httpx.Client) -> None:
    basic = _ok(http.get(AGENTS))
    assert [a["name"] for a in basic["genie_agents"]] == [f"agents/{sim.space_id}"]
    assert "definition" not in basic["genie_agents"][0]
    assert "unreachable" not in basic
    full = _ok(http.get(AGENTS, params={"view": "GENIE_AGENT_VIEW_FULL"}))
    assert full["genie_agents"][0]["definition"]["data_sources"]["tables"]


def test_create_returns_the_definition_exactly_as_sent(http: httpx.Client) -> None:
    created = _ok(_create(http, description="Store facts", parent_path="/Workspace/Team"))
    agent_id = created["name"].removeprefix("agents/")
    assert len(agent_id) == 32
    assert created["definition"] == DEFINITION
    assert created["parent_path"] == created["effective_parent_path"] == "/Workspace/Team"
    assert created["etag"]
    assert created["create_time"].endswith("Z")
    assert _ok(http.get(f"{AGENTS}/{agent_id}")) == created


def test_without_a_folder_the_agent_lands_in_the_home_folder(http: httpx.Client) -> None:
    created = _ok(_create(http))
    assert "parent_path" not in created
    assert created["effective_parent_path"].startswith("/Workspace/Users/")


def test_a_chosen_id_stays_taken_even_in_the_trash(http: httpx.Client) -> None:
    _ok(_create(http, agent_id=ID_C))
    assert _ok(http.delete(f"{AGENTS}/{ID_C}")) == {}
    again = _create(http, agent_id=ID_C, display_name="Other")
    assert "in use" in _error(again, 409, "ALREADY_EXISTS")


@pytest.mark.parametrize("agent_id", ["0" * 32, "A" * 32, "abc"])
def test_a_malformed_chosen_id_is_refused(http: httpx.Client, agent_id: str) -> None:
    _error(_create(http, agent_id=agent_id), 400, "INVALID_PARAMETER_VALUE")


def test_names_are_unique_per_folder(http: httpx.Client) -> None:
    _ok(_create(http, parent_path="/Workspace/A"))
    _error(_create(http, parent_path="/Workspace/A"), 409, "ALREADY_EXISTS")
    _ok(_create(http, parent_path="/Workspace/B"))


def _all(http: httpx.Client) -> list[dict[str, Any]]:
    agents: list[dict[str, Any]] = _ok(http.get(AGENTS, params={"page_size": 100}))["genie_agents"]
    return agents


def _changed(path: list[Any], value: Any) -> dict[str, Any]:
    definition = copy.deepcopy(DEFINITION)
    holder: Any = definition
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    return definition


INVALID = [
    ("unknown field", _changed(["config", "color"], "blue"), "is not a known field"),
    ("empty string", _changed(["config", "sample_questions", 0, "question"], ""), "empty"),
    ("bad id", _changed(["config", "sample_questions", 0, "id"], "A" * 32), "hexadecimal"),
    ("repeated id", _changed(["config", "sample_questions", 0, "id"], ID_B), "repeats the id"),
    (
        "two text instructions",
        _changed(
            ["instructions", "text_instructions"],
            [{"id": ID_B, "content": "x"}, {"id": ID_C, "content": "y"}],
        ),
        "more than one text instruction",
    ),
    (
        "unsorted sample questions",
        _changed(
            ["config", "sample_questions"],
            [{"id": ID_C, "question": "x"}, {"id": "d" * 32, "question": "y"}][::-1],
        ),
        "sorted by id in ascending order",
    ),
    (
        "unsorted columns",
        _changed(
            ["data_sources", "tables", 0, "column_configs"], [{"column": "city"}, {"column": "abc"}]
        ),
        "sorted by column",
    ),
    (
        "unknown column",
        _changed(["data_sources", "tables", 0, "column_configs"], [{"column": "no_such"}]),
        "names no column",
    ),
    (
        "benchmarks ascending",
        {
            "benchmarks": {
                "questions": [{"id": ID_A, "question": "x"}, {"id": ID_C, "question": "y"}]
            }
        },
        "descending order",
    ),
    (
        "two answers",
        {
            "benchmarks": {
                "questions": [
                    {
                        "id": ID_A,
                        "question": "x",
                        "answer": [
                            {"format": "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL", "content": "1"},
                            {"format": "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL", "content": "2"},
                        ],
                    }
                ]
            }
        },
        "more than one answer",
    ),
    (
        "unknown format",
        {
            "benchmarks": {
                "questions": [
                    {"id": ID_A, "question": "x", "answer": [{"format": "SQL", "content": "1"}]}
                ]
            }
        },
        "unknown value",
    ),
    (
        "text as lines",
        _changed(["instructions", "text_instructions", 0, "content"], ["a"]),
        "string",
    ),
    ("nothing set", {}, "at least one field"),
]


@pytest.mark.parametrize(
    ("definition", "expected"), [(d, e) for _, d, e in INVALID], ids=[n for n, _, _ in INVALID]
)
def test_a_definition_the_service_would_store_differently_is_refused(
    http: httpx.Client, definition: dict[str, Any], expected: str
) -> None:
    assert expected in _error(_create(http, definition=definition), 400, "INVALID_PARAMETER_VALUE")


def test_update_takes_the_masked_fields_from_the_body_set_or_not(http: httpx.Client) -> None:
    created = _ok(_create(http, description="Old", parent_path="/Workspace/A"))
    path = f"{AGENTS}/{created['name'].removeprefix('agents/')}"
    renamed = _ok(
        http.patch(
            path,
            params={"update_mask": "display_name,description"},
            json={"display_name": "Renamed", "warehouse_id": "ignored"},
        )
    )
    assert renamed["display_name"] == "Renamed"
    assert "description" not in renamed
    assert renamed["warehouse_id"] == "w1"
    assert renamed["etag"] == created["etag"]  # metadata changes keep the definition's etag
    moved = _ok(http.patch(path, params={"update_mask": "parent_path"}, json={"parent_path": "/B"}))
    assert moved["effective_parent_path"] == "/B"
    cleared = _ok(http.patch(path, params={"update_mask": "parent_path"}, json={}))
    assert "parent_path" not in cleared
    assert cleared["effective_parent_path"] == "/B"
    unset = http.patch(path, params={"update_mask": "display_name"}, json={})
    _error(unset, 400, "INVALID_PARAMETER_VALUE")


@pytest.mark.parametrize("mask", [None, "", "name", "definition.config", "*,display_name"])
def test_update_needs_a_mask_of_updatable_fields(http: httpx.Client, mask: str | None) -> None:
    created = _ok(_create(http))
    params = {} if mask is None else {"update_mask": mask}
    response = http.patch(
        f"{AGENTS}/{created['name'].removeprefix('agents/')}",
        params=params,
        json={"display_name": "x"},
    )
    _error(response, 400, "INVALID_PARAMETER_VALUE")


def test_a_stale_etag_aborts_update_and_trash_and_changes_nothing(http: httpx.Client) -> None:
    created = _ok(_create(http))
    path = f"{AGENTS}/{created['name'].removeprefix('agents/')}"
    new_definition = _changed(["instructions", "text_instructions", 0, "content"], "New.")
    updated = _ok(
        http.patch(
            path,
            params={"update_mask": "definition", "etag": created["etag"]},
            json={"definition": new_definition},
        )
    )
    assert updated["definition"] == new_definition
    assert updated["etag"] != created["etag"]
    stale = http.patch(
        path,
        params={"update_mask": "display_name", "etag": created["etag"]},
        json={"display_name": "Lost"},
    )
    _error(stale, 409, "ABORTED")
    _error(http.delete(path, params={"etag": created["etag"]}), 409, "ABORTED")
    current = _ok(http.get(path))
    assert current["display_name"] == "Stores"
    _ok(http.delete(path, params={"etag": updated["etag"]}))
    _error(http.get(path), 404, "RESOURCE_DOES_NOT_EXIST")
    assert path.rpartition("/")[2] not in str(_ok(http.get(AGENTS)))


def test_listing_pages_sizes_views_and_unreachable(sim: GenieSimulator, http: httpx.Client) -> None:
    for index in range(24):
        _ok(_create(http, display_name=f"Agent {index:02d}"))
    ids = {a["display_name"]: a["name"].removeprefix("agents/") for a in _all(http)}
    sim.restrict_agent(ids["Agent 00"], readable=False)
    sim.restrict_agent(ids["Agent 01"], from_integration=True)
    first = _ok(http.get(AGENTS))
    assert len(first["genie_agents"]) == 20
    second = _ok(http.get(AGENTS, params={"page_token": first["next_page_token"]}))
    assert "next_page_token" not in second
    names = [a["display_name"] for a in first["genie_agents"] + second["genie_agents"]]
    assert len(names) == 24  # the demo agent and 23 of ours: the integration's is not listed
    assert "Agent 01" not in names
    assert len(_ok(http.get(AGENTS, params={"page_size": 500}))["genie_agents"]) == 24
    full = _ok(http.get(AGENTS, params={"view": "GENIE_AGENT_VIEW_FULL", "page_size": 100}))
    assert len(full["genie_agents"]) + len(full["unreachable"]) == 10
    assert full["unreachable"] == [f"agents/{ids['Agent 00']}"]
    _error(http.get(AGENTS, params={"page_size": -1}), 400, "INVALID_PARAMETER_VALUE")
    _error(http.get(AGENTS, params={"view": "FULL"}), 400, "INVALID_PARAMETER_VALUE")
    foreign = _ok(http.get(f"{API}/spaces", params={"page_size": 1}))["next_page_token"]
    _error(http.get(AGENTS, params={"page_token": foreign}), 400, "INVALID_PARAMETER_VALUE")


def test_a_star_mask_replaces_every_updatable_field(http: httpx.Client) -> None:
    created = _ok(_create(http, description="Old", parent_path="/Workspace/A"))
    path = f"{AGENTS}/{created['name'].removeprefix('agents/')}"
    whole = {"display_name": "Whole", "warehouse_id": "w2", "definition": DEFINITION}

    replaced = _ok(http.patch(path, params={"update_mask": "*"}, json=whole))
    partial = http.patch(path, params={"update_mask": "*"}, json={"display_name": "Half"})

    assert (replaced["display_name"], replaced["warehouse_id"]) == ("Whole", "w2")
    assert "description" not in replaced
    assert "parent_path" not in replaced
    assert replaced["effective_parent_path"] == "/Workspace/A"
    _error(partial, 400, "INVALID_PARAMETER_VALUE")


_IDS = st.sampled_from([ID_A, ID_B, ID_C, "d" * 32, "A" * 32])
_TEXTS = st.sampled_from(["q", "q", "q", ""])


@st.composite
def _definitions(draw: st.DrawFn) -> dict[str, Any]:
    """Definitions near the rules' edges: ids, empty text, counts, orders, enum values."""
    samples = [{"id": i, "question": draw(_TEXTS)} for i in draw(st.lists(_IDS, max_size=2))]
    columns = [{"column": c} for c in draw(st.lists(st.sampled_from(["a", "b"]), max_size=2))]
    texts = [{"id": i, "content": draw(_TEXTS)} for i in draw(st.lists(_IDS, max_size=2))]
    answer = {
        "format": draw(st.sampled_from(["GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL", "SQL"])),
        "content": "1",
    }
    questions = [
        {"id": i, "question": "q", "answer": [answer] * draw(st.integers(0, 2))}
        for i in draw(st.lists(_IDS, max_size=2))
    ]
    connections = draw(st.lists(st.sampled_from(["x.y.a", "x.y.b"]), max_size=2))
    parts = {
        "config": {"sample_questions": samples},
        "data_sources": {
            "tables": [{"identifier": "other.schema.table", "column_configs": columns}],
            "mcp_connections": [{"mcp_connection": c} for c in connections],
        },
        "instructions": {"text_instructions": texts},
        "benchmarks": {"questions": questions},
    }
    chosen = draw(st.lists(st.sampled_from(sorted(parts)), unique=True, max_size=4))
    return {name: parts[name] for name in chosen}


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_definitions())
def test_the_sdk_check_and_the_simulator_agree(http: httpx.Client, data: dict[str, Any]) -> None:
    sdk_accepts = GenieAgentDefinition.model_validate(data).problems() == []

    response = _create(http, display_name=f"Agent {uuid.uuid4().hex[:8]}", definition=data)

    assert (response.status_code == 200) is sdk_accepts, (data, response.text)
