"""Re-point a space's tables and SQL from one catalog or schema to another, with a SQL parser.

A map key is a catalog (``dev``), a schema (``dev.sales``) or a table (``dev.sales.orders``);
the longest key that matches a fully qualified reference wins. SQL is parsed (Databricks
dialect) and only the table names the parser finds are replaced, in place: the rest of the text,
its formatting and comments, is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from genie_sdk._optional import require

__all__ = ["Retargeter", "Rewrite"]

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Rewrite:
    """One replacement a clone made.

    Attributes:
        where: The part of the definition, e.g. ``tables`` or ``example_question_sqls <id>``.
        old: The reference before.
        new: The reference after.
    """

    where: str
    old: str
    new: str


def _quoted(part: str) -> str:
    return part if _PLAIN.match(part) else "`" + part.replace("`", "``") + "`"


class Retargeter:
    """Applies one retarget map, collecting what it rewrote and what it could not map."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        if isinstance(mapping, str) or not isinstance(mapping, Mapping):
            raise ValueError("retarget must be a mapping of old to new names")
        self._map: dict[tuple[str, ...], list[str]] = {}
        for old, new in mapping.items():
            olds, news = self._parts(old, "key"), self._parts(new, "value")
            if len(olds) != len(news) or len(olds) > 3:
                raise ValueError(
                    f"retarget {old!r} -> {new!r}: map a catalog to a catalog, a schema "
                    "(catalog.schema) to a schema, or a table to a table"
                )
            self._map[tuple(p.lower() for p in olds)] = news
        self.rewrites: list[Rewrite] = []
        self.unmapped: list[str] = []
        self.unparsable: list[str] = []

    @staticmethod
    def _parts(name: str, what: str) -> list[str]:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a retarget {what} must be a non-empty name, got {name!r}")
        parts = name.strip().split(".")
        if not all(p.strip() for p in parts):
            raise ValueError(f"retarget {what} {name!r} has an empty part")
        return [p.strip().strip("`") for p in parts]

    def _mapped(self, parts: list[str]) -> list[str] | None:
        """The new parts of a fully qualified name, or ``None`` when no key matches."""
        lowered = [p.lower() for p in parts]
        for size in (3, 2, 1):
            new = self._map.get(tuple(lowered[:size]))
            if new is not None:
                return new + parts[size:]
        return None

    def identifier(self, name: str, where: str) -> str:
        """The retargeted ``catalog.schema.object`` name (noted as rewritten or unmapped)."""
        parts = name.split(".")
        if len(parts) != 3:
            return name
        new = self._mapped([p.strip("`") for p in parts])
        if new is None:
            self._unmapped(name)
            return name
        renamed = ".".join(new)
        if renamed != name:
            self.rewrites.append(Rewrite(where, name, renamed))
        return renamed

    def sql(self, text: str, where: str) -> str:
        """``text`` with every fully qualified table it reads from retargeted, in place."""
        sqlglot = require("sqlglot", "spaces", "Retargeting SQL")
        expressions = require("sqlglot.expressions", "spaces", "Retargeting SQL")
        try:
            tree = sqlglot.parse_one(text, read="databricks")
        except sqlglot.errors.ParseError:
            self.unparsable.append(where)
            return text
        edits: list[tuple[int, int, str]] = []
        for table in tree.find_all(expressions.Table):
            parts = [p.name for p in table.parts]
            if len(parts) != 3:
                continue
            new = self._mapped(parts)
            old = ".".join(parts)
            if new is None:
                self._unmapped(old)
                continue
            spans = [p.meta for p in table.parts]
            if not all("start" in s and "end" in s for s in spans):
                self.unparsable.append(where)
                continue
            edits.append((spans[0]["start"], spans[-1]["end"] + 1, ".".join(map(_quoted, new))))
            if new != parts:
                self.rewrites.append(Rewrite(where, old, ".".join(new)))
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text

    def _unmapped(self, name: str) -> None:
        shown = ".".join(name.split(".")[:2])
        if shown not in self.unmapped:
            self.unmapped.append(shown)
