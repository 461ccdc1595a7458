"""Spaces: creation, JSON rendering and the demo spaces every simulator starts with."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.state import Benchmark, GenieState, SpaceRecord
from genie_sdk.simulator.sql.dataset import CATALOG, DEMO_TABLES, SCHEMA
from genie_sdk.simulator.sql.encoding import format_timestamp

__all__ = ["DEMO_SPACE_ID", "WAREHOUSE_ID", "new_space", "seed_demo_spaces", "space_json"]

DEMO_SPACE_ID = "01f0a1b2c3d4e5f60718293a4b5c6d7e"
WAREHOUSE_ID = "5e1a2b3c4d5e6f70"
_DEMO_BENCHMARKS = (
    (
        "What are the total sales by region?",
        "SELECT r.region_name AS region, SUM(s.amount) AS total_sales FROM sales s "
        "JOIN stores st USING (store_id) JOIN regions r USING (region_id) "
        "GROUP BY 1 ORDER BY 2 DESC",
        None,
    ),
    ("How many customers do we have?", "SELECT COUNT(*) FROM customers", None),
    (
        "What are the top 5 products?",
        "SELECT p.product_name, SUM(s.amount) AS revenue FROM sales s "
        "JOIN products p USING (product_id) GROUP BY 1 ORDER BY 2 DESC LIMIT 5",
        None,
    ),
    ("What can you do?", None, "A short description of the data Genie can answer about."),
)


def _serialized(tables: tuple[str, ...], instructions: str) -> str:
    return json.dumps(
        {
            "version": 1,
            "data_sources": {
                "tables": [{"identifier": f"{CATALOG}.{SCHEMA}.{table}"} for table in tables]
            },
            "instructions": {"text_instructions": [{"content": [instructions]}]},
        }
    )


def new_space(
    state: GenieState,
    *,
    title: str,
    warehouse_id: str,
    serialized_space: str,
    now: float,
    description: str | None = None,
    parent_path: str | None = None,
    space_id: str | None = None,
) -> SpaceRecord:
    """Create and store a space."""
    space = SpaceRecord(
        space_id=space_id or new_id(),
        title=title,
        description=description,
        warehouse_id=warehouse_id,
        parent_path=parent_path,
        serialized_space=serialized_space,
        etag=new_id()[:16],
        create_time=now,
        update_time=now,
    )
    state.spaces[space.space_id] = space
    return space


def space_json(space: SpaceRecord, *, include_serialized: bool) -> dict[str, Any]:
    """The ``Space`` object (``serialized_space`` only when asked for)."""
    body: dict[str, Any] = {
        "space_id": space.space_id,
        "title": space.title,
        "warehouse_id": space.warehouse_id,
        "etag": space.etag,
        "create_time": _rfc3339(space.create_time),
        "update_time": _rfc3339(space.update_time),
    }
    if space.description is not None:
        body["description"] = space.description
    if space.parent_path is not None:
        body["parent_path"] = space.parent_path
    if include_serialized:
        body["serialized_space"] = space.serialized_space
    return body


def seed_demo_spaces(state: GenieState, *, now: float) -> None:
    """The demo space (fixed id, benchmark questions) and two more spaces."""
    demo = new_space(
        state,
        space_id=DEMO_SPACE_ID,
        title="Retail Sales (demo)",
        description="Regions, stores, products, customers and two years of sales.",
        warehouse_id=WAREHOUSE_ID,
        parent_path="/Workspace/Shared/genie",
        serialized_space=_serialized(DEMO_TABLES, "Amounts are in EUR."),
        now=now,
    )
    for question, sql, text in _DEMO_BENCHMARKS:
        demo.benchmarks.append(Benchmark(new_id(), question, sql, text))
    new_space(
        state,
        title="Customer Insights (demo)",
        description="Customers and their loyalty tiers.",
        warehouse_id=WAREHOUSE_ID,
        parent_path="/Workspace/Shared/genie",
        serialized_space=_serialized(("customers", "regions"), "Tier 3 is the highest tier."),
        now=now,
    )
    new_space(
        state,
        title="Store Operations (demo)",
        warehouse_id=WAREHOUSE_ID,
        serialized_space=_serialized(("stores", "regions"), "Sizes are in square meters."),
        now=now,
    )


def _rfc3339(seconds: float) -> str:
    return format_timestamp(
        dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
    )
