"""The index's tables: one definition for the SQLite store and the Parquet / Delta outputs."""

from __future__ import annotations

__all__ = ["DDL", "SCHEMA_VERSION", "SEARCH_FIELDS", "TABLES"]

SCHEMA_VERSION = 1
"""Version of the table layout; stored in the SQLite file (``PRAGMA user_version``)."""

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "assets": (
        ("asset_key", "TEXT PRIMARY KEY"),
        ("kind", "TEXT NOT NULL"),
        ("id", "TEXT NOT NULL"),
        ("title", "TEXT"),
        ("description", "TEXT"),
        ("owner", "TEXT"),
        ("warehouse_id", "TEXT"),
        ("path", "TEXT"),
        ("parent_path", "TEXT"),
        ("created_at", "TEXT"),
        ("updated_at", "TEXT"),
        ("etag", "TEXT"),
        ("published", "INTEGER"),
        ("published_at", "TEXT"),
        ("state", "TEXT NOT NULL"),
        ("link", "TEXT"),
        ("published_link", "TEXT"),
        ("fingerprint", "TEXT"),
        ("detail_error", "TEXT"),
        ("seen_run", "INTEGER"),
    ),
    "asset_tables": (
        ("asset_key", "TEXT NOT NULL"),
        ("table_name", "TEXT NOT NULL"),
        ("catalog_name", "TEXT"),
        ("schema_name", "TEXT"),
        ("source", "TEXT NOT NULL"),
    ),
    "datasets": (
        ("asset_key", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("display_name", "TEXT"),
        ("sql", "TEXT"),
        ("parameters", "TEXT"),
    ),
    "widgets": (
        ("asset_key", "TEXT NOT NULL"),
        ("page", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("widget_type", "TEXT"),
        ("title", "TEXT"),
        ("dataset", "TEXT"),
    ),
    "columns": (
        ("asset_key", "TEXT NOT NULL"),
        ("table_name", "TEXT NOT NULL"),
        ("column_name", "TEXT NOT NULL"),
        ("description", "TEXT"),
        ("synonyms", "TEXT"),
    ),
    "sample_questions": (
        ("asset_key", "TEXT NOT NULL"),
        ("question_id", "TEXT NOT NULL"),
        ("question", "TEXT NOT NULL"),
    ),
    "acl": (
        ("asset_key", "TEXT NOT NULL"),
        ("principal", "TEXT NOT NULL"),
        ("principal_kind", "TEXT NOT NULL"),
        ("level", "TEXT NOT NULL"),
        ("inherited_from", "TEXT NOT NULL"),
    ),
    "tags": (
        ("asset_key", "TEXT NOT NULL"),
        ("tag_key", "TEXT NOT NULL"),
        ("tag_value", "TEXT"),
    ),
    "crawl_runs": (
        ("run_id", "INTEGER PRIMARY KEY"),
        ("started_at", "TEXT NOT NULL"),
        ("finished_at", "TEXT"),
        ("status", "TEXT NOT NULL"),
        ("listed", "INTEGER NOT NULL DEFAULT 0"),
        ("fetched", "INTEGER NOT NULL DEFAULT 0"),
        ("skipped", "INTEGER NOT NULL DEFAULT 0"),
        ("failed", "INTEGER NOT NULL DEFAULT 0"),
        ("vanished", "INTEGER NOT NULL DEFAULT 0"),
        ("requests", "INTEGER NOT NULL DEFAULT 0"),
    ),
    "crawl_errors": (
        ("run_id", "INTEGER NOT NULL"),
        ("asset_key", "TEXT NOT NULL"),
        ("operation", "TEXT NOT NULL"),
        ("status_code", "INTEGER"),
        ("error_code", "TEXT"),
        ("message", "TEXT"),
    ),
    "checkpoints": (
        ("run_id", "INTEGER NOT NULL"),
        ("source", "TEXT NOT NULL"),
        ("page_token", "TEXT"),
        ("done", "INTEGER NOT NULL"),
    ),
}
"""Every table's columns with their SQLite types, in order."""

SEARCH_FIELDS = (
    "title",
    "description",
    "dataset",
    "table",
    "column",
    "sample_question",
    "widget",
    "tag",
)
"""The full-text index's columns: what a search hit can have matched."""

_KEYS = {
    "asset_tables": "asset_key, table_name, source",
    "datasets": "asset_key, name",
    "widgets": "asset_key, page, name",
    "columns": "asset_key, table_name, column_name",
    "sample_questions": "asset_key, question_id",
    "acl": "asset_key, principal, level, inherited_from",
    "tags": "asset_key, tag_key",
    "checkpoints": "run_id, source",
}


def _create(name: str) -> str:
    columns = [f"{column} {kind}" for column, kind in TABLES[name]]
    if name in _KEYS:
        columns.append(f"PRIMARY KEY ({_KEYS[name]})")
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)})"


DDL = [
    *(_create(name) for name in TABLES),
    "CREATE INDEX IF NOT EXISTS asset_tables_by_table ON asset_tables (table_name)",
    "CREATE INDEX IF NOT EXISTS acl_by_principal ON acl (principal)",
    "CREATE INDEX IF NOT EXISTS crawl_errors_by_run ON crawl_errors (run_id)",
    # One row per object (rowid = the object's rowid in ``assets``), one column per kind of
    # text, so that BM25 weighs the columns and a hit tells which columns matched.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5("
    f"{', '.join(f'{name!r}' for name in SEARCH_FIELDS)}, tokenize = 'porter unicode61')",
]
"""Statements that create the schema (idempotent)."""
