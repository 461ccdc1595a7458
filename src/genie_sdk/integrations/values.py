"""Result values as JSON that keeps them exact: what tools hand to models and agent frameworks."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pydantic import JsonValue

from genie_sdk.results.encoding import encode_value

__all__ = ["SAFE_INTEGER", "JsonValue", "json_value"]

SAFE_INTEGER = 2**53 - 1
"""Largest integer a JSON reader that parses numbers as doubles (JavaScript) keeps exact."""


def json_value(value: Any) -> JsonValue:
    """Return ``value`` as JSON that keeps it exact.

    Decimals become strings with every digit (``"333600000.00"``, never ``3.336E8``), dates and
    timestamps ISO 8601 strings, integers beyond ±2**53 strings, non-finite floats ``"NaN"``,
    ``"Infinity"`` or ``"-Infinity"``, bytes base64 strings; lists and maps are converted
    element by element, map keys become strings.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -SAFE_INTEGER <= value <= SAFE_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else encode_value(value)
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {_key(key): json_value(item) for key, item in value.items()}
    if isinstance(value, (Decimal, date, datetime, time, timedelta, bytes, bytearray, memoryview)):
        return encode_value(value)
    return str(value)


def _key(key: object) -> str:
    return key if isinstance(key, str) else (encode_value(key) or "null")
