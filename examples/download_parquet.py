"""Download a full result past the 5,000-row inline cap, to Parquet (or CSV) or as a row stream.

Genie returns at most 5,000 rows with an answer (``result.truncated`` tells). ``download()``
exports every row and writes it chunk by chunk, so memory stays bounded; ``iter_rows()``
streams the same rows without a file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from _backend import backend

with backend() as genie, genie.client() as client:
    answer = client.ask(genie.space_id, "show all sales")
    inline = answer.result
    assert inline is not None
    print(f"inline rows: {len(inline):,} (truncated: {inline.truncated})")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sales.parquet"
        summary = answer.download(path)  # the format follows the suffix: .parquet or .csv
        print(
            f"downloaded {summary.row_count:,} rows in {summary.chunk_count} chunks to {path.name}"
        )

        table = pq.read_table(path)
        print("Parquet schema:", ", ".join(f"{f.name}: {f.type}" for f in table.schema))
        print("returns in the file:", sum(table.column("is_return").to_pylist()))

    # Or stream the rows, fetched chunk by chunk as you iterate.
    total = sum(row[inline.column_names.index("amount")] for row in answer.iter_rows())
    print(f"sum of amount over every row: {total:,.2f}")
