"""The bundled demo dataset: deterministic, complete and quick to build."""

from __future__ import annotations

import time
from decimal import Decimal

from genie_sdk.simulator import GenieSimulator
from genie_sdk.simulator.sql.engine import SqlEngine


def test_dataset_is_deterministic(sim: GenieSimulator) -> None:
    assert sim.query_sql("SELECT COUNT(*), SUM(amount), MAX(order_id) FROM sales") == [
        (21_000, Decimal("4305460.89"), 112_598)
    ]
    counts = sim.query_sql(
        "SELECT (SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM stores), "
        "(SELECT COUNT(*) FROM products), (SELECT COUNT(*) FROM customers)"
    )
    assert counts == [(5, 12, 60, 2000)]


def test_dataset_builds_in_well_under_a_second() -> None:
    started = time.perf_counter()
    engine = SqlEngine(seed=7)
    assert time.perf_counter() - started < 1.0
    assert engine.table_names() == [
        "all_types",
        "customers",
        "products",
        "regions",
        "sales",
        "stores",
    ]
    assert engine.query("SELECT COUNT(*) FROM sales").rows == [(21_000,)]
