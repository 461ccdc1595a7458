"""Typed Arrow columns cast from the server's text encoding, without a Python object per value.

Each column's texts become one Arrow ``string`` array, then a vectorised ``pyarrow.compute``
cast makes the column's type (see `genie_sdk.results.frames`): integers, ``DECIMAL(p,s)``,
``FLOAT``/``DOUBLE``, ``BOOLEAN``, ``DATE``, ``TIMESTAMP`` (in UTC) and ``TIMESTAMP_NTZ``; text
types stay the strings they are. ``ARRAY`` and ``STRUCT`` columns whose leaves are integers,
floats, booleans, text, dates or timestamps are read by Arrow's JSON reader, one line per value,
and their date and timestamp leaves cast like columns. A column is cast only when every value
has the plain form whose Arrow parse equals the Python decoder's
(`genie_sdk.results.decoding`); any other column (other spellings Python accepts, fractions
finer than microseconds, mixed zones, ``BINARY``, ``MAP``, nested decimals) is decoded by the
Python decoder and then converted, so both paths give the same values and the same errors.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from genie_sdk._optional import require
from genie_sdk.results.columns import Column
from genie_sdk.results.decoding import ColumnDecoder, gc_paused
from genie_sdk.results.frames import array_of, arrow_schema, arrow_table

__all__ = ["arrow_from_texts"]

_FLOAT = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$|^[+-]?(NaN|nan|inf|Infinity)$"
# Years 0001-9999 (Python's range), then month and day; Arrow checks the calendar.
_DATE = r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}"
_ZONE = r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"
_WALL_CLOCK = _DATE + r"[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
_OPTIONAL_ZONE = r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$"
_BOOLEANS = ("true", "false", "TRUE", "FALSE")
_FIRST = -62135596800 * 10**6
"""0001-01-01T00:00:00Z in microseconds since the epoch."""
_LAST = 253402300799999999
"""9999-12-31T23:59:59.999999Z in microseconds since the epoch."""


def arrow_from_texts(
    columns: Sequence[Column],
    texts: Sequence[Sequence[str | None]],
    row_count: int,
    row_offset: int = 0,
) -> Any:
    """Build the typed Arrow table of checked text columns (see ``decoding.text_columns``).

    Raises:
        ImportError: pyarrow is not installed.
        DecodeError: A value does not decode as its column's type.
        TypeError, ValueError: A value does not fit its column's Arrow type.
    """
    pa = require("pyarrow", "arrow", "Arrow conversion")
    if not columns:
        return arrow_table(columns, [()] * row_count)
    schema = arrow_schema(columns)
    # Python values decoded for a column are freed once it is built, before the collector
    # resumes, so that it does not scan them.
    with gc_paused():
        arrays = [
            _column(pa, column, values, field.type, row_offset)
            for column, values, field in zip(columns, texts, schema, strict=True)
        ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _column(pa: Any, column: Column, values: Sequence[str | None], target: Any, offset: int) -> Any:
    decoder = ColumnDecoder(column)
    if decoder.convert is None and pa.types.is_string(target):
        return pa.array(values, type=target)
    cast = _CASTS.get(column.data_type.name)
    if cast is not None:
        text = pa.array(values, type=pa.string())
        try:
            array = cast(text, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            array = None
        if array is not None:
            return array
    return array_of(pa, decoder.decode(values, offset), target)


@functools.cache
def _arrow() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.compute``."""
    pa = require("pyarrow", "arrow", "Arrow conversion")
    return pa, require("pyarrow.compute", "arrow", "Arrow conversion")


@functools.cache
def _json_options() -> tuple[Any, Any]:
    """``pyarrow.json`` and its read options (one thread: the input is one small block)."""
    pj = require("pyarrow.json", "arrow", "Arrow conversion")
    return pj, pj.ReadOptions(use_threads=False)


def _all_match(text: Any, pattern: str) -> bool:
    """Whether every non-null value matches ``pattern`` (a RE2 regular expression)."""
    return _every(_arrow()[1].match_substring_regex(text, pattern))


def _cast_integer(text: Any, target: Any) -> Any:
    # Arrow also reads hexadecimal, which Python's ``int`` does not: only canonical texts.
    return _canonical(text, _arrow()[1].cast(text, target))


def _cast_float(text: Any, target: Any) -> Any:
    pa, pc = _arrow()
    if not _all_match(text, _FLOAT):
        return None
    # Through float64 as the Python path does, so that float32 values round the same way.
    return pc.cast(pc.cast(text, pa.float64()), target)


def _cast_decimal(text: Any, target: Any) -> Any:
    pa, pc = _arrow()
    if not pa.types.is_decimal(target):
        return None
    return _canonical(text, pc.cast(text, target))


def _cast_boolean(text: Any, target: Any) -> Any:
    pa, pc = _arrow()
    if not pc.all(pc.is_in(text, value_set=pa.array([*_BOOLEANS, None]))).as_py():
        return None
    return pc.equal(pc.utf8_upper(text), "TRUE").cast(target)


def _cast_date(text: Any, target: Any) -> Any:
    pc = _arrow()[1]
    return pc.cast(text, target) if _all_match(text, _DATE + "$") else None


def _cast_timestamp(text: Any, target: Any) -> Any:
    pa, pc = _arrow()
    if not _all_match(text, _WALL_CLOCK + _OPTIONAL_ZONE):
        return None
    zoned = pc.match_substring_regex(text, _ZONE)
    if _none(zoned):  # A TIMESTAMP without a zone is in UTC.
        return pc.cast(text, pa.timestamp("us")).view(target)
    if not _every(zoned):
        return None
    array = pc.cast(text, target)
    # An offset can move a value out of the years 1-9999, which Python rejects.
    extremes = pc.min_max(array.view(pa.int64())).as_py()
    if extremes["min"] is not None and not _FIRST <= extremes["min"] <= extremes["max"] <= _LAST:
        return None
    return array


def _cast_timestamp_ntz(text: Any, target: Any) -> Any:
    pc = _arrow()[1]
    if not _all_match(text, _WALL_CLOCK + _OPTIONAL_ZONE):
        return None
    # The zone, if any, is dropped and the wall-clock time kept.
    return pc.cast(pc.replace_substring_regex(text, _ZONE, ""), target)


def _cast_nested(text: Any, target: Any) -> Any:
    """Read JSON texts of an ``ARRAY`` or ``STRUCT`` column with Arrow's JSON reader.

    Each value becomes the line ``{"v": <text>}``. A text with a line break, or ``Inf`` (which
    Arrow reads as infinity and Python's ``json`` rejects), is left to the Python path, so every
    line holds exactly one object; a text that is more than one value then shows in the row
    count, and the text ``null`` (an error for Python) in the null count.
    """
    pa, pc = _arrow()
    pj, read_options = _json_options()
    read_type = _json_type(pa, target)
    if read_type is None or pc.any(pc.match_substring_regex(text, r"[\r\n]|Inf")).as_py():
        return None
    lines = pc.binary_join_element_wise(
        '{"v":', text, "}", "", null_handling="replace", null_replacement="null"
    )
    whole = pc.binary_join(
        pa.ListArray.from_arrays(pa.array([0, len(lines)], pa.int32()), lines), "\n"
    )
    options = pj.ParseOptions(
        explicit_schema=pa.schema([("v", read_type)]), unexpected_field_behavior="error"
    )
    try:
        table = pj.read_json(
            pa.BufferReader(whole[0].as_buffer()),
            read_options=read_options,
            parse_options=options,
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    array = table.column(0).combine_chunks()
    if len(array) != len(text) or array.null_count != text.null_count:
        return None
    return _leaves_cast(pa, array, target)


def _json_type(pa: Any, target: Any) -> Any:
    """The type to read JSON values of ``target`` as: dates and timestamps as their text,
    ``float`` as ``double`` (to round as Python does); ``None`` for a type not read from JSON."""
    types = pa.types
    if types.is_list(target):
        item = _json_type(pa, target.value_type)
        return None if item is None else pa.list_(item)
    if types.is_struct(target):
        fields = [target.field(i) for i in range(target.num_fields)]
        children = [_json_type(pa, field.type) for field in fields]
        if any(child is None for child in children) or len({f.name for f in fields}) < len(fields):
            return None
        return pa.struct([(f.name, child) for f, child in zip(fields, children, strict=True)])
    if types.is_float32(target):
        return pa.float64()
    if types.is_date32(target) or types.is_timestamp(target):
        return pa.string()
    if types.is_integer(target) or types.is_float64(target) or types.is_boolean(target):
        return target
    return target if types.is_string(target) else None


def _leaves_cast(pa: Any, array: Any, target: Any) -> Any:
    """Cast the leaves of ``array`` (read as ``_json_type(target)``) to ``target``; ``None``
    when a leaf column is not in the plain form the casts accept."""
    if array.type == target:
        return array
    types = pa.types
    if types.is_list(target):
        items = _leaves_cast(pa, array.values, target.value_type)
        if items is None:
            return None
        return pa.ListArray.from_arrays(array.offsets, items, type=target, mask=array.is_null())
    if types.is_struct(target):
        children = [
            _leaves_cast(pa, array.field(i), target.field(i).type) for i in range(target.num_fields)
        ]
        if any(child is None for child in children):
            return None
        fields = [target.field(i) for i in range(target.num_fields)]
        return pa.StructArray.from_arrays(children, fields=fields, mask=array.is_null())
    if types.is_float32(target):
        return array.cast(target)
    if types.is_date32(target):
        return _cast_date(array, target)
    return _cast_timestamp(array, target) if target.tz else _cast_timestamp_ntz(array, target)


def _canonical(text: Any, array: Any) -> Any:
    """``array`` if each value prints back as its text (then Python reads that text as the same
    value), else ``None``: a cheaper check than matching a pattern."""
    pa, pc = _arrow()
    return array if _every(pc.equal(array.cast(pa.string()), text)) else None


def _every(mask: Any) -> bool:
    """Whether no value of a boolean array is false (nulls are left out)."""
    return bool(_arrow()[1].all(mask).as_py() is not False)


def _none(mask: Any) -> bool:
    """Whether no value of a boolean array is true (nulls are left out)."""
    return bool(_arrow()[1].any(mask).as_py() is not True)


_CASTS: dict[str, Callable[[Any, Any], Any]] = {
    "BYTE": _cast_integer,
    "SHORT": _cast_integer,
    "INT": _cast_integer,
    "LONG": _cast_integer,
    "FLOAT": _cast_float,
    "DOUBLE": _cast_float,
    "DECIMAL": _cast_decimal,
    "BOOLEAN": _cast_boolean,
    "DATE": _cast_date,
    "TIMESTAMP": _cast_timestamp,
    "TIMESTAMP_NTZ": _cast_timestamp_ntz,
    "ARRAY": _cast_nested,
    "STRUCT": _cast_nested,
}
