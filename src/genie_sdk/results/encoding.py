"""Encode Python values back into the server's text encoding (CSV files, markdown, JSON text)."""

from __future__ import annotations

import base64
import json
import math
from datetime import date
from typing import Any

__all__ = ["encode_json", "encode_value"]


def encode_value(value: object) -> str | None:
    """Encode one decoded value as the server would send it; ``None`` stays ``None``.

    Booleans become ``true``/``false``, non-finite floats ``NaN``/``Infinity``/``-Infinity``,
    dates and datetimes ISO-8601, bytes base64, lists and dicts JSON text.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value):
            return repr(value)
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (list, tuple, dict)):
        return encode_json(value)
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
