"""The rules the Genie Agents service holds a definition to, checked before it is sent.

The service returns a definition exactly as submitted and refuses one it would store
differently; these are the rules its documentation states.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from genie_sdk.models._base import OpenEnum, unicode_problem

__all__ = ["ID_PATTERN", "definition_problems", "sorted_definition"]

ID_PATTERN = re.compile(r"[0-9a-f]{32}")
"""Every id in a definition: 32 lowercase hex characters."""


def definition_problems(definition: BaseModel) -> list[str]:
    """Each rule the definition model ``definition`` breaks, as ``path: what is wrong``."""
    problems = list(_shape_problems(definition, "definition"))
    try:
        data = definition.model_dump(mode="json", exclude_defaults=True)
    except ValueError as error:  # pydantic cannot serialize a value put in by hand
        return [*problems, f"definition: holds a value that is not JSON data ({error})"]
    if not data:
        problems.append(
            "definition: set at least one of config, data_sources, instructions, benchmarks"
        )
    problems.extend(_id_problems(data))
    problems.extend(_order_problems(data))
    return problems


def _shape_problems(value: Any, path: str) -> Iterator[str]:
    """Empty strings, invalid text, fields and enum values this SDK does not know."""
    if isinstance(value, BaseModel):
        for name in value.model_extra or {}:
            yield f"{path}.{name}: not a field of {type(value).__name__}"
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            yield from _enum_problems(item, field.annotation, f"{path}.{name}")
            yield from _shape_problems(item, f"{path}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _shape_problems(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if not value:
            yield f"{path}: must not be an empty string (leave the field out instead)"
        else:
            try:
                unicode_problem(path, value)
            except ValueError as error:
                yield str(error)


def _enum_problems(value: Any, annotation: Any, path: str) -> Iterator[str]:
    enum = _open_enum(annotation)
    if enum is not None and isinstance(value, str) and not isinstance(value, OpenEnum):
        known = ", ".join(member.value for member in enum)
        yield f"{path}: {value!r} is not one of {known}"


def _open_enum(annotation: Any) -> type[OpenEnum] | None:
    """The `OpenEnum` an ``Open[...]`` annotation (maybe optional) accepts, if any."""
    if isinstance(annotation, type) and issubclass(annotation, OpenEnum):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _open_enum(arg)
        if found is not None:
            return found
    return None


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


def _at(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        data = data.get(key) or {}
    return data


def _entries(data: dict[str, Any], *keys: str) -> list[dict[str, Any]]:
    found = _at(data, *keys)
    return found if isinstance(found, list) else []


def _id_problems(data: dict[str, Any]) -> Iterator[str]:
    first_seen: dict[str, str] = {}
    for keys in _ID_LISTS:
        for index, entry in enumerate(_entries(data, *keys)):
            where = f"{'.'.join(keys)}[{index}]"
            value = entry["id"]
            if not ID_PATTERN.fullmatch(value):
                yield f"definition.{where}.id: must be 32 lowercase hex, got {_shown(value)}"
            elif value in first_seen:
                yield f"definition.{where}.id: {value} is already the id of {first_seen[value]}"
            else:
                first_seen[value] = where


def _order_problems(data: dict[str, Any]) -> Iterator[str]:
    texts = _entries(data, "instructions", "text_instructions")
    if len(texts) > 1:
        yield (
            "definition.instructions.text_instructions: at most one text instruction, got "
            f"{len(texts)} (join them into one)"
        )
    ids = [entry["id"] for entry in _entries(data, "config", "sample_questions")]
    yield from _unsorted("definition.config.sample_questions", "id", ids, descending=False)
    for index, table in enumerate(_entries(data, "data_sources", "tables")):
        columns = [config["column"] for config in table.get("column_configs", [])]
        path = f"definition.data_sources.tables[{index}].column_configs"
        yield from _unsorted(path, "column", columns, descending=False, unique=True)
    names = [entry["mcp_connection"] for entry in _entries(data, "data_sources", "mcp_connections")]
    path = "definition.data_sources.mcp_connections"
    yield from _unsorted(path, "mcp_connection", names, descending=False, unique=True)
    questions = _entries(data, "benchmarks", "questions")
    ids = [question["id"] for question in questions]
    yield from _unsorted("definition.benchmarks.questions", "id", ids, descending=True)
    for index, question in enumerate(questions):
        answers = question.get("answer", [])
        if len(answers) > 1:
            yield (
                f"definition.benchmarks.questions[{index}].answer: at most one answer, got "
                f"{len(answers)}"
            )


def _unsorted(
    path: str, key: str, values: list[str], *, descending: bool, unique: bool = False
) -> Iterator[str]:
    for index in range(1, len(values)):
        before, value = values[index - 1], values[index]
        if unique and before == value:
            yield f"{path}[{index}].{key}: {_shown(value)} appears twice"
        elif (value > before) if descending else (value < before):
            order = "descending" if descending else "ascending"
            yield (
                f"{path}: must be sorted by {key} in {order} order; {_shown(value)} comes after "
                f"{_shown(before)} (definition.sorted() fixes the order)"
            )
            return


def _shown(value: str) -> str:
    text = ascii(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _sorted_list(data: dict[str, Any], key: str, by: str, *, descending: bool = False) -> None:
    items = data.get(key)
    if isinstance(items, list) and all(
        isinstance(item, dict) and isinstance(item.get(by), str) for item in items
    ):
        data[key] = sorted(items, key=lambda item: item[by], reverse=descending)


def sorted_definition(data: dict[str, Any]) -> dict[str, Any]:
    """The definition's JSON ``data`` with the lists the service keeps sorted in its order.

    Lists whose entries lack the key they sort by are left as they are (the checks name them).
    """
    config = data.get("config")
    if isinstance(config, dict):
        _sorted_list(config, "sample_questions", "id")
    sources = data.get("data_sources")
    if isinstance(sources, dict):
        for table in sources.get("tables") or []:
            if isinstance(table, dict):
                _sorted_list(table, "column_configs", "column")
        _sorted_list(sources, "mcp_connections", "mcp_connection")
    benchmarks = data.get("benchmarks")
    if isinstance(benchmarks, dict):
        _sorted_list(benchmarks, "questions", "id", descending=True)
    return data
