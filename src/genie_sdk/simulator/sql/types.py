"""DuckDB column types mapped to Databricks ``type_name``/``type_text``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["SqlColumn", "SqlType", "databricks_type"]

_SIMPLE: dict[str, tuple[str, str]] = {
    "boolean": ("BOOLEAN", "BOOLEAN"),
    "tinyint": ("BYTE", "TINYINT"),
    "smallint": ("SHORT", "SMALLINT"),
    "integer": ("INT", "INT"),
    "bigint": ("LONG", "BIGINT"),
    "utinyint": ("SHORT", "SMALLINT"),
    "usmallint": ("INT", "INT"),
    "uinteger": ("LONG", "BIGINT"),
    "hugeint": ("LONG", "BIGINT"),
    "float": ("FLOAT", "FLOAT"),
    "double": ("DOUBLE", "DOUBLE"),
    "varchar": ("STRING", "STRING"),
    "uuid": ("STRING", "STRING"),
    "time": ("STRING", "STRING"),
    "blob": ("BINARY", "BINARY"),
    "date": ("DATE", "DATE"),
    "timestamp with time zone": ("TIMESTAMP", "TIMESTAMP"),
    "timestamp": ("TIMESTAMP_NTZ", "TIMESTAMP_NTZ"),
    "timestamp_s": ("TIMESTAMP_NTZ", "TIMESTAMP_NTZ"),
    "timestamp_ms": ("TIMESTAMP_NTZ", "TIMESTAMP_NTZ"),
    "timestamp_ns": ("TIMESTAMP_NTZ", "TIMESTAMP_NTZ"),
    "interval": ("INTERVAL", "INTERVAL DAY TO SECOND"),
    '"null"': ("NULL", "VOID"),
}
_WIDE_INTEGERS = {"uhugeint", "ubigint"}


@dataclass(frozen=True)
class SqlType:
    """A Databricks column type; ``fields`` holds element/key/value/struct-field types."""

    name: str
    text: str
    precision: int | None = None
    scale: int | None = None
    fields: tuple[tuple[str, SqlType], ...] = ()

    @property
    def interval_type(self) -> str | None:
        """``DAY TO SECOND`` for intervals, else ``None``."""
        return self.text.removeprefix("INTERVAL ") if self.name == "INTERVAL" else None


@dataclass(frozen=True)
class SqlColumn:
    """A result column."""

    name: str
    position: int
    type: SqlType

    def to_json(self) -> dict[str, Any]:
        """The manifest's ``ColumnInfo``."""
        info: dict[str, Any] = {
            "name": self.name,
            "position": self.position,
            "type_name": self.type.name,
            "type_text": self.type.text,
        }
        if self.type.precision is not None:
            info["type_precision"] = self.type.precision
            info["type_scale"] = self.type.scale
        if self.type.interval_type is not None:
            info["type_interval_type"] = self.type.interval_type
        return info


def databricks_type(duck: Any) -> SqlType:
    """Map a ``duckdb.DuckDBPyType`` to its Databricks equivalent (unknown types become STRING).

    DuckDB sums integers into HUGEINT where Databricks returns BIGINT, so HUGEINT maps to LONG.
    """
    kind: str = duck.id
    if kind in _SIMPLE:
        name, text = _SIMPLE[kind]
        return SqlType(name, text)
    if kind == "decimal":
        params = dict(duck.children)
        precision, scale = int(params["precision"]), int(params["scale"])
        return SqlType("DECIMAL", f"DECIMAL({precision},{scale})", precision, scale)
    if kind in _WIDE_INTEGERS:
        return SqlType("DECIMAL", "DECIMAL(38,0)", 38, 0)
    if kind in ("list", "array"):
        element = databricks_type(duck.children[0][1])
        return SqlType("ARRAY", f"ARRAY<{element.text}>", fields=(("element", element),))
    if kind == "map":
        key, value = databricks_type(duck.children[0][1]), databricks_type(duck.children[1][1])
        return SqlType(
            "MAP", f"MAP<{key.text}, {value.text}>", fields=(("key", key), ("value", value))
        )
    if kind == "struct":
        members = tuple((str(name), databricks_type(child)) for name, child in duck.children)
        inner = ", ".join(f"{name}: {member.text}" for name, member in members)
        return SqlType("STRUCT", f"STRUCT<{inner}>", fields=members)
    return SqlType("STRING", "STRING")
