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
        "SELECT r.region_name AS region, SUM(s.amount) AS total_sales\n"
        f"FROM {CATALOG}.{SCHEMA}.sales s\n"
        f"JOIN {CATALOG}.{SCHEMA}.stores st USING (store_id)\n"
        f"JOIN {CATALOG}.{SCHEMA}.regions r USING (region_id)\n"
        "GROUP BY 1 ORDER BY 2 DESC",
    ),
    ("How many customers do we have?", f"SELECT COUNT(*) FROM {CATALOG}.{SCHEMA}.customers"),
    (
        "What are the top 5 products?",
        "SELECT p.product_name, SUM(s.amount) AS revenue\n"
        f"FROM {CATALOG}.{SCHEMA}.sales s\n"
        f"JOIN {CATALOG}.{SCHEMA}.products p USING (product_id)\n"
        "GROUP BY 1 ORDER BY 2 DESC LIMIT 5",
    ),
)
_DEMO_TEXT_BENCHMARK = (
    "What can you do?",
    "A short description of the data Genie can answer about.",
)
_DEMO_EXAMPLE = (
    "Which channel sells the most?",
    f"SELECT s.channel, SUM(s.amount) AS total\nFROM {CATALOG}.{SCHEMA}.sales s\n"
    "GROUP BY s.channel\nORDER BY total DESC",
)


def _lines(text: str) -> list[str]:
    """Text as the export format stores it: lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def _serialized(
    tables: tuple[str, ...],
    instructions: str,
    *,
    examples: tuple[tuple[str, str], ...] = (),
    benchmarks: tuple[tuple[str, str], ...] = (),
) -> str:
    """A version 2 definition: ids are ascending, so each list keeps the order given."""
    ids = iter(sorted(new_id() for _ in range(1 + len(examples) + len(benchmarks))))
    definition: dict[str, Any] = {
        "version": 2,
        "data_sources": {
            "tables": [{"identifier": f"{CATALOG}.{SCHEMA}.{table}"} for table in sorted(tables)]
        },
        "instructions": {
            "text_instructions": [{"id": next(ids), "content": _lines(instructions)}],
        },
    }
    if examples:
        definition["instructions"]["example_question_sqls"] = [
            {"id": next(ids), "question": [question], "sql": _lines(sql)}
            for question, sql in examples
        ]
    if benchmarks:
        definition["benchmarks"] = {
            "questions": [
                {
                    "id": next(ids),
                    "question": [question],
                    "answer": [{"format": "SQL", "content": _lines(sql)}],
                }
                for question, sql in benchmarks
            ]
        }
    return json.dumps(definition)


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
        serialized_space=_serialized(
            DEMO_TABLES,
            "Amounts are in EUR.",
            examples=(_DEMO_EXAMPLE,),
            benchmarks=_DEMO_BENCHMARKS,
        ),
        now=now,
    )
    # The export format has no text answers: this benchmark lives beside the definition.
    question, text = _DEMO_TEXT_BENCHMARK
    demo.benchmarks.append(Benchmark(new_id(), question, None, text))
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
