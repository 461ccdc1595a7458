"""What differs between two space definitions, item by item, ignoring key order and whitespace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["SpaceChange", "SpaceDiff", "diff_definitions"]

_SPACE = re.compile(r"\s+")

_LISTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("sample_questions", ("config", "sample_questions"), "id"),
    ("tables", ("data_sources", "tables"), "identifier"),
    ("volumes", ("data_sources", "volumes"), "path"),
    ("mcp_connections", ("data_sources", "mcp_connections"), "mcp_connection"),
    ("text_instructions", ("instructions", "text_instructions"), "id"),
    ("example_question_sqls", ("instructions", "example_question_sqls"), "id"),
    ("sql_functions", ("instructions", "sql_functions"), "id"),
    ("join_specs", ("instructions", "join_specs"), "id"),
    ("sql_expressions", ("instructions", "sql_snippets", "expressions"), "id"),
    ("sql_filters", ("instructions", "sql_snippets", "filters"), "id"),
    ("sql_measures", ("instructions", "sql_snippets", "measures"), "id"),
    ("benchmarks", ("benchmarks", "questions"), "id"),
)
"""Each kind of item: its name in a diff, where it lives in the definition, what identifies it."""
_LABELS = ("question", "identifier", "path", "mcp_connection", "content", "display_name")


@dataclass(frozen=True)
class SpaceChange:
    """One item added, removed or changed.

    Attributes:
        kind: ``space`` (title, description, warehouse), ``tables``, ``example_question_sqls``,
            ``benchmarks``, ... (the list the item is in).
        id: The item's id (its identifier for tables, its field name for ``space``).
        action: ``added``, ``removed`` or ``changed``.
        fields: For a changed item, the fields that differ.
        label: A short text to recognise the item by (its question, identifier, ...).
    """

    kind: str
    id: str
    action: str
    fields: tuple[str, ...] = ()
    label: str = ""

    def __str__(self) -> str:
        sign = {"added": "+", "removed": "-"}.get(self.action, "~")
        what = f": {self.label}" if self.label else ""
        fields = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{sign} {self.kind} {self.id}{what}{fields}"


@dataclass(frozen=True)
class SpaceDiff:
    """The changes that turn one definition into another (empty when they agree).

    ``bool(diff)`` is false when there is no change; ``str(diff)`` lists the changes, one a
    line: ``+`` added, ``-`` removed, ``~`` changed.
    """

    changes: tuple[SpaceChange, ...]

    @property
    def added(self) -> list[SpaceChange]:
        """Items only in the other definition."""
        return [c for c in self.changes if c.action == "added"]

    @property
    def removed(self) -> list[SpaceChange]:
        """Items only in this definition."""
        return [c for c in self.changes if c.action == "removed"]

    @property
    def changed(self) -> list[SpaceChange]:
        """Items in both that differ."""
        return [c for c in self.changes if c.action == "changed"]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __str__(self) -> str:
        return "\n".join(map(str, self.changes)) if self.changes else "(no changes)"

    def to_json(self) -> list[dict[str, Any]]:
        """The changes as plain dicts."""
        return [
            {
                "kind": c.kind,
                "id": c.id,
                "action": c.action,
                "fields": list(c.fields),
                "label": c.label,
            }
            for c in self.changes
        ]


def _normal(value: Any) -> Any:
    """``value`` with every string's whitespace runs collapsed and ends trimmed."""
    if isinstance(value, str):
        return _SPACE.sub(" ", value).strip()
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _at(data: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    node: Any = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return [item for item in node or () if isinstance(item, dict)]


def _label(item: dict[str, Any]) -> str:
    for key in _LABELS:
        if isinstance(item.get(key), str):
            text = _SPACE.sub(" ", item[key]).strip()
            return text if len(text) <= 60 else text[:57] + "..."
    return ""


def _compare(
    kind: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> Iterator[SpaceChange]:
    for key in sorted(old.keys() - new.keys()):
        yield SpaceChange(kind, key, "removed", label=_label(old[key]))
    for key in sorted(new.keys() - old.keys()):
        yield SpaceChange(kind, key, "added", label=_label(new[key]))
    for key in sorted(old.keys() & new.keys()):
        before, after = _normal(old[key]), _normal(new[key])
        if before != after:
            fields = sorted(
                k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            )
            yield SpaceChange(kind, key, "changed", tuple(fields), _label(new[key]))


def diff_definitions(
    old_meta: dict[str, Any],
    old: dict[str, Any],
    new_meta: dict[str, Any],
    new: dict[str, Any],
) -> SpaceDiff:
    """The changes from ``old`` to ``new`` (definition JSON, and title/description/warehouse)."""
    changes: list[SpaceChange] = []
    for name in ("title", "description", "warehouse_id"):
        if _normal(old_meta.get(name) or "") != _normal(new_meta.get(name) or ""):
            changes.append(SpaceChange("space", name, "changed", (name,)))
    for kind, path, key in _LISTS:
        before = {str(item.get(key)): item for item in _at(old, path)}
        after = {str(item.get(key)): item for item in _at(new, path)}
        changes.extend(_compare(kind, before, after))
    return SpaceDiff(tuple(changes))
