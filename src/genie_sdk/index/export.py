"""Parquet and Delta Lake copies of the index's tables (Delta through ``deltalake``, no Spark)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from genie_sdk.index.schema import TABLES
from genie_sdk.index.store import Store

__all__ = ["EXPORTED", "arrow_table", "write_delta", "write_parquet"]

EXPORTED = tuple(name for name in TABLES if name != "checkpoints")
"""The tables written out (checkpoints are the crawler's own business)."""


def _need(module: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as error:
        raise ImportError(
            f"writing the index needs {module.partition('.')[0]}, which is not installed: "
            'pip install "genie-sdk[index]"'
        ) from error


def arrow_table(store: Store, name: str) -> Any:
    """One table as a ``pyarrow.Table`` with the schema's column types."""
    pa = _need("pyarrow")
    fields = [
        pa.field(column, pa.int64() if kind.startswith("INTEGER") else pa.string())
        for column, kind in TABLES[name]
    ]
    schema = pa.schema(fields)
    rows = list(store.rows(name))
    return pa.Table.from_pylist(rows, schema=schema)


def write_parquet(store: Store, directory: str | Path) -> list[Path]:
    """Write each table to ``directory/<table>.parquet``; the files written."""
    parquet = _need("pyarrow.parquet")
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EXPORTED:
        path = target / f"{name}.parquet"
        parquet.write_table(arrow_table(store, name), path)
        written.append(path)
    return written


def write_delta(
    store: Store, location: str, *, storage_options: dict[str, str] | None = None
) -> list[str]:
    """Write each table as a Delta table at ``location/<table>`` (overwriting); their URIs.

    ``location`` is a local directory or a cloud URI (``s3://``, ``abfss://``, ...); pass the
    object store's credentials in ``storage_options`` as ``deltalake`` expects them.
    """
    deltalake = _need("deltalake")
    written = []
    for name in EXPORTED:
        uri = f"{location.rstrip('/')}/{name}"
        deltalake.write_deltalake(
            uri,
            arrow_table(store, name),
            mode="overwrite",
            schema_mode="overwrite",
            storage_options=storage_options,
        )
        written.append(uri)
    return written
