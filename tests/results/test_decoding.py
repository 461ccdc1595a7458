"""Decoding every type from both row shapes: properties, spellings, edge cases and errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genie_sdk.errors import DecodeError
from genie_sdk.results import Column, QueryResult, decoding
from genie_sdk.results.decoding import ColumnDecoder, decode_typed_rows
from tests.results.server import (
    NESTED,
    SCALARS,
    TIMESTAMP,
    TIMESTAMP_NTZ,
    assert_same,
    statement,
    table,
)

UTC = timezone.utc


def decode(column: Column, *texts: str | None) -> list[Any]:
    """Decode one column's values through a whole statement, in both shapes, and check they agree."""
    rows = [[text] for text in texts]
    results = [
        QueryResult.from_statement(statement([column], rows, typed=typed))
        for typed in (False, True)
    ]
    values = [[row[0] for row in result] for result in results]
    assert_same(values[0], values[1])
    return values[0]


@settings(max_examples=150, deadline=None)
@given(table())
def test_every_type_round_trips_in_both_shapes(drawn: Any) -> None:
    columns, rows, texts = drawn
    for typed in (False, True):
        result = QueryResult.from_statement(statement(columns, texts, typed=typed))
        assert result.columns == columns
        assert_same(result.rows, rows)


@settings(max_examples=100, deadline=None)
@given(table(SCALARS, max_rows=3))
def test_scalars_round_trip(drawn: Any) -> None:
    columns, rows, texts = drawn
    assert_same(QueryResult.from_statement(statement(columns, texts)).rows, rows)


@settings(max_examples=100, deadline=None)
@given(table(NESTED, max_rows=3))
def test_nested_values_round_trip(drawn: Any) -> None:
    columns, rows, texts = drawn
    assert_same(QueryResult.from_statement(statement(columns, texts, typed=True)).rows, rows)


@settings(max_examples=100, deadline=None)
@given(table(st.sampled_from([TIMESTAMP, TIMESTAMP_NTZ]), max_rows=4))
def test_timestamps_round_trip_with_any_offset_and_fraction(drawn: Any) -> None:
    columns, rows, texts = drawn
    assert_same(QueryResult.from_statement(statement(columns, texts)).rows, rows)


def _reject(text: str) -> datetime:
    raise ValueError(text)


@settings(max_examples=100, deadline=None)
@given(table(st.sampled_from([TIMESTAMP, TIMESTAMP_NTZ]), max_rows=4))
def test_timestamp_pattern_fallback_round_trips(drawn: Any) -> None:
    """What ``datetime.fromisoformat`` rejects (on Python 3.10: most spellings) is parsed too."""
    columns, rows, texts = drawn
    with mock.patch.object(decoding, "_fromisoformat", _reject):
        assert_same(QueryResult.from_statement(statement(columns, texts)).rows, rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:20:30Z", datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01 10:20:30Z", datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T10:20:30", datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T10:20:30.5+05:30", datetime(2024, 3, 1, 4, 50, 30, 500000, tzinfo=UTC)),
        (
            "2024-03-01T10:20:30.123456789-0800",
            datetime(2024, 3, 1, 18, 20, 30, 123456, tzinfo=UTC),
        ),
        ("2024-03-01T10:20:30.999999999Z", datetime(2024, 3, 1, 10, 20, 30, 999999, tzinfo=UTC)),
        ("1969-12-31T23:59:59.9Z", datetime(1969, 12, 31, 23, 59, 59, 900000, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-31T23:59:59.999999Z", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2024-03-01T10:20Z", datetime(2024, 3, 1, 10, 20, tzinfo=UTC)),
    ],
)
def test_timestamp_spellings(text: str, expected: datetime) -> None:
    (value,) = decode(Column("t", "TIMESTAMP"), text)
    assert_same(value, expected)
    with mock.patch.object(decoding, "_fromisoformat", _reject):
        assert_same(decode(Column("t", "TIMESTAMP"), text)[0], expected)


def test_timestamp_ntz_is_naive_and_drops_a_zone() -> None:
    values = decode(
        Column("t", "TIMESTAMP_NTZ"), "2024-03-01 10:20:30.1234567", "2024-03-01T10:20:30+02:00"
    )
    assert values == [datetime(2024, 3, 1, 10, 20, 30, 123456), datetime(2024, 3, 1, 10, 20, 30)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("NaN", "nan"), ("Infinity", "inf"), ("-Infinity", "-inf"), ("inf", "inf"), ("-inf", "-inf")],
)
def test_non_finite_floats(text: str, expected: str) -> None:
    for type_name in ("DOUBLE", "FLOAT"):
        assert_same(decode(Column("f", type_name), text)[0], float(expected))


def test_scalar_types() -> None:
    columns = [
        Column("byte", "BYTE"),
        Column("long", "LONG"),
        Column("money", "DECIMAL", "DECIMAL(38,0)", 38, 0),
        Column("ratio", "DECIMAL", "DECIMAL(38,37)"),
        Column("flag", "BOOLEAN"),
        Column("day", "DATE"),
        Column("blob", "BINARY"),
        Column("text", "STRING"),
        Column("span", "INTERVAL", "INTERVAL DAY TO SECOND"),
        Column("doc", "VARIANT"),
        Column("nothing", "NULL", "VOID"),
        Column("new", "SOME_FUTURE_TYPE"),
    ]
    texts = [
        "-128",
        "9223372036854775807",
        "99999999999999999999999999999999999999",
        "-9.9999999999999999999999999999999999999",
        "false",
        "1900-02-28",
        "AAEC/w==",
        "a | b\nc",
        "1 02:03:04.000000000",
        '{"a": [1, 2]}',
        None,
        "whatever",
    ]
    (row,) = QueryResult.from_statement(statement(columns, [texts])).rows
    assert_same(
        row,
        (
            -128,
            2**63 - 1,
            Decimal("99999999999999999999999999999999999999"),
            Decimal("-9.9999999999999999999999999999999999999"),
            False,
            date(1900, 2, 28),
            b"\x00\x01\x02\xff",
            "a | b\nc",
            "1 02:03:04.000000000",
            '{"a": [1, 2]}',
            None,
            "whatever",
        ),
    )


def test_nested_types_decode_their_elements() -> None:
    columns = [
        Column("prices", "ARRAY", "ARRAY<DECIMAL(10,2)>"),
        Column("point", "STRUCT", "STRUCT<a: INT, b: DATE, `c d`: ARRAY<TIMESTAMP>>"),
        Column("seen", "MAP", "MAP<STRING, TIMESTAMP>"),
        Column("by_day", "MAP", "MAP<DATE, ARRAY<BIGINT>>"),
        Column("untyped", "ARRAY"),
    ]
    texts = [
        "[1.50, null, 2]",
        '{"a": 1, "c d": ["2024-01-01T00:00:00.000+01:00"], "extra": true}',
        '{"x": "2024-01-01 10:00:00Z"}',
        '{"2024-01-02": [1, 2]}',
        '[1, "a", 2.5]',
    ]
    (row,) = QueryResult.from_statement(statement(columns, [texts])).rows
    assert_same(
        row,
        (
            [Decimal("1.50"), None, Decimal("2")],
            {
                "a": 1,
                "b": None,
                "c d": [datetime(2023, 12, 31, 23, tzinfo=UTC)],
                "extra": True,
            },
            {"x": datetime(2024, 1, 1, 10, tzinfo=UTC)},
            {date(2024, 1, 2): [1, 2]},
            [1, "a", 2.5],
        ),
    )


def test_json_with_surrounding_whitespace() -> None:
    assert decode(Column("a", "ARRAY", "ARRAY<INT>"), " [1, 2] ") == [[1, 2]]


def test_nulls_everywhere() -> None:
    columns = [Column(f"c{i}", name) for i, name in enumerate(["INT", "DATE", "STRING", "ARRAY"])]
    result = QueryResult.from_statement(statement(columns, [[None] * 4] * 3))
    assert result.rows == [(None,) * 4] * 3


def test_typed_array_missing_str_is_null() -> None:
    decoders = [ColumnDecoder(Column("a", "INT")), ColumnDecoder(Column("b", "STRING"))]
    rows = decode_typed_rows(
        [{"values": [{"str": "1"}, {}]}, {"values": [{}, {"str": ""}]}], decoders
    )
    assert rows == [(1, None), (None, "")]


def test_column_without_nulls_and_with_nulls_decode_alike() -> None:
    column = Column("n", "INT")
    assert decode(column, "1", "2") == [1, 2]
    assert decode(column, "1", None, "2") == [1, None, 2]


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (Column("n", "INT"), "12x"),
        (Column("n", "DECIMAL", "DECIMAL(10,2)"), "1,5"),
        (Column("n", "DOUBLE"), "one"),
        (Column("n", "BOOLEAN"), "yes"),
        (Column("n", "DATE"), "2024-02-30"),
        (Column("n", "DATE"), "10000-01-01"),
        (Column("n", "TIMESTAMP"), "10000-01-01T00:00:00Z"),
        (Column("n", "TIMESTAMP"), "0001-01-01T00:00:00+01:00"),
        (Column("n", "TIMESTAMP"), "9999-12-31T23:00:00-05:00"),
        (Column("n", "TIMESTAMP"), "yesterday"),
        (Column("n", "TIMESTAMP_NTZ"), "2024-01-01T25:00:00"),
        (Column("n", "BINARY"), "not base64!"),
        (Column("n", "ARRAY", "ARRAY<INT>"), "[1, 2"),
        (Column("n", "ARRAY", "ARRAY<INT>"), '{"a": 1}'),
        (Column("n", "MAP", "MAP<STRING, INT>"), "[1]"),
        (Column("n", "STRUCT", "STRUCT<a: INT>"), '"text"'),
        (Column("n", "ARRAY", "ARRAY<DATE>"), '["2024-13-01"]'),
        (Column("n", "ARRAY", "ARRAY<INT>"), "[" * 100_000 + "]" * 100_000),
    ],
)
@pytest.mark.parametrize(
    "decode", [lambda r: r.rows, lambda r: r.to_arrow()], ids=["rows", "arrow"]
)
def test_malformed_values_raise_decode_error_naming_column_and_row(
    column: Column, text: str, decode: Callable[[QueryResult], object]
) -> None:
    texts = [["1" if column.type_name == "INT" else None], [None], [text]]
    result = QueryResult.from_statement(statement([column], texts, result={"row_offset": 100}))
    with pytest.raises(DecodeError) as caught:
        decode(result)
    message = str(caught.value)
    assert "column 'n'" in message
    assert "row 102" in message
    assert column.sql_type in message


def test_ragged_rows_raise_decode_error() -> None:
    with pytest.raises(DecodeError, match="row 1 has 1 values but the result has 2 columns"):
        QueryResult.from_statement(statement([Column("a"), Column("b")], [["1", "2"], ["1"]]))


def test_rows_without_schema_raise_decode_error() -> None:
    with pytest.raises(DecodeError):
        QueryResult.from_statement(statement([], [["1"]]))


def test_malformed_typed_array_raises_decode_error() -> None:
    decoders = [ColumnDecoder(Column("a", "INT"))]
    with pytest.raises(DecodeError, match="data_typed_array"):
        decode_typed_rows([{"values": ["1"]}], decoders)  # type: ignore[list-item]


def test_garbage_collector_state_is_restored() -> None:
    import gc

    columns = [Column("a", "INT")]
    QueryResult.from_statement(statement(columns, [["1"]]))
    assert gc.isenabled()
    gc.disable()
    try:
        QueryResult.from_statement(statement(columns, [["1"]]))
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(DecodeError):
        QueryResult.from_statement(statement(columns, [["x"]])).rows  # noqa: B018
    assert gc.isenabled()


def test_far_dates_and_offsets() -> None:
    column = Column("t", "TIMESTAMP")
    values = decode(column, "1500-06-01T12:00:00-14:00", "2999-01-01T00:00:00.000001+14:00")
    assert values == [
        datetime(1500, 6, 2, 2, tzinfo=UTC),
        datetime(2998, 12, 31, 10, 0, 0, 1, tzinfo=UTC),
    ]
    assert values[1] - values[0] > timedelta(days=365 * 1498)
