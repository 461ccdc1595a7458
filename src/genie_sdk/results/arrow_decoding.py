"""Typed Arrow columns cast from the server's text encoding, without a Python object per value.

Each column's texts become one Arrow ``string`` array, then a vectorised ``pyarrow.compute``
cast makes the column's type (see `genie_sdk.results.frames`): integers, ``DECIMAL(p,s)``,
``FLOAT``/``DOUBLE``, ``BOOLEAN``, ``DATE``, ``TIMESTAMP`` (in UTC) and ``TIMESTAMP_NTZ``; text
types stay the strings they are. A column is cast only when every value has the plain form
whose Arrow parse equals the Python decoder's (`genie_sdk.results.decoding`); any other column
(other spellings Python accepts, fractions finer than microseconds, mixed zones, ``BINARY``,
nested types) is decoded by the Python decoder and then converted, so both paths give the same
values and the same errors.
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

_INTEGER = r"^[+-]?[0-9]+$"
_FLOAT = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$|^[+-]?(NaN|nan|inf|Infinity)$"
_DECIMAL = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
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


def _all_match(text: Any, pattern: str) -> bool:
    """Whether every non-null value matches ``pattern`` (a RE2 regular expression)."""
    return _every(_arrow()[1].match_substring_regex(text, pattern))


def _cast_integer(text: Any, target: Any) -> Any:
    pc = _arrow()[1]
    # Arrow also reads hexadecimal, which Python's ``int`` does not.
    return pc.cast(text, target) if _all_match(text, _INTEGER) else None


def _cast_float(text: Any, target: Any) -> Any:
    pa, pc = _arrow()
    if not _all_match(text, _FLOAT):
        return None
    # Through float64 as the Python path does, so that float32 values round the same way.
    return pc.cast(pc.cast(text, pa.float64()), target)


def _cast_decimal(text: Any, target: Any) -> Any:
    pa, pc = _arrow()
    if not pa.types.is_decimal(target) or not _all_match(text, _DECIMAL):
        return None
    return pc.cast(text, target)


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
}
