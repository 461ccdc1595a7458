"""Per-column converters from the server's text encoding to Python values.

One converter is compiled per column and applied to a whole column at once, so the per-value work
is a single call of ``int``, ``Decimal``, ``float``, ``date.fromisoformat`` or a small function.

Decoded types: ``BYTE``/``SHORT``/``INT``/``LONG`` → ``int``; ``DECIMAL`` → ``Decimal``;
``FLOAT``/``DOUBLE`` → ``float`` (``NaN``, ``Infinity``, ``-Infinity``, ``inf``); ``BOOLEAN`` →
``bool``; ``DATE`` → ``date``; ``TIMESTAMP`` → ``datetime`` in UTC (a value without a zone is
UTC; fractions beyond microseconds are truncated); ``TIMESTAMP_NTZ`` → naive ``datetime`` (a
zone, if any, is dropped and the wall-clock time kept); ``BINARY`` (base64) → ``bytes``;
``ARRAY``/``MAP``/``STRUCT`` (JSON text) → ``list``/``dict``/``dict``, with the nested types named
by ``type_text`` decoded the same way (map keys too; struct fields missing from the JSON become
``None``).
Everything else (``STRING``, ``CHAR``, ``INTERVAL``, ``VARIANT``, ``USER_DEFINED_TYPE``, ``NULL``,
unknown types) stays text.
"""

from __future__ import annotations

import base64
import binascii
import gc
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import partial
from typing import Any

from genie_sdk.errors import DecodeError
from genie_sdk.models.statements import TypedRow
from genie_sdk.results.columns import Column, DataType

__all__ = [
    "DECODE_ERRORS",
    "ColumnDecoder",
    "Converter",
    "decode_base64",
    "decode_columns",
    "decode_text_rows",
    "decode_typed_rows",
    "gc_paused",
    "nested_converter",
    "parse_timestamp",
    "parse_timestamp_ntz",
    "text_columns",
    "text_converter",
    "typed_texts",
    "value_error",
]

Converter = Callable[[Any], Any]
"""Turns one non-null encoded value into its Python value."""

DECODE_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError, RecursionError)
"""What a converter raises on a malformed or out-of-range value."""

_UTC = timezone.utc

_BOOLEANS: dict[object, bool | None] = {
    "true": True,
    "false": False,
    "TRUE": True,
    "FALSE": False,
    True: True,
    False: False,
    None: None,
}

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?"
    r"(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?",
    re.ASCII,
)

if sys.version_info >= (3, 11):
    _fromisoformat = datetime.fromisoformat
else:

    def _fromisoformat(text: str) -> datetime:
        """Python 3.10's ``fromisoformat`` does not know ``Z``."""
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        return datetime.fromisoformat(text)


def _parse_datetime(text: str) -> datetime:
    """Parse what ``fromisoformat`` may reject: any fraction length, ``+hhmm``, ``Z``."""
    try:
        return _fromisoformat(text)
    except ValueError:
        pass
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        raise ValueError("not an ISO-8601 timestamp")
    year, month, day, hour, minute, second, fraction, zulu, sign, hours, minutes = match.groups()
    tz = None
    if zulu:
        tz = _UTC
    elif sign:
        offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
        tz = timezone(-offset if sign == "-" else offset)
    micros = int(fraction[:6].ljust(6, "0")) if fraction else 0
    return datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micros, tz
    )


def parse_timestamp(text: str) -> datetime:
    """Parse a ``TIMESTAMP`` into an aware ``datetime`` in UTC; a value without a zone is UTC."""
    value = _parse_datetime(text)
    tz = value.tzinfo
    if tz is _UTC:
        return value
    if tz is None:
        return value.replace(tzinfo=_UTC)
    return value.astimezone(_UTC)


def parse_timestamp_ntz(text: str) -> datetime:
    """Parse a ``TIMESTAMP_NTZ`` into a naive ``datetime``."""
    value = _parse_datetime(text)
    return value if value.tzinfo is None else value.replace(tzinfo=None)


if sys.version_info >= (3, 11):

    def decode_base64(text: str) -> bytes:
        """Decode standard base64, rejecting characters outside its alphabet."""
        return binascii.a2b_base64(text, strict_mode=True)

else:

    def decode_base64(text: str) -> bytes:
        """Decode standard base64, rejecting characters outside its alphabet."""
        return base64.b64decode(text, validate=True)


_SCALARS: dict[str, Converter] = {
    "BYTE": int,
    "SHORT": int,
    "INT": int,
    "LONG": int,
    "DECIMAL": Decimal,
    "FLOAT": float,
    "DOUBLE": float,
    "BOOLEAN": _BOOLEANS.__getitem__,
    "DATE": date.fromisoformat,
    "TIMESTAMP": parse_timestamp,
    "TIMESTAMP_NTZ": parse_timestamp_ntz,
    "BINARY": decode_base64,
}


def _convert_array(element: Converter, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {type(value).__name__}")
    return [None if item is None else element(item) for item in value]


def _convert_map(key: Converter | None, element: Converter | None, value: Any) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    if key is None:
        if element is None:
            return value
        return {k: None if v is None else element(v) for k, v in value.items()}
    if element is None:
        return {key(k): v for k, v in value.items()}
    return {key(k): None if v is None else element(v) for k, v in value.items()}


def _convert_struct(
    names: tuple[str, ...], fields: dict[str, Converter], value: Any
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    decoded: dict[str, Any] = dict.fromkeys(names)
    for name, item in value.items():
        convert = fields.get(name)
        decoded[name] = item if convert is None or item is None else convert(item)
    return decoded


def nested_converter(data_type: DataType, leaves: Mapping[str, Converter]) -> Converter | None:
    """Return the converter of a Python value of ``data_type`` (lists and dicts when nested)
    that applies ``leaves[type_name]`` to each leaf, or ``None`` when nothing needs converting."""
    children = [nested_converter(child, leaves) for _, child in data_type.fields]
    if data_type.name == "ARRAY" and children:
        return None if children[0] is None else partial(_convert_array, children[0])
    if data_type.name == "MAP" and children:
        if children[0] is None and children[1] is None:
            return None
        return partial(_convert_map, children[0], children[1])
    if data_type.name == "STRUCT" and children:
        names = tuple(name for name, _ in data_type.fields)
        converters = {
            name: child for name, child in zip(names, children, strict=True) if child is not None
        }
        return partial(_convert_struct, names, converters)
    return leaves.get(data_type.name)


def _json_text_converter(data_type: DataType) -> Converter:
    """Return the converter of JSON text; floats parse as ``Decimal`` when a decimal is nested."""
    decoder = json.JSONDecoder(parse_float=Decimal if data_type.contains("DECIMAL") else float)
    loads = decoder.decode
    scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]
    convert = nested_converter(data_type, _SCALARS) or _keep

    def decode(text: str) -> Any:
        # The C scanner alone is much faster than ``decode``; ``decode`` handles the rest
        # (surrounding whitespace) and raises the error for invalid JSON.
        try:
            value, end = scan(text, 0)
        except StopIteration:
            end = -1
        if end != len(text):
            value = loads(text)
        return convert(value)

    return decode


def _keep(value: Any) -> Any:
    return value


def text_converter(data_type: DataType) -> Converter | None:
    """Return the converter of one encoded value of ``data_type``, or ``None`` to keep text."""
    if data_type.name in ("ARRAY", "MAP", "STRUCT"):
        return _json_text_converter(data_type)
    return _SCALARS.get(data_type.name)


def value_error(column: Column, value: object, row: int, error: BaseException) -> DecodeError:
    """Build the error raised for a value that does not decode."""
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return DecodeError(
        f"cannot decode {shown} as {column.sql_type} in column {column.name!r} at row {row}: "
        f"{error}"
    )


class ColumnDecoder:
    """Decodes the values of one column with a converter compiled once."""

    __slots__ = ("column", "convert")

    def __init__(self, column: Column) -> None:
        self.column = column
        self.convert = text_converter(column.data_type)

    def decode(self, values: Sequence[Any], row_offset: int = 0) -> Sequence[Any]:
        """Decode one column's encoded values; ``row_offset`` numbers rows in error messages."""
        convert = self.convert
        if convert is None:
            return values
        try:
            if None in values:
                return [None if value is None else convert(value) for value in values]
            return list(map(convert, values))
        except DECODE_ERRORS:
            return self._decode_each(values, row_offset)

    def _decode_each(self, values: Sequence[Any], row_offset: int) -> list[Any]:
        """Decode value by value, raising a ``DecodeError`` that names the row."""
        convert = self.convert
        assert convert is not None
        decoded = []
        for index, value in enumerate(values):
            try:
                decoded.append(None if value is None else convert(value))
            except DECODE_ERRORS as error:
                raise value_error(self.column, value, row_offset + index, error) from error
        return decoded


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while decoding.

    Decoding allocates many containers (row tuples, nested lists and dicts) and none of them is
    cyclic garbage, yet each few hundred allocations trigger a collection and some of those scan
    the whole heap; pausing avoids that work. The collector is left as it was found.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_ROW_TYPES = frozenset({list, tuple})
_TEXT_TYPES = frozenset({str, type(None)})


def text_columns(
    rows: Sequence[Sequence[Any]], columns: Sequence[Column], row_offset: int = 0
) -> list[Sequence[str | None]]:
    """Check rows of encoded values (arrays of one text or null per column) and return them
    column by column.

    Raises:
        DecodeError: A row is not an array, has the wrong width, or holds a value that is
            neither text nor null.
    """
    if not _ROW_TYPES.issuperset(map(type, rows)):
        index = next(i for i, row in enumerate(rows) if type(row) not in _ROW_TYPES)
        raise DecodeError(f"row {row_offset + index} is not an array of values")
    width = len(columns)
    lengths = set(map(len, rows))
    if lengths and lengths != {width}:
        index = next(i for i, row in enumerate(rows) if len(row) != width)
        raise DecodeError(
            f"row {row_offset + index} has {len(rows[index])} values "
            f"but the result has {width} columns"
        )
    if not rows:
        return [() for _ in columns]
    transposed: list[Sequence[str | None]] = list(zip(*rows, strict=True))
    for column, values in zip(columns, transposed, strict=True):
        if not _TEXT_TYPES.issuperset(map(type, values)):
            index, value = next((i, v) for i, v in enumerate(values) if type(v) not in _TEXT_TYPES)
            raise DecodeError(
                f"value at row {row_offset + index} in column {column.name!r} is a "
                f"{type(value).__name__}, not text"
            )
    return transposed


def decode_columns(
    texts: Sequence[Sequence[str | None]],
    decoders: Sequence[ColumnDecoder],
    row_count: int,
    row_offset: int = 0,
) -> list[tuple[Any, ...]]:
    """Decode checked text columns (from ``text_columns``) into rows of Python values."""
    if not row_count or not decoders:
        return [()] * row_count
    with gc_paused():
        columns = [
            decoder.decode(values, row_offset)
            for decoder, values in zip(decoders, texts, strict=True)
        ]
        return list(zip(*columns, strict=True))


def decode_text_rows(
    rows: Sequence[Sequence[str | None]],
    decoders: Sequence[ColumnDecoder],
    row_offset: int = 0,
) -> list[tuple[Any, ...]]:
    """Decode rows of encoded text values (``data_array``, JSON and CSV chunks) column-wise."""
    texts = text_columns(rows, [decoder.column for decoder in decoders], row_offset)
    return decode_columns(texts, decoders, len(rows), row_offset)


def typed_texts(rows: Sequence[TypedRow]) -> list[list[str | None]]:
    """Unwrap ``data_typed_array`` rows (values ``{"str": ...}``, or ``{}`` for null) into rows
    of text values.

    Raises:
        DecodeError: A row or value is not shaped that way.
    """
    try:
        # Row by row: the cells of a row sit together in memory, a column's do not.
        return [[cell.get("str") for cell in row.get("values") or ()] for row in rows]
    except (AttributeError, TypeError) as error:
        raise DecodeError(f"malformed data_typed_array: {error}") from error


def decode_typed_rows(
    rows: Sequence[TypedRow],
    decoders: Sequence[ColumnDecoder],
    row_offset: int = 0,
) -> list[tuple[Any, ...]]:
    """Decode ``data_typed_array`` rows, whose values are ``{"str": ...}`` or ``{}`` for null."""
    with gc_paused():
        texts = typed_texts(rows)
    return decode_text_rows(texts, decoders, row_offset)
