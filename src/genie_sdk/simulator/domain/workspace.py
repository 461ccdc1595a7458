"""Workspace contents beside the demo spaces: dashboards, ACLs, tags; and a large workspace."""

from __future__ import annotations

import json
import random
from typing import Any

from genie_sdk.simulator.domain.acl import AclEntry
from genie_sdk.simulator.domain.assets import AssetState
from genie_sdk.simulator.domain.settings import Workspace
from genie_sdk.simulator.domain.spaces import WAREHOUSE_ID, new_space
from genie_sdk.simulator.domain.state import GenieState
from genie_sdk.simulator.sql.dataset import CATALOG, SCHEMA

__all__ = [
    "LARGE_DASHBOARDS",
    "LARGE_SPACES",
    "Workspace",
    "dataset",
    "seed_demo_assets",
    "seed_large_workspace",
    "widget",
]

LARGE_DASHBOARDS = 5000
LARGE_SPACES = 1000
_T = f"{CATALOG}.{SCHEMA}"


def dataset(
    name: str, display_name: str, sql: str, parameters: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A dashboard dataset whose SQL is split into ``queryLines`` as the service stores it."""
    lines = [line + "\n" for line in sql.split("\n")]
    lines[-1] = lines[-1].rstrip("\n")
    body: dict[str, Any] = {"name": name, "displayName": display_name, "queryLines": lines}
    if parameters:
        body["parameters"] = parameters
    return body


def _parameter(keyword: str, value: str) -> dict[str, Any]:
    return {
        "displayName": keyword,
        "keyword": keyword,
        "dataType": "STRING",
        "defaultSelection": {"values": {"dataType": "STRING", "values": [{"value": value}]}},
    }


def widget(
    name: str, widget_type: str, title: str, dataset_name: str, fields: list[str], y: int = 0
) -> dict[str, Any]:
    """A layout entry: a widget over one dataset, with its title and position."""
    return {
        "widget": {
            "name": name,
            "queries": [
                {
                    "name": "main_query",
                    "query": {
                        "datasetName": dataset_name,
                        "fields": [{"name": f, "expression": f"`{f}`"} for f in fields],
                        "disaggregated": False,
                    },
                }
            ],
            "spec": {
                "version": 3,
                "widgetType": widget_type,
                "encodings": {},
                "frame": {"title": title, "showTitle": True},
            },
        },
        "position": {"x": 0, "y": y, "width": 3, "height": 6},
    }


def _text(name: str, markdown: str) -> dict[str, Any]:
    return {
        "widget": {"name": name, "textbox_spec": markdown},
        "position": {"x": 0, "y": 0, "width": 6, "height": 2},
    }


def _page(name: str, display_name: str, layout: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "displayName": display_name,
        "pageType": "PAGE_TYPE_CANVAS",
        "layout": layout,
    }


_REVENUE_SQL = (
    f"SELECT r.region_name, SUM(s.amount) AS revenue\nFROM {_T}.sales s\n"
    f"JOIN {_T}.stores st ON s.store_id = st.store_id\n"
    f"JOIN {_T}.regions r ON st.region_id = r.region_id\n"
    "WHERE s.channel = :channel\nGROUP BY r.region_name"
)
_PRODUCTS_SQL = (
    f"WITH top AS (\n  SELECT product_id, SUM(quantity) AS units FROM {_T}.sales GROUP BY 1\n)\n"
    "SELECT p.product_name, p.category, top.units\n"
    f"FROM top JOIN {_T}.products p USING (product_id)"
)
_CUSTOMERS_SQL = f"SELECT loyalty_tier, COUNT(*) AS customers\nFROM {_T}.customers\nGROUP BY 1"
_STORES_SQL = f"SELECT store_name, city, square_meters FROM {_T}.stores"


def _user(name: str, level: str) -> AclEntry:
    return AclEntry("user_name", name, level)


def _group(name: str, level: str) -> AclEntry:
    return AclEntry("group_name", name, level)


def seed_demo_assets(genie: GenieState, assets: AssetState, *, now: float) -> None:
    """Four dashboards over the demo tables (one unpublished, one trashed), their ACLs and tags."""
    sales = assets.add_dashboard(
        dashboard_id="01f0d0a5b0a5b0a5b0a5b0a5b0a5b0a5",
        display_name="Sales Overview",
        warehouse_id=WAREHOUSE_ID,
        datasets=[
            dataset("revenue", "Revenue by region", _REVENUE_SQL, [_parameter("channel", "store")]),
            dataset("products", "Top products", _PRODUCTS_SQL),
        ],
        pages=[
            _page(
                "overview",
                "Overview",
                [
                    _text("intro", "# Sales\nRevenue in EUR."),
                    widget("w1", "bar", "Revenue by region", "revenue", ["region_name", "revenue"]),
                    widget("w2", "table", "Best sellers", "products", ["product_name", "units"], 6),
                    widget("w3", "filter-multi-select", "Channel", "revenue", ["channel"], 12),
                ],
            )
        ],
        now=now,
    )
    customers = assets.add_dashboard(
        dashboard_id="01f0d0c5c0c5c0c5c0c5c0c5c0c5c0c5",
        display_name="Customer Loyalty",
        warehouse_id=WAREHOUSE_ID,
        parent_path="/Workspace/Users/ana.novak@example.com",
        datasets=[dataset("tiers", "Customers per tier", _CUSTOMERS_SQL)],
        pages=[
            _page(
                "tiers",
                "Tiers",
                [widget("c1", "counter", "Customers", "tiers", ["customers"])],
            )
        ],
        now=now,
        published=False,
    )
    stores = assets.add_dashboard(
        dashboard_id="01f0d0e5e0e5e0e5e0e5e0e5e0e5e0e5",
        display_name="Store Footprint",
        warehouse_id=WAREHOUSE_ID,
        datasets=[dataset("stores", "Stores", _STORES_SQL)],
        pages=[_page("map", "Map", [widget("s1", "table", "Stores", "stores", ["store_name"])])],
        now=now,
    )
    old = assets.add_dashboard(
        dashboard_id="01f0d0f5f0f5f0f5f0f5f0f5f0f5f0f5",
        display_name="Old Sales Draft",
        warehouse_id=WAREHOUSE_ID,
        datasets=[dataset("old", "Old", f"SELECT * FROM {_T}.sales")],
        pages=[],
        now=now,
        published=False,
    )
    old.lifecycle_state = "TRASHED"
    genie.acls[("dashboards", sales.dashboard_id)] = [
        _user("genie.demo@example.com", "CAN_MANAGE"),
        _group("analysts", "CAN_RUN"),
        _user("bob@example.com", "CAN_READ"),
    ]
    genie.acls[("dashboards", customers.dashboard_id)] = [
        _user("ana.novak@example.com", "CAN_MANAGE")
    ]
    genie.acls[("dashboards", stores.dashboard_id)] = [_group("users", "CAN_READ")]
    genie.tags[("dashboards", sales.dashboard_id)] = {"domain": "sales", "certified": None}


_TOPICS = [
    ("Revenue", "sales", ["amount", "channel"]),
    ("Inventory", "products", ["category", "list_price"]),
    ("Loyalty", "customers", ["loyalty_tier", "signup"]),
    ("Footprint", "stores", ["city", "square_meters"]),
    ("Regions", "regions", ["region_name", "country"]),
]
_TEAMS = ["finance", "marketing", "ops", "sales", "support", "data"]


def seed_large_workspace(
    genie: GenieState,
    assets: AssetState,
    *,
    now: float,
    seed: int,
    dashboards: int = LARGE_DASHBOARDS,
    spaces: int = LARGE_SPACES,
) -> None:
    """Thousands of dashboards and spaces with varied SQL, owners, ACLs and tags."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    for n in range(spaces):
        topic, table, columns = rng.choice(_TOPICS)
        team = rng.choice(_TEAMS)
        definition = {
            "version": 1,
            "config": {
                "sample_questions": [{"id": f"{n:032x}", "question": f"What is the {topic} trend?"}]
            },
            "data_sources": {
                "tables": [
                    {
                        "identifier": f"{_T}.{table}",
                        "column_configs": [
                            {"column": c, "description": f"{c} of {table}"} for c in columns
                        ],
                    }
                ]
            },
        }
        space = new_space(
            genie,
            title=f"{topic} space {n} ({team})",
            description=f"Questions about {topic.lower()} for the {team} team.",
            warehouse_id=WAREHOUSE_ID,
            parent_path=f"/Workspace/Users/{team}.lead@example.com",
            serialized_space=json.dumps(definition),
            now=now - rng.randrange(86_400 * 365),
        )
        genie.acls[("genie", space.space_id)] = [
            _user(f"{team}.lead@example.com", "CAN_MANAGE"),
            _group(team, "CAN_RUN"),
        ]
        genie.tags[("geniespaces", space.space_id)] = {"team": team}
    for n in range(dashboards):
        topic, table, columns = rng.choice(_TOPICS)
        team = rng.choice(_TEAMS)
        sql = f"SELECT {', '.join(columns)}, COUNT(*) AS n\nFROM {_T}.{table}\nGROUP BY ALL"
        record = assets.add_dashboard(
            display_name=f"{topic} dashboard {n} ({team})",
            warehouse_id=WAREHOUSE_ID,
            parent_path=f"/Workspace/Users/{team}.lead@example.com",
            datasets=[dataset("d1", f"{topic} by {columns[0]}", sql)],
            pages=[
                _page("p1", topic, [widget("w1", "bar", f"{topic} chart", "d1", columns)]),
            ],
            now=now - rng.randrange(86_400 * 365),
            published=rng.random() < 0.7,
        )
        genie.acls[("dashboards", record.dashboard_id)] = [
            _user(f"{team}.lead@example.com", "CAN_MANAGE"),
            _group(team, "CAN_READ"),
        ]
        genie.tags[("dashboards", record.dashboard_id)] = {"team": team}
