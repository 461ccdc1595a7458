"""The service's rules for a Genie Agent definition, applied to the JSON a client sent.

The service returns a definition exactly as submitted and refuses, with
``INVALID_PARAMETER_VALUE``, one it would store differently: unknown fields or enum values,
empty strings, ids that are not 32 lowercase hex or not unique, more than one text instruction
or benchmark answer, lists out of their sorted order, a column config for an unknown column.
This module is written apart from the SDK's own checks, so each tests the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError

__all__ = ["check_definition"]

_ID = re.compile(r"[0-9a-f]{32}")
_RELATIONSHIPS = frozenset(
    f"GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_{kind}"
    for kind in ("MANY_TO_MANY", "MANY_TO_ONE", "ONE_TO_MANY", "ONE_TO_ONE")
)
_FORMATS = frozenset({"GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL"})


@dataclass(frozen=True)
class _Field:
    """One field of an object: its JSON type, whether required, and the object kind it holds."""

    kind: str  # "text", "bool", "object", "list", "texts" (a list of strings), "enum"
    required: bool = False
    holds: str | None = None
    values: frozenset[str] = frozenset()


def _text(required: bool = False) -> _Field:
    return _Field("text", required)


_SNIPPET = {
    "id": _text(True),
    "sql": _text(True),
    "display_name": _text(),
    "instruction": _text(),
    "synonyms": _Field("texts"),
}
_SCHEMA: dict[str, dict[str, _Field]] = {
    "definition": {
        "config": _Field("object", holds="config"),
        "data_sources": _Field("object", holds="data_sources"),
        "instructions": _Field("object", holds="instructions"),
        "benchmarks": _Field("object", holds="benchmarks"),
    },
    "config": {"sample_questions": _Field("list", holds="sample_question")},
    "sample_question": {"id": _text(True), "question": _text(True)},
    "data_sources": {
        "tables": _Field("list", holds="table"),
        "volumes": _Field("list", holds="volume"),
        "mcp_connections": _Field("list", holds="mcp_connection"),
    },
    "table": {
        "identifier": _text(True),
        "description": _text(),
        "column_configs": _Field("list", holds="column_config"),
    },
    "column_config": {
        "column": _text(True),
        "description": _text(),
        "display_name": _text(),
        "synonyms": _Field("texts"),
        "exclude": _Field("bool"),
        "enable_entity_matching": _Field("bool"),
        "enable_format_assistance": _Field("bool"),
    },
    "volume": {"path": _text(True), "description": _text()},
    "mcp_connection": {"mcp_connection": _text(True)},
    "instructions": {
        "text_instructions": _Field("list", holds="text_instruction"),
        "example_question_sqls": _Field("list", holds="example"),
        "sql_functions": _Field("list", holds="sql_function"),
        "join_specs": _Field("list", holds="join_spec"),
        "sql_snippets": _Field("object", holds="sql_snippets"),
    },
    "text_instruction": {"id": _text(True), "content": _text(True)},
    "example": {
        "id": _text(True),
        "question": _text(True),
        "sql": _text(True),
        "usage_guidance": _text(),
        "parameters": _Field("list", holds="parameter"),
    },
    "parameter": {
        "name": _text(True),
        "type_hint": _text(),
        "description": _text(),
        "default_value": _Field("object", holds="default_value"),
    },
    "default_value": {
        "values": _Field("texts"),
        "value_range": _Field("object", holds="value_range"),
    },
    "value_range": {"min": _text(), "max": _text()},
    "sql_function": {"id": _text(True), "identifier": _text(True)},
    "join_spec": {
        "id": _text(True),
        "left": _Field("object", True, "join_source"),
        "right": _Field("object", True, "join_source"),
        "sql": _text(True),
        "comment": _text(),
        "instruction": _text(),
        "relationship_type": _Field("enum", values=_RELATIONSHIPS),
    },
    "join_source": {"identifier": _text(True), "alias": _text()},
    "sql_snippets": {
        "expressions": _Field("list", holds="expression"),
        "filters": _Field("list", holds="filter"),
        "measures": _Field("list", holds="measure"),
    },
    "expression": {**_SNIPPET, "alias": _text()},
    "filter": _SNIPPET,
    "measure": {**_SNIPPET, "alias": _text()},
    "benchmarks": {"questions": _Field("list", holds="benchmark_question")},
    "benchmark_question": {
        "id": _text(True),
        "question": _text(True),
        "evaluation_note": _text(),
        "answer": _Field("list", holds="benchmark_answer"),
    },
    "benchmark_answer": {
        "format": _Field("enum", True, values=_FORMATS),
        "content": _text(True),
    },
}
_KINDS_WITH_IDS = frozenset(
    kind for kind, fields in _SCHEMA.items() if "id" in fields and fields["id"].required
)


def _invalid(path: str, problem: str) -> SimulatedApiError:
    return SimulatedApiError.invalid(f"Invalid definition: {path} {problem}.")


def _check_object(value: Any, kind: str, path: str, ids: dict[str, str]) -> None:
    if not isinstance(value, dict):
        raise _invalid(path, "must be an object")
    fields = _SCHEMA[kind]
    for name in value:
        if name not in fields:
            raise _invalid(f"{path}.{name}", "is not a known field")
    for name, field in fields.items():
        item = value.get(name)
        where = f"{path}.{name}"
        if item is None:
            if field.required:
                raise _invalid(where, "is required")
            continue
        _check_field(item, field, where, ids)
    if kind in _KINDS_WITH_IDS:
        identifier = value["id"]
        if not _ID.fullmatch(identifier):
            raise _invalid(f"{path}.id", "must be 32 lowercase hexadecimal characters")
        if identifier in ids:
            raise _invalid(f"{path}.id", f"repeats the id of {ids[identifier]}")
        ids[identifier] = path


def _check_field(item: Any, field: _Field, where: str, ids: dict[str, str]) -> None:
    if field.kind in ("text", "enum"):
        if not isinstance(item, str):
            raise _invalid(where, "must be a string")
        if not item:
            raise _invalid(where, "must not be empty (the service would not store it)")
        if field.kind == "enum" and item not in field.values:
            raise _invalid(where, f"has an unknown value {item!r}")
    elif field.kind == "bool":
        if not isinstance(item, bool):
            raise _invalid(where, "must be a boolean")
    elif field.kind == "texts":
        if not isinstance(item, list) or not all(isinstance(t, str) and t for t in item):
            raise _invalid(where, "must be a list of non-empty strings")
    elif field.kind == "object":
        assert field.holds is not None
        _check_object(item, field.holds, where, ids)
    else:
        assert field.holds is not None
        if not isinstance(item, list):
            raise _invalid(where, "must be a list")
        for index, entry in enumerate(item):
            _check_object(entry, field.holds, f"{where}[{index}]", ids)


def _sorted_by(items: list[dict[str, Any]], key: str, path: str, *, descending: bool) -> None:
    keys = [item[key] for item in items]
    wanted = sorted(keys, reverse=descending)
    if keys != wanted or len(set(keys)) != len(keys):
        order = "descending" if descending else "ascending"
        raise _invalid(path, f"must be sorted by {key} in {order} order, without repeats")


def check_definition(
    definition: Any, columns_of: Callable[[str], frozenset[str] | None]
) -> dict[str, Any]:
    """Return ``definition`` if the service would store it as sent; 400 otherwise.

    ``columns_of`` gives the columns of a table the workspace knows (``None``: unknown table,
    whose column configs are not checked).
    """
    if definition is None:
        raise SimulatedApiError.invalid("Field 'definition' is required.")
    _check_object(definition, "definition", "definition", {})
    if all(value is None for value in definition.values()):
        raise _invalid("definition", "must set at least one field")
    config = definition.get("config") or {}
    _sorted_by(
        config.get("sample_questions") or [], "id", "config.sample_questions", descending=False
    )
    sources = definition.get("data_sources") or {}
    for index, table in enumerate(sources.get("tables") or []):
        configs = table.get("column_configs") or []
        path = f"data_sources.tables[{index}].column_configs"
        _sorted_by(configs, "column", path, descending=False)
        known = columns_of(table["identifier"])
        for config_index, column in enumerate(configs):
            if known is not None and column["column"] not in known:
                raise _invalid(f"{path}[{config_index}].column", "names no column of the table")
    connections = sources.get("mcp_connections") or []
    _sorted_by(connections, "mcp_connection", "data_sources.mcp_connections", descending=False)
    instructions = definition.get("instructions") or {}
    if len(instructions.get("text_instructions") or []) > 1:
        raise _invalid("instructions.text_instructions", "holds more than one text instruction")
    questions = (definition.get("benchmarks") or {}).get("questions") or []
    _sorted_by(questions, "id", "benchmarks.questions", descending=True)
    for index, question in enumerate(questions):
        if len(question.get("answer") or []) > 1:
            raise _invalid(f"benchmarks.questions[{index}].answer", "holds more than one answer")
    checked: dict[str, Any] = definition
    return checked
