"""The SQLite store: normalised tables, crawl runs and checkpoints, and the full-text index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from genie_sdk.index.records import AssetDoc, CrawlProgress
from genie_sdk.index.schema import DDL, SCHEMA_VERSION, SEARCH_FIELDS, TABLES

__all__ = ["Store"]

_ASSET_COLUMNS = [name for name, _ in TABLES["assets"]]
_CHILD_TABLES = ("asset_tables", "datasets", "widgets", "columns", "sample_questions")


class Store:
    """One SQLite file holding the index; every write of an object is one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self.db.close()
            raise ValueError(
                f"{self.path} holds index schema {version}; this version of genie-sdk reads "
                f"schema {SCHEMA_VERSION} and older: upgrade genie-sdk"
            )
        with self.transaction():
            for statement in DDL:
                self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def transaction(self) -> _Transaction:
        """A ``with`` block that commits on success and rolls back on an error."""
        return _Transaction(self.db)

    # -- runs and checkpoints ----------------------------------------------------------------

    def begin_run(self, now: str) -> tuple[int, bool]:
        """The run to work in: the unfinished one (resumed, ``True``) or a new one."""
        row = self.db.execute(
            "SELECT run_id, status FROM crawl_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        if row is not None and row["status"] == "running":
            return int(row["run_id"]), True
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (started_at, status) VALUES (?, 'running')", (now,)
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid, False

    def finish_run(self, run_id: int, now: str, progress: CrawlProgress) -> None:
        """Close a run with its final counts."""
        self.add_counts(run_id, progress)
        with self.transaction():
            self.db.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = 'finished' WHERE run_id = ?",
                (now, run_id),
            )

    def add_counts(self, run_id: int, progress: CrawlProgress) -> None:
        """Add a batch of counts to a run's totals."""
        with self.transaction():
            self.db.execute(
                "UPDATE crawl_runs SET listed = listed + ?, fetched = fetched + ?, "
                "skipped = skipped + ?, failed = failed + ?, vanished = vanished + ?, "
                "requests = requests + ? WHERE run_id = ?",
                (
                    progress.listed,
                    progress.fetched,
                    progress.skipped,
                    progress.failed,
                    progress.vanished,
                    progress.requests,
                    run_id,
                ),
            )

    def checkpoint(self, run_id: int, source: str) -> tuple[str | None, bool] | None:
        """Where a source stopped in this run: ``(next page token, done)``; ``None`` if unseen."""
        row = self.db.execute(
            "SELECT page_token, done FROM checkpoints WHERE run_id = ? AND source = ?",
            (run_id, source),
        ).fetchone()
        return None if row is None else (row["page_token"], bool(row["done"]))

    def save_checkpoint(self, run_id: int, source: str, token: str | None, *, done: bool) -> None:
        """Record that every object up to ``token`` is stored."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO checkpoints (run_id, source, page_token, done) "
                "VALUES (?, ?, ?, ?)",
                (run_id, source, token, int(done)),
            )

    def record_error(
        self,
        run_id: int,
        key: str,
        operation: str,
        *,
        status_code: int | None,
        error_code: str | None,
        message: str,
    ) -> None:
        """Add a per-object error to a run."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO crawl_errors VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, key, operation, status_code, error_code, message[:500]),
            )

    # -- objects -----------------------------------------------------------------------------

    def known(self, key: str) -> tuple[str | None, str, int | None] | None:
        """An object's stored ``(fingerprint, state, seen_run)``; ``None`` if never indexed."""
        row = self.db.execute(
            "SELECT fingerprint, state, seen_run FROM assets WHERE asset_key = ?", (key,)
        ).fetchone()
        return None if row is None else (row["fingerprint"], row["state"], row["seen_run"])

    def mark_seen(self, key: str, run_id: int) -> None:
        """Note that an unchanged object was listed in this run."""
        with self.transaction():
            self.db.execute("UPDATE assets SET seen_run = ? WHERE asset_key = ?", (run_id, key))

    def write(self, doc: AssetDoc, run_id: int) -> None:
        """Upsert an object; replace its definition, ACL and tags where they were read."""
        values = {name: getattr(doc, name, None) for name in _ASSET_COLUMNS}
        values.update(asset_key=doc.key, seen_run=run_id)
        if doc.published is not None:
            values["published"] = int(doc.published)
        with self.transaction():
            # An upsert keeps the row's rowid, which is also its row in the full-text index.
            self.db.execute(
                f"INSERT INTO assets ({', '.join(_ASSET_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_ASSET_COLUMNS))}) ON CONFLICT (asset_key) DO "
                f"UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in _ASSET_COLUMNS[1:])}",
                [values[name] for name in _ASSET_COLUMNS],
            )
            if doc.definition is not None:
                self._write_definition(doc)
            if doc.acl is not None:
                self.db.execute("DELETE FROM acl WHERE asset_key = ?", (doc.key,))
                self.db.executemany(
                    "INSERT OR IGNORE INTO acl VALUES (?, ?, ?, ?, ?)",
                    [
                        (doc.key, a.principal, a.principal_kind, a.level, a.inherited_from)
                        for a in doc.acl
                    ],
                )
            if doc.tags is not None:
                self.db.execute("DELETE FROM tags WHERE asset_key = ?", (doc.key,))
                self.db.executemany(
                    "INSERT OR REPLACE INTO tags VALUES (?, ?, ?)",
                    [(doc.key, key, value) for key, value in doc.tags],
                )
            self._write_search(doc.key)

    def _write_definition(self, doc: AssetDoc) -> None:
        definition = doc.definition
        assert definition is not None
        key = doc.key
        for table in _CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE asset_key = ?", (key,))
        self.db.executemany(
            "INSERT OR IGNORE INTO asset_tables VALUES (?, ?, ?, ?, ?)",
            [(key, name, *_catalog_schema(name), source) for name, source in _lineage(doc)],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO datasets VALUES (?, ?, ?, ?, ?)",
            [
                (key, d.name, d.display_name, d.sql, json.dumps(list(d.parameters)))
                for d in definition.datasets
            ],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO widgets VALUES (?, ?, ?, ?, ?, ?)",
            [(key, w.page, w.name, w.widget_type, w.title, w.dataset) for w in definition.widgets],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO columns VALUES (?, ?, ?, ?, ?)",
            [
                (key, c.table, c.column, c.description, json.dumps(list(c.synonyms)))
                for c in definition.columns
            ],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO sample_questions VALUES (?, ?, ?)",
            [(key, qid, question) for qid, question in definition.sample_questions],
        )

    def _write_search(self, key: str) -> None:
        """Rebuild an object's row of the full-text index from its stored rows."""
        rowid = self.db.execute("SELECT rowid FROM assets WHERE asset_key = ?", (key,)).fetchone()[
            0
        ]
        self.db.execute("DELETE FROM search WHERE rowid = ?", (rowid,))
        self.db.execute(
            f"INSERT INTO search (rowid, {', '.join(repr(f) for f in SEARCH_FIELDS)}) "
            "SELECT a.rowid, a.title, a.description, "
            "(SELECT group_concat(coalesce(display_name, '') || ' ' || coalesce(sql, ''), ' · ') "
            "FROM datasets WHERE asset_key = ?1), "
            "(SELECT group_concat(table_name, ' · ') FROM asset_tables WHERE asset_key = ?1), "
            "(SELECT group_concat(column_name || ' ' || coalesce(description, '') || ' ' || "
            "coalesce(synonyms, ''), ' · ') FROM columns WHERE asset_key = ?1), "
            "(SELECT group_concat(question, ' · ') FROM sample_questions WHERE asset_key = ?1), "
            "(SELECT group_concat(title, ' · ') FROM widgets WHERE asset_key = ?1), "
            "(SELECT group_concat(tag_key || ' ' || coalesce(tag_value, ''), ' · ') "
            "FROM tags WHERE asset_key = ?1) "
            "FROM assets a WHERE a.asset_key = ?1",
            (key,),
        )

    def mark_vanished(self, kind: str, run_id: int) -> int:
        """Mark objects of ``kind`` the run's complete listing no longer showed; their count."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE assets SET state = 'vanished', fingerprint = NULL "
                "WHERE kind = ? AND state != 'vanished' AND (seen_run IS NULL OR seen_run != ?)",
                (kind, run_id),
            )
        return cursor.rowcount

    # -- reading -----------------------------------------------------------------------------

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Every row of one table, in key order."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
        order = ", ".join(name for name, _ in TABLES[table])
        for row in self.db.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            yield dict(row)

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read query."""
        return self.db.execute(sql, parameters).fetchall()


def _lineage(doc: AssetDoc) -> list[tuple[str, str]]:
    assert doc.definition is not None
    return sorted(doc.definition.tables.items())


def _catalog_schema(name: str) -> tuple[str | None, str | None]:
    parts = name.split(".")
    if len(parts) == 3:
        return parts[0], parts[1]
    if len(parts) == 2:
        return None, parts[0]
    return None, None


class _Transaction:
    """``BEGIN`` … ``COMMIT`` (``ROLLBACK`` on an error); nested blocks join the outer one."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._outer = False

    def __enter__(self) -> None:
        self._outer = not self._db.in_transaction
        if self._outer:
            self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not self._outer:
            return
        self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")
