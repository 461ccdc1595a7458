"""``QueryResult``: construction, sequence protocol, flags and text renderings."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from genie_sdk.models.statements import StatementResponse
from genie_sdk.results import Column, QueryResult
from tests.results.server import statement

COLUMNS = [Column("region", "STRING"), Column("revenue", "DECIMAL", "DECIMAL(10,2)", 10, 2)]
ROWS = [("EMEA", Decimal("10.50")), ("AMER", None), ("APAC", Decimal("-1.00"))]


def make(rows: list[tuple[object, ...]] = ROWS, **options: object) -> QueryResult:
    return QueryResult(COLUMNS, rows, **options)  # type: ignore[arg-type]


def test_constructed_from_columns_and_rows() -> None:
    result = QueryResult(COLUMNS, ([name, value] for name, value in ROWS), statement_id="s")
    assert result.rows == ROWS
    assert result.row_count == len(result) == 3
    assert list(result) == ROWS
    assert result[0] == ("EMEA", Decimal("10.50"))
    assert result[-1] == ROWS[-1]
    assert result.column_names == ["region", "revenue"]
    assert result.statement_id == "s"
    assert not result.truncated
    assert result.total_row_count is None


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 values but there are 2 columns"):
        QueryResult(COLUMNS, [("a", None), ("b",)])


def test_slice_is_a_result() -> None:
    head = make(truncated=True)[:2]
    assert isinstance(head, QueryResult)
    assert head.rows == ROWS[:2]
    assert head.columns == COLUMNS
    assert head.truncated


def test_to_dicts() -> None:
    assert make().to_dicts()[1] == {"region": "AMER", "revenue": None}


def test_from_statement_carries_ids_counts_and_flags() -> None:
    result = QueryResult.from_statement(
        statement(COLUMNS, [["EMEA", "1.00"]], manifest={"truncated": True})
    )
    assert result.statement_id == "stmt-1"
    assert result.truncated
    assert result.total_row_count == 1
    assert result.rows == [("EMEA", Decimal("1.00"))]


def test_truncated_when_the_result_says_so_or_rows_are_missing() -> None:
    flagged = statement(COLUMNS, [["a", "1.00"]], result={"is_truncated": True})
    assert QueryResult.from_statement(flagged).truncated
    more = statement(COLUMNS, [["a", "1.00"]], manifest={"total_row_count": 6000})
    assert QueryResult.from_statement(more).truncated
    complete = statement(COLUMNS, [["a", "1.00"]])
    assert not QueryResult.from_statement(complete).truncated


def linked(total_row_count: int | None) -> StatementResponse:
    return StatementResponse.model_validate(
        {
            "statement_id": "s",
            "manifest": {
                "schema": {"columns": [{"name": "a", "type_name": "INT"}]},
                "total_row_count": total_row_count,
            },
            "result": {"external_links": [{"external_link": "https://storage/x", "row_count": 9}]},
        }
    )


def test_statement_with_external_links_only() -> None:
    result = QueryResult.from_statement(linked(None))
    assert result.rows == []
    assert result.columns == [Column("a", "INT")]
    assert not result.truncated
    assert QueryResult.from_statement(linked(9)).truncated


def test_statement_without_manifest_or_result() -> None:
    result = QueryResult.from_statement(StatementResponse(statement_id="s"))
    assert (result.columns, result.rows, result.truncated) == ([], [], False)


def test_repr() -> None:
    assert repr(make()) == "QueryResult(2 columns, 3 rows: region, revenue)"
    one = QueryResult([Column("x")], [("a",)])
    assert repr(one) == "QueryResult(1 column, 1 row: x)"
    wide = QueryResult([Column(f"c{i}") for i in range(10)])
    assert repr(wide) == "QueryResult(10 columns, 0 rows: c0, c1, c2, c3, c4, c5, c6, c7, …)"
    assert repr(QueryResult([])) == "QueryResult(0 columns, 0 rows)"


def test_markdown() -> None:
    columns = [Column("name"), Column("n", "INT"), Column("day", "DATE"), Column("at", "TIMESTAMP")]
    at = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    rows = [
        ("a|b", 1, date(2024, 1, 2), at),
        ("line\nbreak\r\nx", None, None, None),
        ("c", 3, None, None),
    ]
    text = QueryResult(columns, rows).to_markdown(max_rows=2)
    assert text.splitlines() == [
        "| name | n | day | at |",
        "| --- | ---: | --- | --- |",
        "| a\\|b | 1 | 2024-01-02 | 2024-01-02T03:04:05+00:00 |",
        "| line<br>break<br>x |  |  |  |",
        "… 1 more row",
    ]


def test_markdown_notes_truncation_and_handles_empty_results() -> None:
    assert make(truncated=True).to_markdown().splitlines()[-1] == (
        "… the server holds more rows (result truncated)"
    )
    assert make([]).to_markdown().splitlines() == ["| region | revenue |", "| --- | ---: |"]
    assert make().to_markdown(max_rows=0).splitlines()[-1] == "… 3 more rows"
    assert QueryResult([], [(), ()]).to_markdown() == "_(no columns, 2 rows)_"


def test_markdown_renders_values_as_text() -> None:
    columns = [
        Column("f", "DOUBLE"),
        Column("b", "BOOLEAN"),
        Column("bin", "BINARY"),
        Column("a", "ARRAY"),
    ]
    rows = [(float("nan"), True, b"\x00\xff", [Decimal("1.5"), {"k": date(2024, 1, 1)}])]
    line = QueryResult(columns, rows).to_markdown().splitlines()[2]
    assert line == '| NaN | true | AP8= | ["1.5",{"k":"2024-01-01"}] |'


def test_html_is_escaped_and_bounded() -> None:
    rows = [(f"<b>{i}</b>", Decimal(i)) for i in range(30)]
    page = QueryResult(COLUMNS, rows, truncated=True)._repr_html_()
    assert "<b>0</b>" not in page
    assert "&lt;b&gt;0&lt;/b&gt;" in page
    assert "&lt;b&gt;19&lt;/b&gt;" in page
    assert "&lt;b&gt;20&lt;/b&gt;" not in page
    assert 'title="DECIMAL(10,2)"' in page
    assert "30 rows, 2 columns, first 20 shown, truncated by the server" in page
