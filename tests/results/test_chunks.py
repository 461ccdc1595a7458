"""Downloaded chunks in the three formats, inline ``ResultData`` and chunk iteration."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genie_sdk.errors import DecodeError
from genie_sdk.models import ResultFormat
from genie_sdk.models.statements import ResultData
from genie_sdk.results import Column, decode_chunk, decode_rows, iter_rows
from genie_sdk.results.frames import arrow_table
from tests.results.server import NO_FLOAT32, arrow_chunk, assert_same, blank_to_null, table

UTC = timezone.utc


def json_chunk(texts: Sequence[Sequence[str | None]]) -> bytes:
    return json.dumps([list(row) for row in texts]).encode()


def csv_chunk(columns: Sequence[Column], texts: Sequence[Sequence[str | None]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in columns])
    writer.writerows([["" if value is None else value for value in row] for row in texts])
    return buffer.getvalue().encode()


def text_table(columns: Sequence[Column], texts: Sequence[Sequence[str | None]]) -> pa.Table:
    """Every column as Arrow strings holding the server's text encoding."""
    values = list(zip(*texts, strict=True)) if texts else [()] * len(columns)
    return pa.table(
        [pa.array(list(column), type=pa.string()) for column in values],
        names=[column.name for column in columns],
    )


@settings(max_examples=100, deadline=None)
@given(table())
def test_json_and_csv_chunks_round_trip(drawn: Any) -> None:
    columns, rows, texts = drawn
    assert_same(decode_chunk(json_chunk(texts), "JSON_ARRAY", columns), rows)
    assert_same(decode_chunk(csv_chunk(columns, texts), "CSV", columns), blank_to_null(rows))


@settings(max_examples=100, deadline=None)
@given(table(), st.integers(1, 3))
def test_arrow_chunks_of_text_columns_decode_like_text(drawn: Any, batch_rows: int) -> None:
    columns, rows, texts = drawn
    chunk = arrow_chunk(text_table(columns, texts), batch_rows)
    assert_same(decode_chunk(chunk, ResultFormat.ARROW_STREAM, columns), rows)


@settings(max_examples=100, deadline=None)
@given(table(NO_FLOAT32))
def test_typed_arrow_chunks_round_trip(drawn: Any) -> None:
    columns, rows, _ = drawn
    chunk = arrow_chunk(arrow_table(columns, rows))
    assert_same(decode_chunk(chunk, "arrow_stream", columns), rows)


def float32_text(value: float) -> str:
    """A FLOAT as the server writes it: the shortest digits that identify the float32."""
    return str(np.float32(value))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.none() | st.floats(width=32), max_size=5))
def test_arrow_float32_decodes_like_its_text(values: list[float | None]) -> None:
    columns = [Column("f", "FLOAT"), Column("a", "ARRAY", "ARRAY<FLOAT>")]
    texts = [
        [None, "[null]"] if value is None else [float32_text(value), f'["{float32_text(value)}"]']
        for value in values
    ]
    arrow = pa.table(
        {
            "f": pa.array(values, pa.float32()),
            "a": pa.array([[value] for value in values], pa.list_(pa.float32())),
        }
    )
    from_text = decode_chunk(json_chunk(texts), "JSON_ARRAY", columns)
    assert_same(decode_chunk(arrow_chunk(arrow), "ARROW_STREAM", columns), from_text)


def test_arrow_values_are_normalized_to_the_column_types() -> None:
    columns = [
        Column("at", "TIMESTAMP"),
        Column("ns", "TIMESTAMP"),
        Column("local", "TIMESTAMP_NTZ"),
        Column("n", "LONG"),
        Column("name", "STRING"),
        Column("tags", "MAP", "MAP<STRING, INT>"),
    ]
    chunk = arrow_chunk(
        pa.table(
            {
                "at": pa.array([datetime(2024, 1, 1, 12)], pa.timestamp("ms", tz="Etc/UTC")),
                "ns": pa.array([-1_500], pa.timestamp("ns", tz="UTC")),
                "local": pa.array([datetime(2024, 1, 1, 12)], pa.timestamp("us", tz="UTC")),
                "n": pa.array([7], pa.int32()),
                "name": pa.array(["x"]).dictionary_encode(),
                "tags": pa.array([[("a", 1)]], pa.map_(pa.string(), pa.int64())),
            }
        )
    )
    (row,) = decode_chunk(chunk, "ARROW_STREAM", columns)
    assert_same(
        row,
        (
            datetime(2024, 1, 1, 12, tzinfo=UTC),
            datetime(1969, 12, 31, 23, 59, 59, 999998, tzinfo=UTC),
            datetime(2024, 1, 1, 12),
            7,
            "x",
            {"a": 1},
        ),
    )


def test_arrow_value_out_of_python_range_names_the_row() -> None:
    columns = [Column("day", "DATE")]
    days = pa.array([0, 3_000_000], pa.date32())
    chunk = arrow_chunk(pa.table({"day": days}))
    with pytest.raises(DecodeError, match=r"column 'day' at row 11"):
        decode_chunk(chunk, "ARROW_STREAM", columns, row_offset=10)


def test_arrow_chunk_must_match_the_columns() -> None:
    chunk = arrow_chunk(pa.table({"a": [1]}))
    with pytest.raises(DecodeError, match="1 columns but the result has 2"):
        decode_chunk(chunk, "ARROW_STREAM", [Column("a", "INT"), Column("b")])
    with pytest.raises(DecodeError, match="ARROW_STREAM"):
        decode_chunk(b"not arrow", "ARROW_STREAM", [Column("a", "INT")])


def test_csv_details() -> None:
    columns = [Column("a", "STRING"), Column("n", "INT")]
    content = '\ufeffa,n\r\n"x, ""y""\nz",1\r\n,\r\n'.encode()
    assert decode_chunk(content, "CSV", columns) == [('x, "y"\nz', 1), (None, None)]
    assert decode_chunk(b"", "CSV", columns) == []
    assert decode_chunk(b"a,n\n", "CSV", columns) == []
    with pytest.raises(DecodeError, match="header has 1 columns"):
        decode_chunk(b"a\n1\n", "CSV", columns)
    with pytest.raises(DecodeError, match="CSV"):
        decode_chunk(b"a,n\n\xff,1\n", "CSV", columns)
    with pytest.raises(DecodeError, match="row 3 has 1 values"):
        decode_chunk(b"a,n\nx,1\ny\n", "CSV", columns, row_offset=2)


def test_json_chunk_details() -> None:
    columns = [Column("n", "DECIMAL", "DECIMAL(4,1)")]
    assert decode_chunk(b' [["1.5"], [null]] ', "JSON_ARRAY", columns) == [
        (Decimal("1.5"),),
        (None,),
    ]
    assert decode_chunk(b"", "JSON_ARRAY", columns) == []
    for bad in (b"[[", b'{"a": 1}', b'[{"n": "1"}]'):
        with pytest.raises(DecodeError, match="JSON_ARRAY"):
            decode_chunk(bad, "JSON_ARRAY", columns)


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown result format 'PARQUET'"):
        decode_chunk(b"", "parquet", [])


def test_zero_columns() -> None:
    assert decode_chunk(b"[[], []]", "JSON_ARRAY", []) == [(), ()]
    rows_only = pa.table({"a": [1, 2]}).drop_columns(["a"])
    assert decode_chunk(arrow_chunk(rows_only), "ARROW_STREAM", []) == [(), ()]


def test_arrow_stream_needs_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r'pip install "genie-sdk\[arrow\]"'):
        decode_chunk(b"x", "ARROW_STREAM", [Column("a")])


def test_decode_rows_of_inline_data() -> None:
    columns = [Column("d", "DATE")]
    plain = ResultData(data_array=[["2024-01-02"], [None]], row_offset=5000)
    typed = ResultData.model_validate({"data_typed_array": [{"values": [{"str": "2024-01-02"}]}]})
    assert decode_rows(plain, columns) == [(date(2024, 1, 2),), (None,)]
    assert decode_rows(typed, columns) == [(date(2024, 1, 2),)]
    assert decode_rows(ResultData(), columns) == []
    with pytest.raises(DecodeError, match="row 5001"):
        decode_rows(ResultData(data_array=[["2024-01-02"], ["soon"]], row_offset=5000), columns)


def test_iter_rows_decodes_one_chunk_at_a_time() -> None:
    columns = [Column("n", "INT")]
    fetched: list[int] = []

    def chunks() -> Iterator[bytes]:
        for index in range(3):
            fetched.append(index)
            yield json_chunk([[str(index * 10 + i)] for i in range(2)])

    rows = iter_rows(chunks(), "JSON_ARRAY", columns)
    assert next(rows) == (0,)
    assert fetched == [0]
    assert list(rows) == [(1,), (10,), (11,), (20,), (21,)]
    assert fetched == [0, 1, 2]


def test_iter_rows_errors_name_the_row_in_the_whole_result() -> None:
    chunks = [json_chunk([["1"], ["2"]]), json_chunk([["3"], ["x"]])]
    with pytest.raises(DecodeError, match="row 3"):
        list(iter_rows(chunks, "JSON_ARRAY", [Column("n", "INT")]))
