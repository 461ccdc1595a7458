"""Decode chunks of rows: inline ``ResultData`` and downloaded JSON_ARRAY, CSV and ARROW_STREAM.

Every function here is pure: it gets bytes or models and returns rows, so the HTTP flow that
fetches chunks stays elsewhere. Memory: ``decode_chunk`` holds one chunk's bytes and its decoded
rows; ``iter_rows`` decodes chunk by chunk as its input yields them, so it holds one chunk at a
time however large the result.

In ``CSV`` chunks (a header row, then values), an empty field is null: ``CSV`` cannot tell an
empty string from a null, so empty strings also decode to ``None``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import struct
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from genie_sdk._optional import require
from genie_sdk.errors import DecodeError
from genie_sdk.models.enums import ResultFormat
from genie_sdk.models.statements import ResultData
from genie_sdk.results.columns import Column
from genie_sdk.results.decoding import (
    DECODE_ERRORS,
    ColumnDecoder,
    Converter,
    decode_columns,
    decode_text_rows,
    gc_paused,
    nested_converter,
    text_columns,
    typed_texts,
    value_error,
)
from genie_sdk.results.frames import arrow_type

__all__ = ["decode_chunk", "decode_rows", "inline_texts", "iter_rows"]

Row = tuple[Any, ...]


def decode_rows(data: ResultData, columns: Sequence[Column]) -> list[Row]:
    """Decode the inline rows of one chunk (``data_array`` or ``data_typed_array``).

    Raises:
        DecodeError: A value or row does not match ``columns``.
    """
    texts, row_count = inline_texts(data, columns)
    decoders = [ColumnDecoder(column) for column in columns]
    return decode_columns(texts, decoders, row_count, data.row_offset or 0)


def inline_texts(
    data: ResultData, columns: Sequence[Column]
) -> tuple[list[Sequence[str | None]], int]:
    """Check the inline rows of one chunk and return their texts column by column, and the
    number of rows.

    Raises:
        DecodeError: A row is not an array of one text or null per column.
    """
    offset = data.row_offset or 0
    with gc_paused():
        if data.data_array is not None:
            rows: Sequence[Sequence[Any]] = data.data_array
        elif data.data_typed_array is not None:
            rows = typed_texts(data.data_typed_array)
        else:
            rows = []
        return text_columns(rows, columns, offset), len(rows)


def decode_chunk(
    content: bytes,
    format: ResultFormat | str,
    columns: Sequence[Column],
    *,
    row_offset: int = 0,
) -> list[Row]:
    """Decode one downloaded chunk into rows of Python values.

    Args:
        content: The chunk's bytes as the external link returned them.
        format: ``JSON_ARRAY`` (a JSON array of arrays of strings), ``CSV`` (header row, then
            values; empty field = null) or ``ARROW_STREAM`` (an Arrow IPC stream).
        columns: The result's columns, from the manifest.
        row_offset: Index of the chunk's first row in the result, for error messages.

    Raises:
        DecodeError: The chunk or one of its values does not decode.
        ImportError: ``ARROW_STREAM`` needs pyarrow (``pip install "genie-sdk[arrow]"``).
        ValueError: ``format`` is not one of the three formats.
    """
    decoders = [ColumnDecoder(column) for column in columns]
    return _decode(content, str(format).upper(), decoders, row_offset)


def iter_rows(
    chunks: Iterable[bytes],
    format: ResultFormat | str,
    columns: Sequence[Column],
) -> Iterator[Row]:
    """Yield the rows of successive chunks, decoding each chunk only when it is reached.

    Raises:
        DecodeError: A chunk or one of its values does not decode.
    """
    decoders = [ColumnDecoder(column) for column in columns]
    name = str(format).upper()
    offset = 0
    for content in chunks:
        rows = _decode(content, name, decoders, offset)
        offset += len(rows)
        yield from rows


def _decode(content: bytes, format: str, decoders: list[ColumnDecoder], offset: int) -> list[Row]:
    if format == ResultFormat.JSON_ARRAY:
        return decode_text_rows(_json_rows(content), decoders, offset)
    if format == ResultFormat.CSV:
        return decode_text_rows(_csv_rows(content, len(decoders)), decoders, offset)
    if format == ResultFormat.ARROW_STREAM:
        return _arrow_rows(content, decoders, offset)
    raise ValueError(f"unknown result format {format!r}: expected JSON_ARRAY, CSV or ARROW_STREAM")


def _json_rows(content: bytes) -> list[list[Any]]:
    try:
        rows = json.loads(content) if content.strip() else []
    except (ValueError, RecursionError) as error:
        raise DecodeError(f"JSON_ARRAY chunk is not valid JSON: {error}") from error
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise DecodeError("JSON_ARRAY chunk is not an array of arrays")
    return rows


def _csv_rows(content: bytes, width: int) -> list[list[str | None]]:
    try:
        reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), strict=True)
        header = next(reader, None)
        rows = [[value or None for value in row] for row in reader if row or not width]
    except (UnicodeDecodeError, csv.Error) as error:
        raise DecodeError(f"CSV chunk does not decode: {error}") from error
    if header is not None and len(header) != width:
        raise DecodeError(f"CSV header has {len(header)} columns but the result has {width}")
    return rows


def _arrow_rows(content: bytes, decoders: list[ColumnDecoder], offset: int) -> list[Row]:
    pa = require("pyarrow", "arrow", "Decoding ARROW_STREAM chunks")
    rows: list[Row] = []
    if not content:
        return rows
    try:
        reader = pa.ipc.open_stream(content)
        for batch in reader:
            rows.extend(_batch_rows(pa, batch, decoders, offset + len(rows)))
    except (pa.ArrowException, OSError) as error:
        raise DecodeError(f"ARROW_STREAM chunk does not decode: {error}") from error
    return rows


def _batch_rows(pa: Any, batch: Any, decoders: list[ColumnDecoder], offset: int) -> list[Row]:
    if batch.num_columns != len(decoders):
        raise DecodeError(
            f"Arrow batch has {batch.num_columns} columns but the result has {len(decoders)}"
        )
    if not decoders:
        return [()] * batch.num_rows
    columns = [
        _arrow_values(pa, batch.column(index), decoder, offset)
        for index, decoder in enumerate(decoders)
    ]
    return list(zip(*columns, strict=True))


def _arrow_values(pa: Any, array: Any, decoder: ColumnDecoder, offset: int) -> Sequence[Any]:
    """Convert one Arrow column to the Python values the text shapes decode to."""
    kind = array.type
    if pa.types.is_float32(kind):
        # Through the shortest digits, as the text shapes send a FLOAT: 0.1, not 0.100000001.
        array = array.cast(pa.string())
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return decoder.decode(array.to_pylist(), offset)
    data_type = decoder.column.data_type
    target = arrow_type(data_type)
    if target is not None and kind != target:
        array = _cast(pa, array, target)
    try:
        values: list[Any] = array.to_pylist(maps_as_pydicts="strict")
    except DECODE_ERRORS as error:
        raise _bad_value_error(array, decoder.column, offset, error) from error
    normalize = nested_converter(data_type, _ARROW_LEAVES)
    if normalize is None or not any(data_type.contains(name) for name in _ARROW_LEAVES):
        return values
    return [None if value is None else normalize(value) for value in values]


def _utc(value: datetime) -> datetime:
    """Arrow gives ``ZoneInfo("UTC")`` (or no zone); the text shapes give ``timezone.utc``."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _shortest_float32(value: float) -> float:
    """Round a float32 to its shortest decimal digits, as the text shapes send a FLOAT."""
    if not math.isfinite(value) or value == 0:
        return value
    for digits in range(1, 10):
        shortest = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", shortest))[0] == value:
            return shortest
    return value


_ARROW_LEAVES: dict[str, Converter] = {"TIMESTAMP": _utc, "FLOAT": _shortest_float32}


def _bad_value_error(array: Any, column: Column, offset: int, error: BaseException) -> DecodeError:
    """Build the ``DecodeError`` naming the first value of ``array`` Python cannot hold."""
    for index in range(len(array)):
        try:
            array[index].as_py(maps_as_pydicts="strict")
        except DECODE_ERRORS as value_failure:
            return value_error(column, f"Arrow {array.type} value", offset + index, value_failure)
    return value_error(column, f"Arrow {array.type} column", offset, error)


def _cast(pa: Any, array: Any, target: Any) -> Any:
    """Cast to the column's Arrow type, truncating finer timestamps to microseconds."""
    if pa.types.is_timestamp(array.type) and pa.types.is_timestamp(target):
        if array.type.unit == "ns":
            compute = require("pyarrow.compute", "arrow", "Decoding ARROW_STREAM chunks")
            array = compute.floor_temporal(array, unit="microsecond")
        return array.cast(target, safe=False)
    try:
        return array.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return array
