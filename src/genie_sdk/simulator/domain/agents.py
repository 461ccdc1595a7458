"""Genie Agents: create, update, trash and list with the service's rules, and the demo agent.

Names are unique per folder among live agents; ids stay taken in the trash; the etag is a weak
tag of the definition alone (metadata changes keep it); a stale etag is ``ABORTED`` with nothing
changed; ``update_mask`` names the fields to take from the body, set or not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from genie_sdk.simulator.domain.agent_definitions import check_definition
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import decode_page_token, encode_page_token, new_id
from genie_sdk.simulator.domain.spaces import DEMO_SPACE_ID, WAREHOUSE_ID
from genie_sdk.simulator.domain.state import AgentRecord, GenieState
from genie_sdk.simulator.sql.dataset import CATALOG, SCHEMA
from genie_sdk.simulator.sql.encoding import format_timestamp

__all__ = [
    "FULL_VIEW_MAX_PAGE_SIZE",
    "agent_json",
    "create_agent",
    "list_agents",
    "seed_demo_agent",
    "trash_agent",
    "update_agent",
]

ColumnsOf = Callable[[str], "frozenset[str] | None"]

MAX_DISPLAY_NAME = 63
MAX_TEXT = 4096
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FULL_VIEW_MAX_PAGE_SIZE = 10
"""The full view's smaller page maximum (the service does not state its value)."""
_VIEWS = ("GENIE_AGENT_VIEW_BASIC", "GENIE_AGENT_VIEW_FULL")
_UPDATABLE = ("display_name", "description", "warehouse_id", "definition", "parent_path")
_REQUIRED_ON_UPDATE = frozenset({"display_name", "warehouse_id", "definition"})
_AGENT_ID = re.compile(r"[0-9a-f]{32}")
HOME_FOLDER = "/Workspace/Users/genie-simulator@example.com"


def _etag(definition: dict[str, Any]) -> str:
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return 'W/"' + hashlib.sha256(canonical.encode()).hexdigest()[:16] + '"'


def _rfc3339(seconds: float) -> str:
    return format_timestamp(
        dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
    )


def agent_json(agent: AgentRecord, *, with_definition: bool = True) -> dict[str, Any]:
    """The ``GenieAgent`` object (``definition`` left out of basic listings)."""
    body: dict[str, Any] = {
        "name": f"agents/{agent.agent_id}",
        "display_name": agent.display_name,
        "warehouse_id": agent.warehouse_id,
        "effective_parent_path": agent.effective_parent_path,
        "etag": _etag(agent.definition),
        "create_time": _rfc3339(agent.create_time),
        "update_time": _rfc3339(agent.update_time),
    }
    if agent.description:
        body["description"] = agent.description
    if agent.parent_path:
        body["parent_path"] = agent.parent_path
    if with_definition:
        body["definition"] = agent.definition
    return body


def _text(body: Mapping[str, Any], name: str, limit: int, *, required: bool) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise SimulatedApiError.invalid(f"Field '{name}' is required.")
        return None
    if not isinstance(value, str):
        raise SimulatedApiError.invalid(f"Field '{name}' must be a string.")
    if len(value) > limit:
        raise SimulatedApiError.invalid(f"Field '{name}' must be at most {limit} characters.")
    return value


def _required_text(body: Mapping[str, Any], name: str, limit: int) -> str:
    return _text(body, name, limit, required=True) or ""


def _name_taken(state: GenieState, folder: str, name: str, *, other_than: str | None) -> None:
    for agent in state.agents.values():
        if (
            not agent.trashed
            and agent.agent_id != other_than
            and agent.effective_parent_path == folder
            and agent.display_name == name
        ):
            raise SimulatedApiError(
                409, "ALREADY_EXISTS", f"A Genie Agent named {name!r} already exists in {folder}."
            )


def create_agent(
    state: GenieState,
    body: Mapping[str, Any],
    *,
    agent_id: str | None,
    columns_of: ColumnsOf,
    now: float,
) -> AgentRecord:
    """``POST /genie/agents``: a new agent, or 400 / 409 ``ALREADY_EXISTS``."""
    if agent_id is not None and (not _AGENT_ID.fullmatch(agent_id) or not agent_id.strip("0")):
        raise SimulatedApiError.invalid(
            "genie_agent_id must be 32 lowercase hexadecimal characters, not all zeros."
        )
    display_name = _required_text(body, "display_name", MAX_DISPLAY_NAME)
    warehouse_id = _required_text(body, "warehouse_id", MAX_TEXT)
    description = _text(body, "description", MAX_TEXT, required=False)
    parent_path = _text(body, "parent_path", MAX_TEXT, required=False)
    definition = check_definition(body.get("definition"), columns_of)
    if agent_id is not None and agent_id in state.agents:
        raise SimulatedApiError(
            409, "ALREADY_EXISTS", f"The id {agent_id} is in use (the trash included)."
        )
    folder = parent_path or HOME_FOLDER
    _name_taken(state, folder, display_name, other_than=None)
    agent = AgentRecord(
        agent_id=agent_id or new_id(),
        display_name=display_name,
        description=description,
        warehouse_id=warehouse_id,
        definition=definition,
        parent_path=parent_path,
        effective_parent_path=folder,
        create_time=now,
        update_time=now,
    )
    state.agents[agent.agent_id] = agent
    return agent


def _stale(agent: AgentRecord, etag: str | None) -> None:
    if etag is not None and etag != _etag(agent.definition):
        raise SimulatedApiError(
            409,
            "ABORTED",
            "The etag does not match the Genie Agent's current definition; get it and retry.",
        )


def _mask(update_mask: str | None) -> list[str]:
    paths = [path.strip() for path in (update_mask or "").split(",") if path.strip()]
    if not paths:
        raise SimulatedApiError.invalid("update_mask is required and must name a field.")
    if "*" in paths:
        if len(paths) > 1:
            raise SimulatedApiError.invalid("'*' must be the only path in update_mask.")
        return list(_UPDATABLE)
    for path in paths:
        if path not in _UPDATABLE:
            raise SimulatedApiError.invalid(
                f"update_mask names a field that cannot be updated: {path!r}."
            )
    return paths


def update_agent(
    state: GenieState,
    agent_id: str,
    body: Mapping[str, Any],
    *,
    update_mask: str | None,
    etag: str | None,
    columns_of: ColumnsOf,
    now: float,
) -> AgentRecord:
    """``PATCH /genie/agents/{id}``: apply the masked fields, each taken from ``body``."""
    agent = state.agent(agent_id)
    paths = _mask(update_mask)
    _stale(agent, etag)
    limits = {"display_name": MAX_DISPLAY_NAME}
    changes: dict[str, Any] = {}
    for path in paths:
        if path == "definition":
            changes[path] = check_definition(body.get(path), columns_of)
        else:
            required = path in _REQUIRED_ON_UPDATE
            changes[path] = _text(body, path, limits.get(path, MAX_TEXT), required=required)
    name = changes.get("display_name", agent.display_name)
    folder = changes.get("parent_path") or agent.effective_parent_path
    _name_taken(state, folder, name, other_than=agent.agent_id)
    for path, value in changes.items():
        setattr(agent, path, value)
    if changes.get("parent_path"):
        agent.effective_parent_path = changes["parent_path"]
    agent.update_time = now
    return agent


def trash_agent(state: GenieState, agent_id: str, *, etag: str | None) -> None:
    """``DELETE /genie/agents/{id}``: move it to the trash (its id stays taken)."""
    agent = state.agent(agent_id)
    _stale(agent, etag)
    agent.trashed = True


def list_agents(state: GenieState, query: Mapping[str, str]) -> dict[str, Any]:
    """``GET /genie/agents``: one page, by creation, with ``unreachable`` in the full view."""
    view = query.get("view") or _VIEWS[0]
    if view not in _VIEWS:
        raise SimulatedApiError.invalid(f"view must be one of {', '.join(_VIEWS)}.")
    full = view == _VIEWS[1]
    raw_size = query.get("page_size") or "0"
    try:
        size = int(raw_size)
    except ValueError as exc:
        raise SimulatedApiError.invalid(f"page_size must be an integer, got {raw_size!r}") from exc
    if size < 0:
        raise SimulatedApiError.invalid("page_size must not be negative.")
    size = min(size or DEFAULT_PAGE_SIZE, FULL_VIEW_MAX_PAGE_SIZE if full else MAX_PAGE_SIZE)
    token = query.get("page_token")
    offset = decode_page_token(token, "agents") if token else 0
    listed = [a for a in state.agents.values() if not a.trashed and not a.from_integration]
    page = listed[offset : offset + size]
    body: dict[str, Any] = {}
    agents = [agent_json(a, with_definition=full) for a in page if a.readable or not full]
    if agents:
        body["genie_agents"] = agents
    unreachable = [f"agents/{a.agent_id}" for a in page if full and not a.readable]
    if unreachable:
        body["unreachable"] = unreachable
    if offset + size < len(listed):
        body["next_page_token"] = encode_page_token("agents", offset + size)
    return body


def _demo_definition() -> dict[str, Any]:
    def table(name: str, description: str) -> dict[str, Any]:
        return {"identifier": f"{CATALOG}.{SCHEMA}.{name}", "description": description}

    return {
        "config": {
            "sample_questions": [
                {"id": "0a" * 16, "question": "What are the total sales by region?"},
                {"id": "0b" * 16, "question": "What are the top 5 products?"},
            ]
        },
        "data_sources": {
            "tables": [
                table("customers", "Customers and their loyalty tier."),
                table("products", "Products and their list price."),
                table("regions", "Sales regions."),
                table("sales", "One row per sale: store, product, customer, amount in EUR."),
                {
                    **table("stores", "Stores and their region."),
                    "column_configs": [
                        {"column": "region_id", "synonyms": ["area"]},
                        {"column": "store_name", "enable_entity_matching": True},
                    ],
                },
            ]
        },
        "instructions": {
            "text_instructions": [{"id": "0c" * 16, "content": "Amounts are in EUR."}],
            "example_question_sqls": [
                {
                    "id": "0d" * 16,
                    "question": "Sales of one region",
                    "sql": (
                        "SELECT SUM(s.amount) AS total_sales FROM sales s\n"
                        "JOIN stores st USING (store_id)\n"
                        "JOIN regions r USING (region_id)\n"
                        "WHERE r.region_name = :region"
                    ),
                    "parameters": [
                        {
                            "name": "region",
                            "type_hint": "STRING",
                            "default_value": {"values": ["North"]},
                        }
                    ],
                }
            ],
            "join_specs": [
                {
                    "id": "0e" * 16,
                    "left": {"identifier": f"{CATALOG}.{SCHEMA}.sales", "alias": "s"},
                    "right": {"identifier": f"{CATALOG}.{SCHEMA}.stores", "alias": "st"},
                    "sql": "s.store_id = st.store_id",
                    "relationship_type": "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_ONE",
                }
            ],
            "sql_snippets": {
                "measures": [{"id": "0f" * 16, "sql": "SUM(amount)", "alias": "total_sales"}]
            },
        },
        "benchmarks": {
            "questions": [
                {
                    "id": "1a" * 16,
                    "question": "How many customers do we have?",
                    "answer": [
                        {
                            "format": "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL",
                            "content": "SELECT COUNT(*) FROM customers",
                        }
                    ],
                }
            ]
        },
    }


def seed_demo_agent(state: GenieState, *, now: float) -> None:
    """The demo agent: the demo space's id (an agent id is its space id), with a definition."""
    state.agents[DEMO_SPACE_ID] = AgentRecord(
        agent_id=DEMO_SPACE_ID,
        display_name="Retail Sales (demo)",
        description="Regions, stores, products, customers and two years of sales.",
        warehouse_id=WAREHOUSE_ID,
        definition=_demo_definition(),
        parent_path="/Workspace/Shared/genie",
        effective_parent_path="/Workspace/Shared/genie",
        create_time=now,
        update_time=now,
    )
