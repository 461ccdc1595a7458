"""The shared core's pure parts: exact JSON values, truncation rules, space names and details."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from genie_sdk.errors import PollTimeoutError
from genie_sdk.integrations.outputs import (
    SpaceSummary,
    ToolLimits,
    error_text,
    result_page,
    space_details,
)
from genie_sdk.integrations.spaces import find_space, readable_name, summaries
from genie_sdk.integrations.values import SAFE_INTEGER, json_value
from genie_sdk.models import Space
from genie_sdk.results import Column, QueryResult


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("333600000.00"), "333600000.00"),
        (Decimal("3.336E8"), "333600000"),
        (Decimal("0.000000123456"), "0.000000123456"),
        (SAFE_INTEGER, SAFE_INTEGER),
        (SAFE_INTEGER + 1, str(SAFE_INTEGER + 1)),
        (-(2**63), str(-(2**63))),
        (1.5, 1.5),
        (math.nan, "NaN"),
        (-math.inf, "-Infinity"),
        (True, True),
        (None, None),
        (date(2024, 2, 29), "2024-02-29"),
        (
            datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=timezone.utc),
            "2024-01-02T03:04:05.600000+00:00",
        ),
        (b"\x00\xff", "AP8="),
        ([Decimal("1.10"), None], ["1.10", None]),
        ({1: Decimal("2.5"), "k": [date(2024, 1, 1)]}, {"1": "2.5", "k": ["2024-01-01"]}),
    ],
)
def test_json_values_stay_exact(value: object, expected: object) -> None:
    converted = json_value(value)

    assert converted == expected
    assert json.loads(json.dumps(converted, allow_nan=False)) == expected


def result(rows: int, text: str = "x") -> QueryResult:
    columns = [Column("id", "INT"), Column("amount", "DECIMAL", "DECIMAL(12,2)"), Column("note")]
    return QueryResult(columns, [(i, Decimal(f"{i}.50"), text) for i in range(rows)])


def test_a_page_holds_at_most_the_row_limit_and_says_where_to_go_on() -> None:
    page = result_page(result(120), 50, ToolLimits(rows=50))

    assert page.offset == 50
    assert [row[0] for row in page.rows] == list(range(50, 100))
    assert page.rows[0][1] == "50.50"
    assert page.next_offset == 100
    assert page.row_count == 120
    assert [c.type for c in page.columns] == ["INT", "DECIMAL(12,2)", "STRING"]
    assert "get_result with offset=100" in page.markdown
    assert page.markdown.count("\n| ") == 51  # the separator line and 50 rows


def test_the_last_page_has_no_next_offset() -> None:
    page = result_page(result(120), 100, ToolLimits(rows=50))

    assert len(page.rows) == 20
    assert page.next_offset is None
    assert "offset=" not in page.markdown


def test_long_cells_are_cut_in_the_table_but_exact_in_the_rows() -> None:
    long = "y" * 1000

    page = result_page(result(1, long), 0, ToolLimits(cell_chars=10))

    assert "| " + "y" * 9 + "… |" in page.markdown
    assert page.rows[0][2] == long


def test_the_table_stops_before_its_character_budget() -> None:
    page = result_page(result(50, "z" * 100), 0, ToolLimits(table_chars=1000))

    assert len(page.markdown.split("\n… rows")[0]) <= 1000
    assert 0 < len(page.rows) < 50
    assert page.next_offset == len(page.rows)


def test_the_first_row_is_shown_whatever_the_budget() -> None:
    page = result_page(result(3, "z" * 100), 0, ToolLimits(table_chars=1))

    assert len(page.rows) == 1
    assert page.next_offset == 1


def test_cells_cannot_break_the_table() -> None:
    page = result_page(result(1, "a|b\nc"), 0, ToolLimits())

    assert "| a\\|b<br>c |" in page.markdown


@pytest.mark.parametrize("field", ["rows", "cell_chars", "table_chars"])
def test_limits_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        ToolLimits(**{field: 0})


def test_a_negative_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        result_page(result(1), -1, ToolLimits())


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Retail Sales (demo)", "retail_sales_demo"),
        ("  Ventes — 2024 / Europe ", "ventes_2024_europe"),
        ("¿¡!", "space"),
        ("x" * 100, "x" * 48),
    ],
)
def test_readable_names_come_from_titles(title: str, name: str) -> None:
    assert readable_name(title) == name


def test_names_taken_twice_are_numbered() -> None:
    spaces = [Space(space_id=f"s{i}", title="Sales") for i in range(3)]

    assert [s.name for s in summaries(spaces)] == ["sales", "sales_2", "sales_3"]


def test_a_space_is_found_by_name_id_or_title_and_only_when_served() -> None:
    served = summaries([Space(space_id="a1", title="Sales"), Space(space_id="b2", title="HR")])

    assert find_space(served, "sales").space_id == "a1"
    assert find_space(served, "b2").name == "hr"
    assert find_space(served, "HR").space_id == "b2"
    with pytest.raises(
        ValueError, match="several spaces are served: pass space as one of sales, hr"
    ):
        find_space(served, None)
    with pytest.raises(ValueError, match="no space 'c3' is served here"):
        find_space(served, "c3")
    assert find_space(served[:1], None).space_id == "a1"


def test_space_details_read_the_serialized_definition() -> None:
    definition = {
        "config": {"sample_questions": [{"id": "1", "question": "Top products?"}, {"id": "2"}]},
        "data_sources": {"tables": [{"identifier": "c.s.sales"}, "bad", {"identifier": 3}]},
        "instructions": {"text_instructions": [{"content": ["Amounts in EUR."]}]},
    }
    space = Space(space_id="a1", title="Sales", serialized_space=json.dumps(definition))
    summary = SpaceSummary(name="sales", space_id="a1", title="Sales")

    details = space_details(summary, space)

    assert details.tables == ["c.s.sales"]
    assert details.sample_questions == ["Top products?"]
    assert details.instructions == ["Amounts in EUR."]


@pytest.mark.parametrize(
    "serialized",
    [None, "", "not json", "[1, 2]", '{"data_sources": 5}', "[" * 100_000 + "]" * 100_000],
    ids=["none", "empty", "not-json", "list", "wrong-shape", "nested-too-deep"],
)
def test_space_details_survive_any_definition(serialized: str | None) -> None:
    space = Space(space_id="a1", title="Sales", serialized_space=serialized)
    summary = SpaceSummary(name="sales", space_id="a1", title="Sales")

    details = space_details(summary, space)

    assert (details.tables, details.sample_questions, details.instructions) == ([], [], [])


def test_a_timeout_tells_where_the_question_still_runs() -> None:
    error = PollTimeoutError(
        space_id="s",
        conversation_id="c1",
        message_id="m1",
        last_status="EXECUTING_QUERY",
        elapsed=9.0,
    )

    text = error_text(error)

    assert "conversation_id c1" in text
    assert "message_id m1" in text
    assert error_text(ValueError("question must not be empty")).startswith("Genie was not asked")
