"""Reading definitions: a dashboard's datasets and widgets, a space's tables, and SQL lineage.

Pure functions over the JSON strings the service sends (``serialized_dashboard``,
``serialized_space``, an agent's ``definition``); nothing here does I/O. A definition that does not
parse yields what could be read, never an exception: one broken object must not stop a crawl.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

__all__ = [
    "MAX_SQL_CHARS",
    "ColumnDoc",
    "DatasetDoc",
    "Definition",
    "WidgetDoc",
    "parse_agent",
    "parse_dashboard",
    "parse_space",
    "tables_read",
]


MAX_SQL_CHARS = 100_000
"""Longest SQL text parsed for lineage: parsing costs some 35 µs per character, and one object
must not hold up a crawl (a real dataset's SQL is a few kilobytes)."""


@dataclass(frozen=True)
class DatasetDoc:
    """A dashboard dataset: its SQL, its parameters and the tables the SQL reads."""

    name: str
    display_name: str | None
    sql: str
    parameters: tuple[str, ...]
    tables: tuple[str, ...]


@dataclass(frozen=True)
class WidgetDoc:
    """A widget on a dashboard page."""

    page: str
    name: str
    widget_type: str | None
    title: str | None
    dataset: str | None


@dataclass(frozen=True)
class ColumnDoc:
    """A column a space (or agent) documents: description and synonyms."""

    table: str
    column: str
    description: str | None
    synonyms: tuple[str, ...]


@dataclass
class Definition:
    """What an object's definition tells: datasets, widgets, tables, columns, questions."""

    datasets: list[DatasetDoc] = field(default_factory=list)
    widgets: list[WidgetDoc] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)
    """Each table read, by ``catalog.schema.table``, with where it comes from (a dataset name,
    ``data_sources`` or ``example_sql``)."""
    columns: list[ColumnDoc] = field(default_factory=list)
    sample_questions: list[tuple[str, str]] = field(default_factory=list)
    """``(id, question)`` pairs."""


def tables_read(sql: str, *, catalog: str | None = None, schema: str | None = None) -> list[str]:
    """The tables a SQL text reads, as ``catalog.schema.table`` where known, sorted.

    Parsed with sqlglot's Databricks dialect; CTE names and table functions are not tables.
    Unqualified names are completed with ``catalog``/``schema`` when given. Unparsable SQL, and
    SQL longer than `MAX_SQL_CHARS` or nested too deeply to parse, reads nothing.
    """
    if len(sql) > MAX_SQL_CHARS:
        return []
    try:
        statements = sqlglot.parse(sql, read="databricks")
    except (SqlglotError, RecursionError):
        return []
    found: set[str] = set()
    for statement in statements:
        if statement is None:
            continue
        ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
        for table in statement.find_all(exp.Table):
            name = table.name
            if not name or (not table.db and name.lower() in ctes):
                continue
            db = table.db or schema
            cat = table.catalog or (catalog if db else None)
            found.add(".".join(part for part in (cat, db, name) if part))
    return sorted(found)


def _load(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _sql(dataset: Mapping[str, Any]) -> str:
    lines = dataset.get("queryLines")
    if isinstance(lines, list):
        return "".join(line for line in lines if isinstance(line, str))
    return _text(dataset.get("query")) or ""


def parse_dashboard(serialized: str | None) -> Definition:
    """Datasets (SQL from ``queryLines``, parameters, tables) and widgets of a dashboard."""
    body = _load(serialized)
    definition = Definition()
    for raw in _dicts(body.get("datasets")):
        name = _text(raw.get("name")) or ""
        sql = _sql(raw)
        tables = tables_read(
            sql, catalog=_text(raw.get("catalog")), schema=_text(raw.get("schema"))
        )
        keywords = tuple(
            p["keyword"] for p in _dicts(raw.get("parameters")) if isinstance(p.get("keyword"), str)
        )
        definition.datasets.append(
            DatasetDoc(name, _text(raw.get("displayName")), sql, keywords, tuple(tables))
        )
        for table in tables:
            definition.tables.setdefault(table, name)
    for page in _dicts(body.get("pages")):
        page_name = _text(page.get("displayName")) or _text(page.get("name")) or ""
        for item in _dicts(page.get("layout")):
            definition.widgets.extend(_widget(page_name, item.get("widget")))
    return definition


def _widget(page: str, raw: Any) -> list[WidgetDoc]:
    if not isinstance(raw, dict):
        return []
    spec = _mapping(raw.get("spec"))
    frame = _mapping(spec.get("frame"))
    widget_type = _text(spec.get("widgetType")) or ("text" if "textbox_spec" in raw else None)
    datasets = [
        query["query"].get("datasetName")
        for query in _dicts(raw.get("queries"))
        if isinstance(query.get("query"), dict)
    ]
    title = _text(frame.get("title"))
    if title is None and isinstance(raw.get("textbox_spec"), str):
        title = raw["textbox_spec"].strip().splitlines()[0].lstrip("# ") or None
    dataset = next((d for d in datasets if isinstance(d, str)), None)
    return [WidgetDoc(page, _text(raw.get("name")) or "", widget_type, title, dataset)]


def parse_space(serialized: str | None) -> Definition:
    """Tables, column descriptions and synonyms, sample questions and example SQL of a space."""
    return _genie_definition(_load(serialized))


def parse_agent(definition: Mapping[str, Any] | None) -> Definition:
    """The same for a Genie Agent's ``definition`` (one tree for spaces and agents)."""
    return _genie_definition(dict(definition or {}))


def _genie_definition(body: Mapping[str, Any]) -> Definition:
    definition = Definition()
    sources = _mapping(body.get("data_sources"))
    for table in _dicts(sources.get("tables")):
        identifier = _text(table.get("identifier"))
        if identifier is None:
            continue
        definition.tables.setdefault(identifier, "data_sources")
        for column in _dicts(table.get("column_configs")):
            name = _text(column.get("column"))
            if name is None:
                continue
            synonyms = tuple(s for s in _list(column.get("synonyms")) if isinstance(s, str))
            description = _joined(column.get("description"))
            definition.columns.append(ColumnDoc(identifier, name, description, synonyms))
    config = _mapping(body.get("config"))
    for question in _dicts(config.get("sample_questions")):
        text = _joined(question.get("question"))
        if text:
            definition.sample_questions.append((str(question.get("id") or text), text))
    instructions = _mapping(body.get("instructions"))
    for example in _dicts(instructions.get("example_question_sqls")):
        for name in tables_read(_joined(example.get("sql")) or ""):
            definition.tables.setdefault(name, "example_sql")
    return definition


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list) else ()


def _joined(value: Any) -> str | None:
    """A text field the service sends as a string or as a list of lines."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str)) or None
    return None
