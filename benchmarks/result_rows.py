"""Decode a 5,000 x 20 query result, from response bytes to rows and to a pandas DataFrame.

The result (20 columns of mixed types, 5 % nulls) comes from ``benchmarks/decode.py``; each
client starts from the same JSON bytes of a query-result response:

* genie_sdk: ``QueryResultResponse`` model, then ``QueryResult.from_statement`` (typed values:
  ``int``, ``Decimal``, ``date``, ``datetime``, nested values...) and ``to_pandas()``;
* databricks-sdk: ``GenieGetMessageQueryResultResponse.from_dict``; its rows are the strings
  the server sent (it does not decode values), and ``pandas.DataFrame`` of those strings;
* raw: ``json.loads`` and a per-value converter (``decode.baseline_value``) for typed rows.

Run: ``python benchmarks/result_rows.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Callable
from typing import Any

import pandas as pd
from databricks.sdk.service.dashboards import GenieGetMessageQueryResultResponse
from decode import COLUMNS, baseline_value, interleaved, make_statement
from harness import Section, ms, table

from genie_sdk.models import QueryResultResponse
from genie_sdk.results import QueryResult

ROWS = 5000


def response_bytes(rows: int) -> bytes:
    statement = make_statement(rows, typed=False)
    body = {
        "statement_response": statement.model_dump(mode="json", by_alias=True, exclude_none=True)
    }
    return json.dumps(body).encode()


def genie_rows(raw: bytes) -> QueryResult:
    statement = QueryResultResponse.model_validate(json.loads(raw)).statement_response
    assert statement is not None
    return QueryResult.from_statement(statement)


def databricks_rows(raw: bytes) -> list[list[str]]:
    response = GenieGetMessageQueryResultResponse.from_dict(json.loads(raw))
    assert response.statement_response is not None
    assert response.statement_response.result is not None
    return response.statement_response.result.data_array or []


def raw_rows(raw: bytes) -> list[tuple[Any, ...]]:
    result = json.loads(raw)["statement_response"]["result"]
    types = [type_name for _, type_name, _ in COLUMNS]
    return [
        tuple(baseline_value(type_name, value) for type_name, value in zip(types, row, strict=True))
        for row in result["data_array"]
    ]


def run(runs: int = 15) -> Section:
    """Time each decoding; return the report section."""
    raw = response_bytes(ROWS)
    names = [name for name, _, _ in COLUMNS]
    work: dict[str, dict[str, Callable[[], object]]] = {
        "genie_sdk": {
            "rows": lambda: genie_rows(raw).rows,
            "pandas": lambda: genie_rows(raw).to_pandas(),
        },
        "databricks-sdk (strings, not decoded)": {
            "rows": lambda: databricks_rows(raw),
            "pandas": lambda: pd.DataFrame(databricks_rows(raw), columns=names),
        },
        "raw json + per-value converter": {
            "rows": lambda: raw_rows(raw),
            "pandas": lambda: pd.DataFrame(raw_rows(raw), columns=names),
        },
    }
    times = interleaved(
        {
            f"{client}\0{output}": job
            for client, jobs in work.items()
            for output, job in jobs.items()
        },
        runs,
    )
    seconds = {
        client: {output: statistics.median(times[f"{client}\0{output}"]) for output in jobs}
        for client, jobs in work.items()
    }
    base = seconds["raw json + per-value converter"]
    rows = [
        [
            client,
            ms(timing["rows"]),
            f"{base['rows'] / timing['rows']:.2f}x",
            ms(timing["pandas"]),
            f"{base['pandas'] / timing['pandas']:.2f}x",
        ]
        for client, timing in seconds.items()
    ]
    header = ["client", "to rows (ms)", "speed vs raw", "to pandas (ms)", "speed vs raw"]
    text = (
        f"{ROWS:,} rows x {len(COLUMNS)} columns ({len(raw) / 2**20:.1f} MiB of JSON), from the "
        f"response bytes; CPU times, medians of {runs} rounds after a warm-up in which every "
        "client takes its turn. databricks-sdk leaves every "
        "value a string, so its numbers are a floor for untyped rows, not a like-for-like "
        "comparison. See `benchmarks/decode.py` for the decoding alone, column type by column "
        "type.\n\n" + table(header, rows)
    )
    return Section("Decoding a 5,000 x 20 result", text, {"seconds": seconds})


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    print(run(parser.parse_args().runs).markdown)


if __name__ == "__main__":
    main()
