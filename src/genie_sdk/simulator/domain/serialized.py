"""``serialized_space``: the export format's rules, checked as the service checks them.

Version 1 or 2; text as arrays of strings; tables sorted by ``identifier``, column configs by
``column_name``, every list of items with ids by ``id``; ids 32 lowercase hex characters,
unique in the space; at most one text instruction; benchmark answers in ``SQL`` format; every
table must exist. The service stores what it accepts unchanged (no re-sorting).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.state import Benchmark

__all__ = ["check_serialized", "defined_benchmarks"]

_ID = re.compile(r"^[0-9a-f]{32}$")
_TEXT_FIELDS = frozenset(
    {"question", "sql", "content", "description", "usage_guidance", "comment", "instruction"}
)
_ID_LISTS = (
    ("config", "sample_questions"),
    ("instructions", "text_instructions"),
    ("instructions", "example_question_sqls"),
    ("instructions", "sql_functions"),
    ("instructions", "join_specs"),
    ("instructions", "sql_snippets", "expressions"),
    ("instructions", "sql_snippets", "filters"),
    ("instructions", "sql_snippets", "measures"),
    ("benchmarks", "questions"),
)


def _invalid(message: str) -> SimulatedApiError:
    return SimulatedApiError.invalid(f"Invalid serialized_space: {message}")


def _at(data: dict[str, Any], path: tuple[str, ...]) -> list[Any]:
    node: Any = data
    for key in path:
        if not isinstance(node, dict):
            return []
        node = node.get(key)
    if node is None:
        return []
    if not isinstance(node, list):
        raise _invalid(f"{'.'.join(path)} must be a list.")
    return node


def _check_texts(node: Any, where: str) -> None:
    """Text fields must be lists of strings (``sql_functions[].description`` is a string)."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else key
            if key in _TEXT_FIELDS and not where.endswith("sql_functions[]"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise _invalid(f"{here} must be a list of strings.")
            else:
                _check_texts(value, here)
    elif isinstance(node, list):
        for item in node:
            _check_texts(item, f"{where}[]")


def _check_sorted(items: list[Any], key: str, where: str) -> None:
    values = [item.get(key) if isinstance(item, dict) else None for item in items]
    texts = [v for v in values if isinstance(v, str) and v]
    if len(texts) != len(values):
        raise _invalid(f"every item of {where} needs a non-empty {key}.")
    if texts != sorted(texts):
        raise _invalid(f"{where} must be sorted by {key}.")


def check_serialized(value: str, has_table: Callable[[str], bool]) -> dict[str, Any]:
    """The parsed definition; 400 ``INVALID_PARAMETER_VALUE`` for anything the service refuses."""
    try:
        data = json.loads(value)
    except ValueError as exc:
        raise _invalid("it must be a JSON document.") from exc
    if not isinstance(data, dict):
        raise _invalid("it must be a JSON object.")
    if data.get("version") not in (1, 2):
        raise _invalid("version must be 1 or 2.")
    _check_texts({k: v for k, v in data.items() if k != "version"}, "")
    tables = _at(data, ("data_sources", "tables"))
    _check_sorted(tables, "identifier", "data_sources.tables")
    for table in tables:
        if not has_table(table["identifier"]):
            raise _invalid(f"table {table['identifier']} does not exist or is not accessible.")
        columns = table.get("column_configs") or []
        _check_sorted(columns, "column_name", f"column_configs of {table['identifier']}")
    seen: set[str] = set()
    for path in _ID_LISTS:
        items = _at(data, path)
        where = ".".join(path)
        _check_sorted(items, "id", where)
        for item in items:
            if not _ID.match(item["id"]):
                raise _invalid(f"id {item['id']!r} in {where} is not 32 lowercase hex characters.")
            if item["id"] in seen:
                raise _invalid(f"id {item['id']} is used twice.")
            seen.add(item["id"])
    if len(_at(data, ("instructions", "text_instructions"))) > 1:
        raise _invalid("a space holds at most one text instruction.")
    for question in _at(data, ("benchmarks", "questions")):
        for answer in question.get("answer") or []:
            if not isinstance(answer, dict) or answer.get("format") != "SQL":
                raise _invalid(f"benchmark {question['id']} has an answer not in SQL format.")
    return data


def defined_benchmarks(data: dict[str, Any]) -> list[Benchmark]:
    """The benchmark questions of a definition (checked by `check_serialized`)."""
    found = []
    for question in _at(data, ("benchmarks", "questions")):
        answers = [a for a in question.get("answer") or [] if a.get("format") == "SQL"]
        sql = "".join(answers[0].get("content") or []) if answers else None
        found.append(Benchmark(question["id"], "".join(question.get("question") or []), sql))
    return found
