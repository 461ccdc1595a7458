"""The Arrow path (texts cast to Arrow columns) against the Python path (decoded rows)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genie_sdk.errors import DecodeError
from genie_sdk.models.statements import ResultData
from genie_sdk.results import Column, QueryResult
from genie_sdk.results.decoding import ColumnDecoder
from genie_sdk.results.frames import arrow_table
from tests.results.server import DECIMALS, NESTABLE, assert_same, statement, table

SCALAR_COLUMNS = [kind.column("c") for kind in NESTABLE] + [
    Column("c", "DECIMAL", "DECIMAL(10,2)", 10, 2),
    Column("c", "DECIMAL", "DECIMAL(38,0)", 38, 0),
]
# Texts near the forms the vectorised casts accept, and past them.
SPELLINGS = st.one_of(
    st.from_regex(r"[+-]?[0-9]{1,20}(\.[0-9]{0,9})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
        r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?",
        fullmatch=True,
    ),
    st.sampled_from(
        ["0x1F", " 1", "1_000", "١٢", "true", "True", "1", "NaN", "-inf", "INF", "2024-W01-1"]
    ),
    st.text(max_size=8),
)


def python_path(result: QueryResult) -> pa.Table:
    """The Arrow table built from the decoded Python rows."""
    return arrow_table(result.columns, result.rows)


def in_utc(value: Any) -> Any:
    """``value`` with Arrow's zone objects replaced by ``timezone.utc``, nested ones too."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc)
    if isinstance(value, dict):
        return {key: in_utc(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(in_utc(item) for item in value)
    return value


def assert_same_table(actual: pa.Table, expected: pa.Table) -> None:
    assert actual.schema == expected.schema
    assert actual.num_rows == expected.num_rows
    assert_same(in_utc(actual.to_pylist()), in_utc(expected.to_pylist()))


@settings(max_examples=200, deadline=None)
@given(table(max_rows=8), st.booleans())
def test_arrow_path_equals_python_path_on_every_type(drawn: Any, typed: bool) -> None:
    columns, _, texts = drawn
    result = QueryResult.from_statement(statement(columns, texts, typed=typed))
    expected = python_path(QueryResult.from_statement(statement(columns, texts, typed=typed)))
    assert_same_table(result.to_arrow(), expected)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SCALAR_COLUMNS), st.lists(st.none() | SPELLINGS, max_size=4))
def test_arrow_path_accepts_and_rejects_what_python_does(
    column: Column, texts: list[str | None]
) -> None:
    rows = [[text] for text in texts]
    try:
        expected: pa.Table | type[BaseException] = python_path(
            QueryResult.from_statement(statement([column], rows))
        )
    except (DecodeError, TypeError, ValueError) as error:
        expected = type(error)
    result = QueryResult.from_statement(statement([column], rows))
    if isinstance(expected, pa.Table):
        assert_same_table(result.to_arrow(), expected)
    else:
        with pytest.raises(expected):
            result.to_arrow()


NESTED_COLUMNS = [
    Column("c", "ARRAY", "ARRAY<INT>"),
    Column("c", "ARRAY", "ARRAY<FLOAT>"),
    Column("c", "ARRAY", "ARRAY<STRING>"),
    Column("c", "STRUCT", "STRUCT<x: BIGINT, day: DATE, at: TIMESTAMP, ok: BOOLEAN>"),
    Column("c", "ARRAY", "ARRAY<STRUCT<t: TIMESTAMP_NTZ, d: DOUBLE>>"),
]
# JSON texts near what Arrow's JSON reader and Python's json read alike, and past it.
JSON_SPELLINGS = st.sampled_from(
    [
        "[1, 2]",
        "[]",
        "null",
        "[null]",
        "[1.0]",
        "[1E2]",
        "[true]",
        '["1"]',
        "[1,]",
        "[Inf]",
        "[NaN]",
        "[Infinity, -Infinity]",
        "[2147483648]",
        '[1]} {"v": [2]',
        "[1]\n",
        " [1] ",
        "[\n1]",
        "[1] [2]",
        '{"x": 1}',
        '{"x": 1, "x": 2}',
        '{"x": 1, "y": 2}',
        '{"day": "2024-01-01"}',
        '{"day": "2024-1-1"}',
        '{"at": "2024-01-01T12:00:00+01:00"}',
        '{"at": "2024-01-01"}',
        '{"ok": "true"}',
        '[{"t": "2024-01-01 12:00:00Z", "d": 1}]',
        '[{"t": null}]',
        "[0.1]",
        '["a", "\\u00e9"]',
        '["\\ud800"]',
        "",
        "{}",
        "[{}]",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NESTED_COLUMNS), st.lists(st.none() | JSON_SPELLINGS, max_size=4))
def test_nested_arrow_path_accepts_and_rejects_what_python_does(
    column: Column, texts: list[str | None]
) -> None:
    rows = [[text] for text in texts]
    try:
        expected: pa.Table | type[BaseException] = python_path(
            QueryResult.from_statement(statement([column], rows))
        )
    except (DecodeError, TypeError, ValueError) as error:
        expected = type(error)
    result = QueryResult.from_statement(statement([column], rows))
    if isinstance(expected, pa.Table):
        assert_same_table(result.to_arrow(), expected)
    else:
        with pytest.raises(expected):
            result.to_arrow()


def test_plain_nested_columns_are_read_without_python_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    columns = [NESTED_COLUMNS[0], NESTED_COLUMNS[3]]
    rows = [["[1, null]", '{"x": 7, "day": "2024-02-29", "at": "2024-01-01T00:00:00Z"}']]
    rows += [[None, None], ["[]", "{}"]]
    expected = python_path(QueryResult.from_statement(statement(columns, rows)))

    def no_python(*_: Any) -> None:
        raise AssertionError("decoded value by value")

    monkeypatch.setattr(ColumnDecoder, "decode", no_python)
    assert_same_table(QueryResult.from_statement(statement(columns, rows)).to_arrow(), expected)


@settings(max_examples=50, deadline=None)
@given(table(DECIMALS, max_rows=8))
def test_decimals_keep_precision_and_scale(drawn: Any) -> None:
    columns, rows, texts = drawn
    arrow = QueryResult.from_statement(statement(columns, texts)).to_arrow()
    for field, column in zip(arrow.schema, columns, strict=True):
        assert field.type.precision == column.precision
        assert field.type.scale == column.scale
    assert_same([tuple(row.values()) for row in arrow.to_pylist()], rows)


@pytest.mark.parametrize(
    ("column", "texts", "expected"),
    [
        (Column("t", "TIMESTAMP"), ["2024-01-01T12:00:00Z", "2024-01-01 13:00:00+01:00"], "zoned"),
        (Column("t", "TIMESTAMP"), ["2024-01-01T12:00:00", "2024-01-01T12:00"], "naive is UTC"),
        (Column("t", "TIMESTAMP"), ["2024-01-01T12:00:00Z", "2024-01-01T12:00:00"], "mixed"),
        (Column("t", "TIMESTAMP"), ["2024-01-01T12:00:00.123456789Z"], "nanoseconds"),
        (Column("t", "TIMESTAMP_NTZ"), ["2024-01-01T12:00:00+05:00", None], "zone dropped"),
        (Column("b", "BOOLEAN"), ["true", "FALSE", None], "booleans"),
        (Column("f", "FLOAT"), ["0.1", "3.4028235e38", "1e39", "NaN"], "float32"),
    ],
)
def test_arrow_path_spellings(column: Column, texts: list[str | None], expected: str) -> None:
    rows = [[text] for text in texts]
    result = QueryResult.from_statement(statement([column], rows))
    assert_same_table(result.to_arrow(), python_path(result))


def test_inline_rows_skip_per_value_validation() -> None:
    rows = [["1", None], ["2", "x"]]
    data = ResultData.model_validate({"data_array": rows})
    assert data.data_array is rows


@pytest.mark.parametrize(
    "rows",
    [[["1", 2]], [["1", ["x"]]], [["1", {"a": 1}]], ["12"], [{"0": "1", "1": "2"}], [["1"]]],
)
def test_malformed_inline_rows_raise_decode_error(rows: list[Any]) -> None:
    columns = [Column("a", "INT"), Column("b", "STRING")]
    with pytest.raises(DecodeError):
        QueryResult.from_statement(
            statement(columns, []).model_copy(
                update={"result": ResultData.model_validate({"data_array": rows})}
            )
        )


def test_rows_are_decoded_once_and_only_when_needed() -> None:
    columns = [Column("a", "INT")]
    result = QueryResult.from_statement(statement(columns, [["1"], ["2"], ["x"]]))
    assert len(result) == 3
    assert result.to_markdown(max_rows=2).endswith("| 2 |\n… 1 more row")
    with pytest.raises(DecodeError, match="row 2"):
        result.rows  # noqa: B018
