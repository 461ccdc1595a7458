"""Encode Python values back into the server's text encoding (CSV files, markdown, JSON text)."""

from __future__ import annotations

import base64
import json
import math
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["encode_json", "encode_value"]

_PLAIN_EXPONENTS = range(-100, 101)
"""Decimal exponents written in plain notation: all of SQL's (at most 38 digits, 76 in Arrow);
a value beyond them stays in scientific notation rather than growing to any length."""


def encode_value(value: object) -> str | None:
    """Encode one decoded value as the server would send it; ``None`` stays ``None``.

    Booleans become ``true``/``false``, non-finite floats ``NaN``/``Infinity``/``-Infinity``,
    decimals plain with every digit (``0.000000123456``, never ``1.23456E-7``), dates and
    datetimes ISO-8601, bytes base64, lists and dicts JSON text.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value):
            return repr(value)
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (list, tuple, dict)):
        return encode_json(value)
    return str(value)


def _plain(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent in _PLAIN_EXPONENTS:
        return format(value, "f")
    return str(value)


def encode_json(value: object) -> str:
    """Encode a nested value as compact JSON text; non-JSON leaves are encoded as strings."""
    return json.dumps(_jsonable(value), separators=(",", ":"), ensure_ascii=False)


def _jsonable(value: object) -> Any:
    if isinstance(value, dict):
        return {_key(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return encode_value(value)


def _key(key: object) -> object:
    return key if isinstance(key, (str, int, float)) or key is None else encode_value(key)
