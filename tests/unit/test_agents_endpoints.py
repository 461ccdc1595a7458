"""``client.agents``: requests as sent (body, ``update_mask``, ``etag``), pages, and the local
checks that refuse a request before it is sent."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from genie_sdk import ConflictError
from genie_sdk.models import GenieAgent, GenieAgentDefinition, GenieAgentView
from tests.support.clients import Client
from tests.support.workspace import API
from tests.unit.test_agent_definition import BROKEN

AGENT_ID = "0123456789abcdef0123456789abcdef"
INSTRUCTION_ID = "a" * 32
DEFINITION = GenieAgentDefinition.model_validate(
    {
        "data_sources": {"tables": [{"identifier": "main.retail.sales", "column_configs": []}]},
        "instructions": {"text_instructions": [{"id": INSTRUCTION_ID, "content": "Be brief."}]},
    }
)
DEFINITION_JSON = {
    "data_sources": {"tables": [{"identifier": "main.retail.sales"}]},
    "instructions": {"text_instructions": [{"id": INSTRUCTION_ID, "content": "Be brief."}]},
}
AGENT = {
    "name": f"agents/{AGENT_ID}",
    "display_name": "Sales",
    "warehouse_id": "w1",
    "etag": "e2",
    "definition": DEFINITION_JSON,
}


def _sent(route: respx.Route) -> tuple[dict[str, str], Any]:
    request = route.calls.last.request
    return dict(request.url.params), json.loads(request.content) if request.content else None


def test_create_sends_the_agent_and_its_definition(genie: Client) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post(API + "/agents").mock(return_value=httpx.Response(200, json=AGENT))
        agent = genie(
            genie.client.agents.create(
                display_name="Sales",
                warehouse_id="w1",
                definition=DEFINITION,
                description="Sales data",
                parent_path="/Workspace/Shared",
                agent_id=AGENT_ID,
            )
        )
    query, body = _sent(route)
    assert query == {"genie_agent_id": AGENT_ID}
    assert body == {
        "display_name": "Sales",
        "warehouse_id": "w1",
        "definition": DEFINITION_JSON,
        "description": "Sales data",
        "parent_path": "/Workspace/Shared",
    }
    assert isinstance(agent, GenieAgent)
    assert agent.agent_id == AGENT_ID
    assert agent.definition == DEFINITION


def test_get_reads_the_agent(genie: Client) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get(f"{API}/agents/{AGENT_ID}").mock(
            return_value=httpx.Response(200, json=AGENT)
        )
        agent = genie(genie.client.agents.get(AGENT_ID))
    assert route.calls.last.request.content == b""
    assert agent.etag == "e2"


@pytest.mark.parametrize(
    ("fields", "mask", "body"),
    [
        ({"display_name": "New"}, "display_name", {"display_name": "New"}),
        ({"description": ""}, "description", {"description": ""}),
        (
            {"definition": DEFINITION, "warehouse_id": "w2"},
            "warehouse_id,definition",
            {"warehouse_id": "w2", "definition": DEFINITION_JSON},
        ),
        (
            {
                "parent_path": "/Workspace/Team",
                "display_name": "N",
                "description": "D",
                "warehouse_id": "w3",
                "definition": DEFINITION,
            },
            "display_name,description,warehouse_id,definition,parent_path",
            {
                "display_name": "N",
                "description": "D",
                "warehouse_id": "w3",
                "definition": DEFINITION_JSON,
                "parent_path": "/Workspace/Team",
            },
        ),
    ],
    ids=["name", "clear-description", "two-fields", "all-fields"],
)
def test_update_masks_exactly_the_fields_passed(
    genie: Client, fields: dict[str, Any], mask: str, body: dict[str, Any]
) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.patch(f"{API}/agents/{AGENT_ID}").mock(
            return_value=httpx.Response(200, json=AGENT)
        )
        genie(genie.client.agents.update(AGENT_ID, etag="e1", **fields))
    query, sent = _sent(route)
    assert query == {"update_mask": mask, "etag": "e1"}
    assert sent == body


def test_update_without_etag_sends_only_the_mask(genie: Client) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.patch(f"{API}/agents/{AGENT_ID}").mock(
            return_value=httpx.Response(200, json=AGENT)
        )
        genie(genie.client.agents.update(AGENT_ID, display_name="New"))
    assert _sent(route)[0] == {"update_mask": "display_name"}


def test_trash_sends_the_etag(genie: Client) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.delete(f"{API}/agents/{AGENT_ID}").mock(
            return_value=httpx.Response(200, json={})
        )
        assert genie(genie.client.agents.trash(AGENT_ID, etag="e1")) is None
    assert _sent(route) == ({"etag": "e1"}, None)


@pytest.mark.parametrize("method", ["update", "trash"])
def test_a_stale_etag_raises_conflict_error_saying_to_get_again(genie: Client, method: str) -> None:
    stale = {"error_code": "ABORTED", "message": "etag mismatch"}
    with respx.mock() as mock:
        mock.route(url=f"{API}/agents/{AGENT_ID}").mock(
            return_value=httpx.Response(409, json=stale)
        )
        kwargs: dict[str, Any] = {"display_name": "New"} if method == "update" else {}
        call = getattr(genie.client.agents, method)
        error = genie.outcome(lambda: call(AGENT_ID, etag="old", **kwargs))
    assert isinstance(error, ConflictError)
    assert error.error_code == "ABORTED"
    assert "etag mismatch" in str(error)
    assert "get it again" in str(error)


def test_list_is_lazy_follows_pages_and_gathers_unreachable(genie: Client) -> None:
    first = {
        "genie_agents": [{"name": "agents/" + "1" * 32, "display_name": "A"}],
        "next_page_token": "t2",
        "unreachable": ["agents/" + "9" * 32],
    }
    second = {
        "genie_agents": [{"name": "agents/" + "2" * 32, "display_name": "B"}],
        "unreachable": ["agents/" + "9" * 32, "catalogs/x"],
    }
    with respx.mock() as mock:
        route = mock.get(API + "/agents").mock(
            side_effect=[httpx.Response(200, json=first), httpx.Response(200, json=second)]
        )
        pager = genie.client.agents.list(view=GenieAgentView.GENIE_AGENT_VIEW_FULL, page_size=5)
        assert route.call_count == 0
        agents = genie.items(pager)
    assert [a.display_name for a in agents] == ["A", "B"]
    assert pager.unreachable == ["agents/" + "9" * 32, "catalogs/x"]
    params = [dict(call.request.url.params) for call in route.calls]
    assert params == [
        {"view": "GENIE_AGENT_VIEW_FULL", "page_size": "5"},
        {"view": "GENIE_AGENT_VIEW_FULL", "page_size": "5", "page_token": "t2"},
    ]


def test_list_pages_carry_their_unreachable_names(genie: Client) -> None:
    with respx.mock() as mock:
        mock.get(API + "/agents").mock(
            return_value=httpx.Response(200, json={"genie_agents": [], "unreachable": ["x"]})
        )
        pages = genie.pages(genie.client.agents.list())
    assert [page.unreachable for page in pages] == [["x"]]


def _create(**changes: Any) -> dict[str, Any]:
    return {"display_name": "Sales", "warehouse_id": "w1", "definition": DEFINITION, **changes}


REFUSED: list[tuple[str, str, tuple[Any, ...], dict[str, Any], str]] = [
    ("create", "empty name", (), _create(display_name=""), "display_name must be a non-empty"),
    ("create", "long name", (), _create(display_name="x" * 64), "at most 63 characters"),
    ("create", "empty warehouse", (), _create(warehouse_id=" "), "warehouse_id"),
    ("create", "long description", (), _create(description="d" * 4097), "at most 4,096"),
    ("create", "empty description", (), _create(description=""), "description must be"),
    ("create", "long path", (), _create(parent_path="/" + "p" * 4096), "at most 4,096"),
    ("create", "dict definition", (), _create(definition=DEFINITION_JSON), "GenieAgentDefinition"),
    ("create", "uppercase agent id", (), _create(agent_id=AGENT_ID.upper()), "agent_id"),
    ("create", "zero agent id", (), _create(agent_id="0" * 32), "not all zeros"),
    ("update", "no field", (AGENT_ID,), {"etag": "e1"}, "at least one of"),
    ("update", "empty name", (AGENT_ID,), {"display_name": ""}, "display_name"),
    ("update", "empty warehouse", (AGENT_ID,), {"warehouse_id": ""}, "warehouse_id"),
    ("update", "empty etag", (AGENT_ID,), {"display_name": "x", "etag": ""}, "etag"),
    ("update", "path-like id", ("../x",), {"display_name": "x"}, "agent_id"),
    ("get", "empty id", ("",), {}, "agent_id"),
    ("trash", "dotted id", ("..",), {}, "agent_id"),
    ("list", "short view", (), {"view": "FULL"}, "view must be one of"),
    ("list", "zero page size", (), {"page_size": 0}, "page_size"),
]


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "expected"),
    [(m, a, k, e) for m, _, a, k, e in REFUSED],
    ids=[f"{m}-{n}" for m, n, _, _, _ in REFUSED],
)
def test_invalid_arguments_raise_value_error_and_send_nothing(
    genie: Client, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], expected: str
) -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.route(url__startswith=API)
        with pytest.raises(ValueError, match=expected):
            genie(getattr(genie.client.agents, method)(*args, **kwargs))
    assert route.call_count == 0


@pytest.mark.parametrize(
    ("data", "expected"), [(d, e) for _, d, e in BROKEN], ids=[n for n, _, _ in BROKEN]
)
@pytest.mark.parametrize("method", ["create", "update"])
def test_a_definition_that_breaks_a_rule_is_refused_before_sending(
    genie: Client, method: str, data: dict[str, Any], expected: str
) -> None:
    broken = GenieAgentDefinition.model_validate(data)
    with respx.mock(assert_all_called=False) as mock:
        route = mock.route(url__startswith=API)
        with pytest.raises(ValueError, match=expected):
            if method == "create":
                genie(genie.client.agents.create("Sales", "w1", broken))
            else:
                genie(genie.client.agents.update(AGENT_ID, definition=broken))
    assert route.call_count == 0
