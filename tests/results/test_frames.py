"""Arrow, pandas and polars conversions: types per column type, empty results, missing extras."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from genie_sdk.results import Column, QueryResult, arrow_schema

UTC = timezone.utc

TYPED: list[tuple[Column, Any, pa.DataType]] = [
    (Column("byte", "BYTE"), -1, pa.int8()),
    (Column("short", "SHORT"), 300, pa.int16()),
    (Column("int", "INT"), 70000, pa.int32()),
    (Column("long", "LONG"), 2**40, pa.int64()),
    (Column("price", "DECIMAL", "DECIMAL(10,2)", 10, 2), Decimal("12.34"), pa.decimal128(10, 2)),
    (Column("wide", "DECIMAL", "DECIMAL(50,10)"), Decimal("1" * 40 + ".5"), pa.decimal256(50, 10)),
    (Column("float", "FLOAT"), 1.5, pa.float32()),
    (Column("double", "DOUBLE"), float("nan"), pa.float64()),
    (Column("flag", "BOOLEAN"), True, pa.bool_()),
    (Column("day", "DATE"), date(1, 1, 1), pa.date32()),
    (Column("at", "TIMESTAMP"), datetime(1900, 1, 1, tzinfo=UTC), pa.timestamp("us", tz="UTC")),
    (Column("local", "TIMESTAMP_NTZ"), datetime(9999, 12, 31), pa.timestamp("us")),
    (Column("blob", "BINARY"), b"\x00", pa.binary()),
    (Column("text", "STRING"), "x", pa.string()),
    (Column("code", "CHAR", "CHAR(2)"), "ab", pa.string()),
    (Column("span", "INTERVAL", "INTERVAL DAY TO SECOND"), "1 00:00:00", pa.string()),
    (Column("doc", "VARIANT"), '{"a":1}', pa.string()),
    (Column("nothing", "NULL", "VOID"), None, pa.null()),
    (Column("later", "GEOGRAPHY"), "POINT(1 2)", pa.string()),
    (Column("ints", "ARRAY", "ARRAY<INT>"), [1, None], pa.list_(pa.int32())),
    (
        Column("lookup", "MAP", "MAP<STRING, DECIMAL(5,1)>"),
        {"a": Decimal("1.5")},
        pa.map_(pa.string(), pa.decimal128(5, 1)),
    ),
    (
        Column("point", "STRUCT", "STRUCT<x: DOUBLE, at: TIMESTAMP>"),
        {"x": 1.0, "at": datetime(2024, 1, 1, tzinfo=UTC)},
        pa.struct([("x", pa.float64()), ("at", pa.timestamp("us", tz="UTC"))]),
    ),
    (Column("untyped", "ARRAY"), [1, "a"], pa.string()),
    (Column("odd", "ARRAY", "ARRAY<VARIANT>"), ["x"], pa.string()),
    (Column("loose", "DECIMAL"), Decimal("1.5"), pa.string()),
]
COLUMNS = [column for column, _, _ in TYPED]
ROW = tuple(value for _, value, _ in TYPED)
NULLS = (None,) * len(TYPED)


@pytest.fixture
def result() -> QueryResult:
    return QueryResult(COLUMNS, [ROW, NULLS])


def test_arrow_types(result: QueryResult) -> None:
    table = result.to_arrow()
    assert table.schema == arrow_schema(COLUMNS)
    assert [field.type for field in table.schema] == [arrow for _, _, arrow in TYPED]
    assert table.num_rows == 2
    first = table.slice(0, 1).to_pylist()[0]
    assert first["wide"] == Decimal("1" * 40 + ".5000000000")
    assert first["untyped"] == '[1,"a"]'
    assert first["loose"] == "1.5"
    assert first["lookup"] == [("a", Decimal("1.5"))]
    assert all(value is None for value in table.slice(1, 1).to_pylist()[0].values())


def test_pandas_dtypes(result: QueryResult) -> None:
    frame = result.to_pandas()
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert {key: dtypes[key] for key in ("byte", "short", "int", "long")} == {
        "byte": "Int8",
        "short": "Int16",
        "int": "Int32",
        "long": "Int64",
    }
    assert dtypes["flag"] == "boolean"
    assert dtypes["float"] == "float32"
    assert dtypes["double"] == "float64"
    assert dtypes["at"] == "datetime64[us, UTC]"
    assert dtypes["local"] == "datetime64[us]"
    for name in ("price", "wide", "day", "blob", "ints", "lookup", "point"):
        assert dtypes[name] == "object", name
    assert frame["long"].iloc[1] is pd.NA
    assert frame["price"].iloc[0] == Decimal("12.34")
    assert frame["day"].iloc[0] == date(1, 1, 1)
    assert frame["lookup"].iloc[0] == {"a": Decimal("1.5")}
    assert frame["at"].iloc[0] == pd.Timestamp("1900-01-01", tz="UTC")


def test_polars_dtypes(result: QueryResult) -> None:
    frame = result.to_polars()
    schema = frame.schema
    assert schema["byte"] == pl.Int8
    assert schema["long"] == pl.Int64
    assert schema["price"] == pl.Decimal(10, 2)
    assert schema["wide"] == pl.String
    assert schema["float"] == pl.Float32
    assert schema["flag"] == pl.Boolean
    assert schema["day"] == pl.Date
    assert schema["at"] == pl.Datetime("us", "UTC")
    assert schema["local"] == pl.Datetime("us")
    assert schema["blob"] == pl.Binary
    assert schema["ints"] == pl.List(pl.Int32)
    assert frame["wide"][0] == "1" * 40 + ".5000000000"
    assert frame.height == 2


def test_polars_renames_repeated_columns() -> None:
    result = QueryResult(
        [Column("a", "INT"), Column("a", "INT"), Column("a", "STRING")], [(1, 2, "x")]
    )
    assert result.to_polars().columns == ["a", "a_1", "a_2"]
    assert list(result.to_pandas().columns) == ["a", "a", "a"]


def test_empty_result_keeps_the_schema(result: QueryResult) -> None:
    empty = QueryResult(COLUMNS)
    table = empty.to_arrow()
    assert table.num_rows == 0
    assert table.schema == result.to_arrow().schema
    frame = empty.to_pandas()
    assert frame.shape == (0, len(COLUMNS))
    assert str(frame.dtypes["long"]) == "Int64"
    assert empty.to_polars().shape == (0, len(COLUMNS))


def test_zero_columns_keep_the_row_count() -> None:
    result = QueryResult([], [(), (), ()])
    assert (result.to_arrow().num_rows, result.to_arrow().num_columns) == (3, 0)
    assert result.to_pandas().shape == (3, 0)
    assert result.to_polars().shape == (3, 0)
    assert QueryResult([]).to_arrow().num_rows == 0


def test_string_columns_take_other_values_as_text() -> None:
    result = QueryResult([Column("s")], [(1,), (date(2024, 1, 2),), (None,)])
    assert result.to_arrow().column(0).to_pylist() == ["1", "2024-01-02", None]


def test_values_that_do_not_fit_their_type_raise() -> None:
    with pytest.raises((TypeError, ValueError)):
        QueryResult([Column("n", "INT")], [("x",)]).to_arrow()
    with pytest.raises((TypeError, ValueError)):
        QueryResult([Column("d", "DECIMAL", "DECIMAL(3,1)")], [(Decimal("1.25"),)]).to_arrow()


@pytest.mark.parametrize(
    ("blocked", "method", "extra"),
    [
        ("pyarrow", "to_arrow", "arrow"),
        ("pyarrow", "to_pandas", "pandas"),
        ("pandas", "to_pandas", "pandas"),
        ("pyarrow", "to_polars", "polars"),
        ("polars", "to_polars", "polars"),
    ],
)
def test_missing_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, blocked: str, method: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, blocked, None)
    with pytest.raises(ImportError, match=f'pip install "genie-sdk\\[{extra}\\]"') as caught:
        getattr(QueryResult([Column("a", "INT")], [(1,)]), method)()
    assert blocked in str(caught.value)
