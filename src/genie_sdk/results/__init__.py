"""Typed query results: decode statement rows and downloaded chunks, build frames, write files.

``QueryResult.from_statement(statement)`` decodes a statement's inline rows; ``decode_chunk`` and
``iter_rows`` decode downloaded chunks; ``open_writer`` writes rows to Parquet or CSV chunk by
chunk. Frames need the ``arrow``, ``pandas`` or ``polars`` extra.
"""

from __future__ import annotations

from genie_sdk.results.chunks import decode_chunk, decode_rows, iter_rows
from genie_sdk.results.columns import Column, DataType, columns_from_manifest, parse_type
from genie_sdk.results.frames import arrow_schema
from genie_sdk.results.query_result import QueryResult
from genie_sdk.results.writers import CsvRowWriter, ParquetRowWriter, RowWriter, open_writer

__all__ = [
    "Column",
    "CsvRowWriter",
    "DataType",
    "ParquetRowWriter",
    "QueryResult",
    "RowWriter",
    "arrow_schema",
    "columns_from_manifest",
    "decode_chunk",
    "decode_rows",
    "iter_rows",
    "open_writer",
    "parse_type",
]
