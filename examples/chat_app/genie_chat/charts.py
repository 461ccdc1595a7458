"""A chart when the result suits one: a line over time, or bars over a few categories."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import plotly.graph_objects as go

from genie_chat.table import is_numeric
from genie_sdk.results import QueryResult

__all__ = ["ChartPlan", "chart_figure", "plan_chart"]

_TIME_TYPES = frozenset({"DATE", "TIMESTAMP", "TIMESTAMP_NTZ"})
_MAX_BARS = 50
_MAX_POINTS = 1000


@dataclass(frozen=True)
class ChartPlan:
    """Which columns to draw, and how."""

    kind: Literal["line", "bar"]
    x: int
    y: int
    """The first numeric column: other measures have other scales, so they are not drawn."""


def plan_chart(result: QueryResult) -> ChartPlan | None:
    """A line for a measure over a date column, bars for a measure per category, else none."""
    columns = result.columns
    count = result.row_count
    if len(columns) < 2 or count < 2:
        return None
    numbers = [i for i, column in enumerate(columns) if is_numeric(column)]
    times = [i for i, column in enumerate(columns) if column.type_name in _TIME_TYPES]
    labels = [i for i, column in enumerate(columns) if column.type_name == "STRING"]
    if times and numbers and count <= _MAX_POINTS:
        return ChartPlan("line", times[0], numbers[0])
    if labels and numbers and count <= _MAX_BARS:
        return ChartPlan("bar", labels[0], numbers[0])
    return None


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def chart_figure(result: QueryResult, title: str | None = None) -> go.Figure | None:
    """The figure for `plan_chart`'s plan, or ``None`` when the result suits no chart."""
    plan = plan_chart(result)
    if plan is None:
        return None
    rows = result.rows
    names = result.column_names
    xs = [_plain(row[plan.x]) for row in rows]
    ys = [_plain(row[plan.y]) for row in rows]
    trace = (
        go.Scatter(x=xs, y=ys, mode="lines+markers", name=names[plan.y])
        if plan.kind == "line"
        else go.Bar(x=xs, y=ys, name=names[plan.y])
    )
    figure = go.Figure(trace)
    figure.update_layout(
        title=title,
        xaxis_title=names[plan.x],
        yaxis_title=names[plan.y],
        margin={"l": 50, "r": 10, "t": 40 if title else 10, "b": 40},
        height=320,
        template="plotly_white",
    )
    return figure
