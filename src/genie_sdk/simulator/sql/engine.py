"""Thread-safe DuckDB execution returning Databricks-typed results."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import duckdb

from genie_sdk.simulator.sql.dataset import CATALOG, SCHEMA, load_demo_dataset
from genie_sdk.simulator.sql.encoding import row_encoder
from genie_sdk.simulator.sql.types import SqlColumn, SqlType, databricks_type

__all__ = ["ResultSet", "SqlEngine", "SqlError"]

_TZ = "TIMESTAMP WITH TIME ZONE"


class SqlError(Exception):
    """A statement failed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ResultSet:
    """Columns and raw Python rows of one execution."""

    columns: tuple[SqlColumn, ...]
    rows: list[tuple[Any, ...]]
    _encoded: list[list[str | None]] = field(default_factory=list, repr=False)

    @property
    def types(self) -> tuple[SqlType, ...]:
        """Column types in order."""
        return tuple(column.type for column in self.columns)

    def encoded(self, limit: int | None = None) -> list[list[str | None]]:
        """The first ``limit`` (default: all) rows as Databricks strings, encoded once."""
        stop = len(self.rows) if limit is None else min(limit, len(self.rows))
        done = len(self._encoded)
        if done < stop:
            encode = row_encoder(self.types)
            self._encoded.extend(encode(row) for row in self.rows[done:stop])
        return self._encoded[:stop]


class SqlEngine:
    """One in-memory DuckDB database holding the demo dataset; every call is serialised."""

    def __init__(self, *, seed: int) -> None:
        self._lock = threading.Lock()
        self._db = duckdb.connect()
        self._db.execute(f"ATTACH ':memory:' AS {CATALOG}")
        self._db.execute(f"CREATE SCHEMA {CATALOG}.{SCHEMA}")
        self._db.execute(f"USE {CATALOG}.{SCHEMA}")
        self._db.execute("SET TimeZone = 'UTC'")
        self._db.execute("SET threads = 1")
        load_demo_dataset(self._db, seed=seed)
        self._demo_tables = frozenset(self.table_names())
        self._builtin_catalogs = frozenset(self._catalogs())

    def table_names(self) -> list[str]:
        """Tables and views in the demo schema."""
        with self._lock:
            rows = self._db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name",
                [CATALOG, SCHEMA],
            ).fetchall()
        return [str(row[0]) for row in rows]

    def has_table(self, identifier: str) -> bool:
        """Whether ``catalog.schema.table`` names a table or view."""
        parts = identifier.split(".")
        if len(parts) != 3 or not all(parts):
            return False
        with self._lock:
            found = self._db.execute(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_catalog = ? AND table_schema = ? AND table_name = ?",
                parts,
            ).fetchall()
        return bool(found)

    def mirror_schema(self, catalog: str, schema: str) -> None:
        """Serve the demo tables as ``catalog.schema`` too (views over them), as another
        workspace's copy of the data would be."""
        names = sorted(self._demo_tables)
        with self._lock:
            if catalog not in self._catalogs():
                self._db.execute(f"ATTACH ':memory:' AS \"{catalog}\"")
            self._db.execute(f'CREATE SCHEMA IF NOT EXISTS "{catalog}"."{schema}"')
            for name in names:
                self._db.execute(
                    f'CREATE OR REPLACE VIEW "{catalog}"."{schema}"."{name}" AS '
                    f'SELECT * FROM {CATALOG}.{SCHEMA}."{name}"'
                )

    def _catalogs(self) -> set[str]:
        rows = self._db.execute("SELECT database_name FROM duckdb_databases()").fetchall()
        return {str(row[0]) for row in rows}

    def drop_added_tables(self) -> None:
        """Drop tables, views and mirrored catalogs added after the demo dataset was loaded."""
        extra = [name for name in self.table_names() if name not in self._demo_tables]
        with self._lock:
            for catalog in self._catalogs() - self._builtin_catalogs:
                self._db.execute(f'DETACH "{catalog}"')
            for name in extra:
                kind = self._db.execute(
                    "SELECT table_type FROM information_schema.tables "
                    "WHERE table_catalog = ? AND table_schema = ? AND table_name = ?",
                    [CATALOG, SCHEMA, name],
                ).fetchone()
                keyword = "VIEW" if kind and kind[0] == "VIEW" else "TABLE"
                self._db.execute(f'DROP {keyword} IF EXISTS "{name}"')

    def execute(self, sql: str) -> None:
        """Run statements for their effect (e.g. DDL adding tables)."""
        with self._lock:
            try:
                self._db.execute(sql)
            except duckdb.Error as exc:
                raise SqlError(str(exc)) from exc

    def query(self, sql: str) -> ResultSet:
        """Run a query and return its typed rows."""
        with self._lock:
            relation = self._relation(sql)
            columns = self._columns(relation)
            try:
                rows = self._utc(relation).fetchall()
            except duckdb.Error as exc:
                raise SqlError(str(exc)) from exc
        return ResultSet(columns, rows)

    def query_arrow(self, sql: str) -> tuple[tuple[SqlColumn, ...], Any]:
        """Run a query; its columns and a ``pyarrow.Table`` (intervals as Databricks text)."""
        import pyarrow as pa

        with self._lock:
            relation = self._relation(sql)
            columns = self._columns(relation)
            export = getattr(relation, "to_arrow_table", None) or relation.arrow
            try:
                table = export()
            except duckdb.Error as exc:
                raise SqlError(str(exc)) from exc
        if isinstance(table, pa.RecordBatchReader):
            table = table.read_all()
        intervals = [column for column in columns if column.type.name == "INTERVAL"]
        if intervals:
            encoded = self.query(sql).encoded()
            for column in intervals:
                texts = pa.array([row[column.position] for row in encoded], type=pa.string())
                table = table.set_column(column.position, column.name, texts)
        return columns, table

    @staticmethod
    def _columns(relation: Any) -> tuple[SqlColumn, ...]:
        return tuple(
            SqlColumn(str(name), position, databricks_type(duck))
            for position, (name, duck) in enumerate(
                zip(relation.columns, relation.types, strict=True)
            )
        )

    def _relation(self, sql: str) -> Any:
        statement = sql.strip().rstrip(";").strip()
        if not statement:
            raise SqlError("The statement is empty.")
        try:
            relation = self._db.sql(statement)
        except duckdb.Error as exc:
            raise SqlError(str(exc)) from exc
        if relation is None:
            raise SqlError("The statement returned no result set.")
        return relation

    @staticmethod
    def _utc(relation: Any) -> Any:
        """Cast time-zone-aware timestamps to naive UTC ones (the session zone is UTC)."""
        replacements = []
        for name, duck in zip(relation.columns, relation.types, strict=True):
            text = str(duck)
            if _TZ in text:
                quoted = '"' + str(name).replace('"', '""') + '"'
                replacements.append(
                    f"CAST({quoted} AS {text.replace(_TZ, 'TIMESTAMP')}) AS {quoted}"
                )
        if not replacements:
            return relation
        return relation.project(f"* REPLACE ({', '.join(replacements)})")
