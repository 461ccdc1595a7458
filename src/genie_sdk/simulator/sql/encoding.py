"""Values encoded as the Databricks Statement Execution API sends them: strings or null."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import math
import struct
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from genie_sdk.simulator.sql.types import SqlType

__all__ = [
    "format_double",
    "format_float",
    "format_timestamp",
    "row_encoder",
    "typed_rows",
    "value_encoder",
]

_NESTED = {"ARRAY", "MAP", "STRUCT"}


def value_encoder(sql_type: SqlType) -> Callable[[Any], str]:
    """A function encoding non-null values of ``sql_type`` (chosen once per column)."""
    name = sql_type.name
    if name in _NESTED:
        return lambda value: json.dumps(
            _json_value(value, sql_type), separators=(",", ":"), ensure_ascii=False
        )
    if name in ("INT", "LONG", "SHORT", "BYTE", "STRING"):
        return lambda value: value if isinstance(value, str) else str(value)
    if name == "DECIMAL":
        return lambda value: format(value, "f") if isinstance(value, Decimal) else str(value)
    if name == "DATE":
        return lambda value: value.isoformat() if isinstance(value, dt.date) else str(value)
    if name == "TIMESTAMP":
        return lambda value: (
            format_timestamp(value) if isinstance(value, dt.datetime) else str(value)
        )
    return lambda value: _scalar(value, sql_type)


def row_encoder(types: Sequence[SqlType]) -> Callable[[Sequence[object]], list[str | None]]:
    """A function encoding whole rows of these column types."""
    encoders = [value_encoder(sql_type) for sql_type in types]

    def encode(row: Sequence[object]) -> list[str | None]:
        return [
            None if value is None else encoder(value)
            for value, encoder in zip(row, encoders, strict=True)
        ]

    return encode


def typed_rows(rows: Sequence[Sequence[str | None]]) -> list[dict[str, Any]]:
    """Rows in the ``data_typed_array`` shape: ``{"values": [{"str": ...} | {}]}``."""
    return [{"values": [{} if v is None else {"str": v} for v in row]} for row in rows]


def format_timestamp(value: dt.datetime, *, zone: bool = True) -> str:
    """ISO-8601 with ``T``, milli- or microseconds, and ``Z`` when ``zone`` (value is UTC)."""
    micros = value.microsecond
    fraction = f"{micros // 1000:03d}" if micros % 1000 == 0 else f"{micros:06d}"
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{fraction}"
    )
    return text + "Z" if zone else text


def format_double(value: float) -> str:
    """A double as Java's ``Double.toString`` prints it (``1.5``, ``1.0E10``, ``NaN``)."""
    return _java_number(value, repr(value))


def format_float(value: float) -> str:
    """A 32-bit float as Java's ``Float.toString`` prints it (shortest round-trip digits)."""
    if not math.isfinite(value) or value == 0:
        return _java_number(value, repr(value))
    return _finite_float(value)


@functools.lru_cache(maxsize=4096)
def _finite_float(value: float) -> str:
    target = _as_float32(value)
    for digits in range(1, 10):
        text = f"{target:.{digits}g}"
        if _as_float32(float(text)) == target:
            return _java_number(target, text)
    return _java_number(target, repr(target))


def _as_float32(value: float) -> float:
    result: float = struct.unpack("f", struct.pack("f", value))[0]
    return result


def _java_number(value: float, shortest: str) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign = "-" if value < 0 else ""
    exact = Decimal(shortest.lstrip("-"))
    if 1e-3 <= abs(value) < 1e7:
        text = format(exact, "f")
        return sign + (text if "." in text else text + ".0")
    digits = exact.normalize().as_tuple().digits
    exponent = exact.adjusted()
    mantissa = "".join(map(str, digits))
    return f"{sign}{mantissa[0]}.{mantissa[1:] or '0'}E{exponent}"


def _interval(value: dt.timedelta) -> str:
    sign = "-" if value < dt.timedelta(0) else ""
    total = abs(value)
    hours, rest = divmod(total.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{total.days} {hours:02d}:{minutes:02d}:{seconds:02d}.{total.microseconds:06d}000"


def _scalar(value: object, sql_type: SqlType) -> str:
    name = sql_type.name
    if name == "BOOLEAN":
        return "true" if value else "false"
    if name == "DOUBLE" and isinstance(value, float):
        return format_double(value)
    if name == "FLOAT" and isinstance(value, float):
        return format_float(value)
    if name == "DECIMAL" and isinstance(value, Decimal):
        return format(value, "f")
    if name in ("TIMESTAMP", "TIMESTAMP_NTZ") and isinstance(value, dt.datetime):
        return format_timestamp(value, zone=name == "TIMESTAMP")
    if name == "DATE" and isinstance(value, dt.date):
        return value.isoformat()
    if name == "BINARY" and isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if name == "INTERVAL" and isinstance(value, dt.timedelta):
        return _interval(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def _json_value(value: object, sql_type: SqlType) -> Any:
    """A nested value as Spark's JSON rendering has it: numbers stay numbers, NaN a string."""
    if value is None:
        return None
    name = sql_type.name
    if name == "ARRAY" and isinstance(value, (list, tuple)):
        element = sql_type.fields[0][1]
        return [_json_value(item, element) for item in value]
    if name == "MAP" and isinstance(value, dict):
        key_type, value_type = sql_type.fields[0][1], sql_type.fields[1][1]
        return {str(_scalar(k, key_type)): _json_value(v, value_type) for k, v in value.items()}
    if name == "STRUCT" and isinstance(value, dict):
        return {field: _json_value(value.get(field), member) for field, member in sql_type.fields}
    if name == "BOOLEAN":
        return bool(value)
    if name in ("INT", "LONG", "SHORT", "BYTE") and isinstance(value, int):
        return value
    if name in ("DOUBLE", "FLOAT", "DECIMAL") and isinstance(value, (int, float, Decimal)):
        number = float(value)
        return number if math.isfinite(number) else _scalar(float(value), sql_type)
    return _scalar(value, sql_type)
