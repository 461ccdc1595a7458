"""Between a space's ``serialized_space`` JSON and an agent definition's JSON, both ways.

The two carry the same tree in different shapes: the space export holds text as arrays of lines
(``"sql": ["SELECT\\n", "FROM t"]``), names a column ``column_name``, spells the benchmark format
``SQL``, keeps metric views apart from tables, carries a ``version`` and sorts tables, columns
and every list with ids. Keys neither side names here pass through unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["SPACE_VERSION", "definition_data", "space_data"]

SPACE_VERSION = 2
"""The ``serialized_space`` version written."""

_TEXT_KEYS = frozenset(
    {
        "question",
        "sql",
        "content",
        "description",
        "usage_guidance",
        "comment",
        "instruction",
        "evaluation_note",
    }
)
"""Keys whose value is one string in a definition and an array of lines in a space export."""
_FORMAT_PREFIX = "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_"
_V1_COLUMN_FLAGS = {
    "get_example_values": "enable_format_assistance",
    "build_value_dictionary": "enable_entity_matching",
}
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def definition_data(text: str) -> dict[str, Any]:
    """The definition JSON of the space export ``text``.

    Raises:
        ValueError: ``text`` is not a JSON object.
    """
    if not isinstance(text, str):
        raise ValueError(f"serialized_space must be a string, got {type(text).__name__}")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("serialized_space is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValueError("serialized_space must be a JSON object")
    data.pop("version", None)
    sources = data.get("data_sources")
    if isinstance(sources, dict) and isinstance(sources.get("metric_views"), list):
        tables = sources.get("tables")
        sources["tables"] = (tables if isinstance(tables, list) else []) + sources.pop(
            "metric_views"
        )
    converted: dict[str, Any] = _to_definition(data, None)
    return converted


def _to_definition(value: Any, key: str | None) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, item in value.items():
            out[_definition_key(name, value)] = _to_definition(item, name)
        if key == "answer" and isinstance(out.get("format"), str):
            out["format"] = _FORMAT_PREFIX + out["format"].removeprefix(_FORMAT_PREFIX)
        return out
    if isinstance(value, list):
        if key in _TEXT_KEYS and all(isinstance(line, str) for line in value):
            return "".join(value)
        return [_to_definition(item, key) for item in value]
    return value


def _definition_key(name: str, holder: dict[str, Any]) -> str:
    if name == "column_name" and "column" not in holder:
        return "column"
    renamed = _V1_COLUMN_FLAGS.get(name)
    if renamed and "column_name" in holder and renamed not in holder:
        return renamed
    return name


def space_data(definition: dict[str, Any]) -> str:
    """The space export (version 2) of the definition JSON ``definition``."""
    converted = _to_space(definition, None)
    return json.dumps({"version": SPACE_VERSION, **converted})


def _to_space(value: Any, key: str | None) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, item in value.items():
            renamed = "column_name" if name == "column" and "column_name" not in value else name
            out[renamed] = _to_space(item, name)
        if key == "answer" and isinstance(out.get("format"), str):
            out["format"] = out["format"].removeprefix(_FORMAT_PREFIX)
        return out
    if isinstance(value, list):
        items = [_to_space(item, key) for item in value]
        return _space_order(key, items)
    if key in _TEXT_KEYS and isinstance(value, str):
        return _LINE.findall(value) or [value]
    return value


def _space_order(key: str | None, items: list[Any]) -> list[Any]:
    """Tables by identifier, columns by name, and every list of entries with ids by id."""
    by = {"tables": "identifier", "column_configs": "column_name"}.get(key or "", "id")
    if items and all(isinstance(item, dict) and isinstance(item.get(by), str) for item in items):
        return sorted(items, key=lambda item: item[by])
    return items
