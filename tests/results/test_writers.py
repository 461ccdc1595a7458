"""Parquet and CSV writers: round trips, chunk by chunk with bounded memory."""

from __future__ import annotations

import sys
import tempfile
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

from genie_sdk.results import Column, arrow_schema, decode_chunk, open_writer
from tests.results.server import (
    COLUMN_KINDS,
    NO_FLOAT32,
    arrow_chunk,
    assert_same,
    blank_to_null,
    table,
)

UTC = timezone.utc
COLUMNS = [
    Column("id", "LONG"),
    Column("amount", "DECIMAL", "DECIMAL(18,2)", 18, 2),
    Column("at", "TIMESTAMP"),
    Column("note", "STRING"),
    Column("tags", "ARRAY", "ARRAY<INT>"),
]


def chunk(index: int, size: int = 1000) -> list[tuple[Any, ...]]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        (
            index * size + i,
            Decimal(f"{i}.{i % 100:02d}"),
            start + timedelta(seconds=i),
            f"row {i} of chunk {index} " + "x" * (i % 50),
            [i, None, index],
        )
        for i in range(size)
    ]


def split(rows: list[tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
    middle = len(rows) // 2
    return [rows[:middle], rows[middle:]]


@settings(max_examples=40, deadline=None)
@given(table(NO_FLOAT32))
def test_parquet_round_trip(drawn: Any) -> None:
    columns, rows, _ = drawn
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "result.parquet"
        with open_writer(path, columns) as writer:
            for part in split(rows):
                writer.write(part)
        assert writer.rows_written == len(rows)
        read = pq.read_table(path)
    assert read.schema.remove_metadata() == arrow_schema(columns)
    assert_same(decode_chunk(arrow_chunk(read), "ARROW_STREAM", columns), rows)


@settings(max_examples=60, deadline=None)
@given(table(COLUMN_KINDS))
def test_csv_round_trip(drawn: Any) -> None:
    columns, rows, _ = drawn
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "result.csv"
        with open_writer(path, columns, "csv") as writer:
            for part in split(rows):
                writer.write(iter(part))
        content = path.read_bytes()
    assert_same(decode_chunk(content, "CSV", columns), blank_to_null(rows))


def test_many_chunks_into_parquet_and_csv(tmp_path: Path) -> None:
    for file_format in ("parquet", "csv"):
        path = tmp_path / f"out.{file_format}"
        with open_writer(path, COLUMNS, file_format) as writer:  # type: ignore[arg-type]
            for index in range(20):
                writer.write(chunk(index, 100))
        expected = [row for index in range(20) for row in chunk(index, 100)]
        if file_format == "parquet":
            parquet = pq.ParquetFile(path)
            assert parquet.num_row_groups == 20
            rows = decode_chunk(arrow_chunk(parquet.read()), "ARROW_STREAM", COLUMNS)
        else:
            rows = decode_chunk(path.read_bytes(), "CSV", COLUMNS)
        assert_same(rows, expected)


def peak_memory(path: Path, file_format: str, chunks: int) -> tuple[int, int]:
    """Write ``chunks`` chunks; return the Python heap peak and the Arrow pool's largest size."""
    arrow_peak = 0
    tracemalloc.start()
    try:
        with open_writer(path, COLUMNS, file_format) as writer:  # type: ignore[arg-type]
            for index in range(chunks):
                writer.write(chunk(index))
                arrow_peak = max(arrow_peak, pa.total_allocated_bytes())
        _, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return python_peak, arrow_peak


@pytest.mark.parametrize("file_format", ["parquet", "csv"])
def test_memory_does_not_grow_with_the_number_of_chunks(tmp_path: Path, file_format: str) -> None:
    peak_memory(tmp_path / "warm-up", file_format, 1)
    few = peak_memory(tmp_path / "few", file_format, 3)
    many = peak_memory(tmp_path / "many", file_format, 30)
    # Holding all rows would need about ten times the memory of three chunks.
    assert many[0] < 1.5 * few[0]
    assert many[1] <= 1.5 * few[1] + 1_000_000


def test_empty_files_keep_the_schema(tmp_path: Path) -> None:
    with open_writer(tmp_path / "empty.parquet", COLUMNS) as writer:
        writer.write([])
    read = pq.read_table(tmp_path / "empty.parquet")
    assert read.num_rows == 0
    assert read.schema.remove_metadata() == arrow_schema(COLUMNS)
    with open_writer(tmp_path / "empty.csv", COLUMNS, "csv"):
        pass
    assert (tmp_path / "empty.csv").read_bytes() == b"id,amount,at,note,tags\r\n"


def test_writer_life_cycle(tmp_path: Path) -> None:
    writer = open_writer(tmp_path / "a.csv", [Column("d", "DATE")], "csv")
    writer.write([(date(2024, 1, 1),), (None,)])
    assert not writer.closed
    writer.close()
    writer.close()
    assert writer.closed
    assert writer.rows_written == 2
    assert writer.path == str(tmp_path / "a.csv")
    with pytest.raises(ValueError, match="closed"):
        writer.write([(None,)])
    assert (tmp_path / "a.csv").read_bytes() == b'd\r\n2024-01-01\r\n""\r\n'


def test_writer_closes_on_error(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError),
        open_writer(tmp_path / "bad.parquet", [Column("n", "INT")]) as writer,
    ):
        writer.write([("not a number",)])
    assert writer.closed


def test_unknown_file_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown file format 'xlsx'"):
        open_writer(tmp_path / "a.xlsx", COLUMNS, "xlsx")  # type: ignore[arg-type]


def test_parquet_needs_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r'pip install "genie-sdk\[arrow\]"'):
        open_writer(tmp_path / "a.parquet", COLUMNS)


def test_csv_writes_decimals_in_plain_notation(tmp_path: Path) -> None:
    columns = [Column("tiny", "DECIMAL", "DECIMAL(18,12)", 18, 12), Column("big", "DECIMAL")]
    rows = [(Decimal("0.000000123456"), Decimal("1.5E+30")), (Decimal("-0E-12"), Decimal("10"))]
    path = tmp_path / "decimals.csv"

    with open_writer(path, columns, "csv") as writer:
        writer.write(rows)

    assert path.read_text().splitlines() == [
        "tiny,big",
        "0.000000123456,1500000000000000000000000000000",
        "-0.000000000000,10",
    ]
    assert decode_chunk(path.read_bytes(), "CSV", columns) == rows
