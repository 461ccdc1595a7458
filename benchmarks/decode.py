"""Benchmark result decoding: genie_sdk.results against databricks-ai-bridge's parser and a
per-value converter.

Generates a deterministic 5,000-row x 20-column result of mixed types, encoded the way the
server encodes it (``data_array`` and ``data_typed_array``), then times, as the median of
``--runs`` runs:

(a) databricks-ai-bridge's Genie result parser (``_parse_query_result``, its DataFrame output)
    against genie_sdk's typed rows, pandas DataFrame and Arrow table, all from the same parsed
    JSON of the statement, with each ratio beside its target;
(b) a straightforward per-value converter (``if type_name == ...`` for every value) against
    ``QueryResult.from_statement(statement).rows`` and ``.to_pandas()``, in both row shapes;
(c) each column type alone.

Run: ``python benchmarks/decode.py [--runs N] [--rows N]``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import inspect
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from unittest import mock

import pandas as pd
import pyarrow as pa
from databricks_ai_bridge.genie import _parse_query_result  # type: ignore[import-untyped]
from harness import Section, table, version

from genie_sdk.models.statements import StatementResponse
from genie_sdk.results import Column, QueryResult, decoding

COLUMNS: list[tuple[str, str, str]] = [
    ("id", "LONG", "BIGINT"),
    ("tiny", "BYTE", "TINYINT"),
    ("small", "SHORT", "SMALLINT"),
    ("quantity", "INT", "INT"),
    ("price", "DECIMAL", "DECIMAL(10,2)"),
    ("amount", "DECIMAL", "DECIMAL(38,6)"),
    ("ratio", "DOUBLE", "DOUBLE"),
    ("score", "FLOAT", "FLOAT"),
    ("active", "BOOLEAN", "BOOLEAN"),
    ("day", "DATE", "DATE"),
    ("created", "TIMESTAMP", "TIMESTAMP"),
    ("local_time", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ"),
    ("name", "STRING", "STRING"),
    ("region", "STRING", "STRING"),
    ("code", "CHAR", "CHAR(3)"),
    ("payload", "BINARY", "BINARY"),
    ("tags", "ARRAY", "ARRAY<INT>"),
    ("point", "STRUCT", "STRUCT<x: INT, day: DATE>"),
    ("attributes", "MAP", "MAP<STRING, DOUBLE>"),
    ("duration", "INTERVAL", "INTERVAL DAY TO SECOND"),
]
NESTED = ("ARRAY", "MAP", "STRUCT")
REGIONS = ["EMEA", "AMER", "APAC", "LATAM"]
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def decimal_parameters(type_text: str) -> tuple[int, int]:
    """``DECIMAL(10,2)`` → ``(10, 2)``."""
    precision, scale = type_text.removeprefix("DECIMAL(").removesuffix(")").split(",")
    return int(precision), int(scale)


def encode_value(rng: random.Random, type_name: str, type_text: str) -> str | None:
    """Return one random value of a type as the server encodes it (5% nulls)."""
    if rng.random() < 0.05:
        return None
    if type_name in ("LONG", "INT", "SHORT", "BYTE"):
        bits = {"LONG": 63, "INT": 31, "SHORT": 15, "BYTE": 7}[type_name]
        return str(rng.randrange(-(2**bits), 2**bits))
    if type_name == "DECIMAL":
        precision, scale = decimal_parameters(type_text)
        unscaled = rng.randrange(-(10**precision) + 1, 10**precision)
        digits = f"{abs(unscaled):0{scale + 1}d}"
        sign = "-" if unscaled < 0 else ""
        return f"{sign}{digits[:-scale]}.{digits[-scale:]}" if scale else f"{sign}{digits}"
    if type_name in ("DOUBLE", "FLOAT"):
        return (
            rng.choice(["NaN", "Infinity"]) if rng.random() < 0.01 else repr(rng.uniform(-1e6, 1e6))
        )
    if type_name == "BOOLEAN":
        return rng.choice(["true", "false"])
    moment = EPOCH + timedelta(microseconds=rng.randrange(-(10**15), 3 * 10**15))
    if type_name == "DATE":
        return moment.date().isoformat()
    if type_name == "TIMESTAMP":
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if type_name == "TIMESTAMP_NTZ":
        return moment.replace(tzinfo=None).isoformat(sep=" ")
    if type_name == "STRING":
        return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz ", k=rng.randrange(3, 24)))
    if type_name == "CHAR":
        return "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=3))
    if type_name == "BINARY":
        return base64.b64encode(rng.randbytes(rng.randrange(1, 24))).decode()
    if type_name == "ARRAY":
        return json.dumps([rng.randrange(1000) for _ in range(rng.randrange(5))])
    if type_name == "STRUCT":
        return json.dumps({"x": rng.randrange(100), "day": moment.date().isoformat()})
    if type_name == "MAP":
        return json.dumps({rng.choice(REGIONS): rng.uniform(0, 1) for _ in range(3)})
    return f"{rng.randrange(100)} {rng.randrange(24):02}:{rng.randrange(60):02}:00.000000000"


def make_statement(rows: int, typed: bool) -> StatementResponse:
    """Build a statement of ``rows`` deterministic rows in one of the two row shapes."""
    rng = random.Random(20240601)
    data = [
        [encode_value(rng, type_name, type_text) for _, type_name, type_text in COLUMNS]
        for _ in range(rows)
    ]
    columns = [
        {"name": name, "position": position, "type_name": type_name, "type_text": type_text}
        for position, (name, type_name, type_text) in enumerate(COLUMNS)
    ]
    for column in columns:
        if column["type_name"] == "DECIMAL":
            precision, scale = decimal_parameters(column["type_text"])
            column.update(type_precision=precision, type_scale=scale)
    result: dict[str, Any] = {"row_count": rows, "row_offset": 0}
    if typed:
        result["data_typed_array"] = [
            {"values": [{} if value is None else {"str": value} for value in row]} for row in data
        ]
    else:
        result["data_array"] = data
    return StatementResponse.model_validate(
        {
            "statement_id": "bench",
            "manifest": {
                "format": "JSON_ARRAY",
                "schema": {"column_count": len(columns), "columns": columns},
                "total_row_count": rows,
                "truncated": False,
            },
            "result": result,
        }
    )


def baseline_value(type_name: str, value: str | None) -> Any:
    """Convert one value with a chain of type tests: the straightforward approach."""
    if value is None:
        return None
    if type_name in ("BYTE", "SHORT", "INT", "LONG"):
        return int(value)
    if type_name == "DECIMAL":
        return Decimal(value)
    if type_name in ("FLOAT", "DOUBLE"):
        return float(value)
    if type_name == "BOOLEAN":
        return value == "true"
    if type_name == "DATE":
        return date.fromisoformat(value)
    if type_name == "TIMESTAMP":
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    if type_name == "TIMESTAMP_NTZ":
        return datetime.fromisoformat(value)
    if type_name == "BINARY":
        return base64.b64decode(value)
    if type_name in ("ARRAY", "MAP", "STRUCT"):
        return json.loads(value)
    return value


def baseline_rows(statement: StatementResponse) -> list[tuple[Any, ...]]:
    """Decode every value of either row shape with ``baseline_value``."""
    assert statement.manifest is not None
    assert statement.result is not None
    names = [str(column.type_name) for column in statement.manifest.columns]
    result = statement.result
    if result.data_typed_array is not None:
        raw: Sequence[Sequence[str | None]] = [
            [cell.get("str") for cell in row.get("values", [])] for row in result.data_typed_array
        ]
    else:
        raw = result.data_array or []
    return [
        tuple(baseline_value(name, value) for name, value in zip(names, row, strict=True))
        for row in raw
    ]


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Run ``work`` once to warm up, then return the median wall time of ``runs`` runs."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Warm each job up, then take ``runs`` rounds in which every job runs once, in turn, and
    return each job's CPU times (this process's, threads included: on a shared machine, wall
    time also counts the waits for a core)."""
    for work in jobs.values():
        work()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, work in jobs.items():
            start = time.process_time()
            work()
            times[name].append(time.process_time() - start)
    return times


def check_agreement(statement: StatementResponse) -> None:
    """Fail unless the SDK and the baseline agree on every non-nested value."""
    ours, theirs = QueryResult.from_statement(statement).rows, baseline_rows(statement)
    flat = [i for i, (_, type_name, _) in enumerate(COLUMNS) if type_name not in NESTED]
    for mine, base in zip(ours, theirs, strict=True):
        if [repr(mine[i]) for i in flat] != [repr(base[i]) for i in flat]:
            raise SystemExit(f"decoders disagree: {mine} != {base}")


PEER_TARGETS = {"typed rows": 6.0, "pandas, typed columns": 4.0, "Arrow table": 10.0}
"""How many times faster than databricks-ai-bridge's parser each output should be."""


def peer_parse(statement: dict[str, Any]) -> pd.DataFrame:
    """databricks-ai-bridge's parser alone: ``inspect.unwrap`` leaves out its mlflow tracing
    decorator, which, when mlflow is installed, records every call's input and output."""
    parse = inspect.unwrap(_parse_query_result)
    return parse(statement, truncate_results=False, return_pandas=True)  # type: ignore[no-any-return]


def without_nested(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with its ``ARRAY``/``MAP``/``STRUCT`` columns left out."""
    columns = statement["manifest"]["schema"]["columns"]
    keep = [i for i, column in enumerate(columns) if column["type_name"] not in NESTED]
    manifest = {
        **statement["manifest"],
        "schema": {"column_count": len(keep), "columns": [columns[i] for i in keep]},
    }
    data = [[row[i] for i in keep] for row in statement["result"]["data_array"]]
    return {
        **statement,
        "manifest": manifest,
        "result": {**statement["result"], "data_array": data},
    }


def compare_peer(rows: int, runs: int) -> Section:
    """Time the peer's parser and genie_sdk's three outputs from the same parsed JSON, for the
    whole result and for its columns that are not nested."""
    statement = make_statement(rows, typed=False)
    check_agreement(statement)
    whole = json.loads(statement.model_dump_json(by_alias=True, exclude_none=True))
    flat = without_nested(whole)
    lines = []
    data: dict[str, Any] = {}
    for label, raw in (
        (f"all {len(COLUMNS)}", whole),
        (f"{len(flat['manifest']['schema']['columns'])} not nested", flat),
    ):

        def ours(raw: dict[str, Any] = raw) -> QueryResult:
            return QueryResult.from_statement(StatementResponse.model_validate(raw))

        outputs: dict[str, Callable[[], object]] = {
            "typed rows": lambda: ours().rows,
            "pandas, typed columns": lambda: ours().to_pandas(),
            "Arrow table": lambda: ours().to_arrow(),
        }
        times = interleaved({"peer": lambda raw=raw: peer_parse(raw), **outputs}, runs)
        peer = statistics.median(times["peer"])
        seconds = {output: statistics.median(times[output]) for output in outputs}
        faster = {
            output: statistics.median(
                theirs / mine for theirs, mine in zip(times["peer"], times[output], strict=True)
            )
            for output in outputs
        }
        if not data:
            data = {"peer": peer, "seconds": seconds, "faster": faster}
        for output, mine in seconds.items():
            target = PEER_TARGETS[output] if raw is whole else None
            ratio = faster[output]
            verdict = "" if target is None else ("met" if ratio >= target else "missed")
            lines.append(
                [
                    output,
                    label,
                    ms(peer),
                    ms(mine),
                    f"{ratio:.1f}x",
                    "" if target is None else f"≥ {target:.0f}x",
                    verdict,
                ]
            )
    header = [
        "genie_sdk output",
        "columns",
        "ai-bridge parse (ms)",
        "genie_sdk (ms)",
        "faster",
        "target",
        "",
    ]
    text = (
        f"{rows:,} rows x {len(COLUMNS)} columns of mixed types (5 % nulls), from the same parsed "
        f"JSON of the statement; {runs} rounds after a warm-up, in which the peer and each "
        "output take turns; times are CPU times, medians over the rounds, and *faster* is the "
        "median over rounds of the peer's time over genie_sdk's in the same round. The peer is "
        f"databricks-ai-bridge {version('databricks-ai-bridge')}'s `_parse_query_result(..., "
        "return_pandas=True)` without its mlflow tracing decorator: it returns a DataFrame in "
        "which decimals are floats, timestamps lose their zone and fraction, binaries are not "
        "base64-decoded and nested values stay JSON text; genie_sdk's values are exact. "
        "genie_sdk's time includes validating the statement model. The second half leaves out "
        "the three nested columns, which the peer does not decode.\n\n" + table(header, lines)
    )
    return Section("Decoding against databricks-ai-bridge", text, data)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f}" if seconds < 0.01 else f"{seconds * 1e3:.1f}"


def compare_shapes(rows: int, runs: int) -> None:
    """Print the main table: both row shapes, rows and DataFrames."""
    names = [name for name, _, _ in COLUMNS]
    print("| shape | output | baseline (ms) | genie_sdk (ms) | speed-up | GC not paused (ms) |")
    print("|---|---|---:|---:|---:|---:|")
    for shape, typed in (("data_array", False), ("data_typed_array", True)):
        statement = make_statement(rows, typed)
        check_agreement(statement)
        comparisons: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            (
                "rows",
                lambda s=statement: baseline_rows(s),
                lambda s=statement: QueryResult.from_statement(s).rows,
            ),
            (
                "pandas DataFrame",
                lambda s=statement: pd.DataFrame(baseline_rows(s), columns=names),
                lambda s=statement: QueryResult.from_statement(s).to_pandas(),
            ),
        ]
        for output, baseline, ours in comparisons:
            base = median_seconds(baseline, runs)
            mine = median_seconds(ours, runs)
            with mock.patch.object(decoding, "gc_paused", contextlib.nullcontext):
                unpaused = median_seconds(ours, runs)
            print(
                f"| {shape} | {output} | {ms(base)} | {ms(mine)} | {base / mine:.1f}x "
                f"| {ms(unpaused)} |"
            )


def compare_types(rows: int, runs: int) -> None:
    """Print each column type decoded alone, GC paused for both sides."""
    statement = make_statement(rows, typed=False)
    assert statement.result is not None
    assert statement.result.data_array is not None
    values = list(zip(*statement.result.data_array, strict=True))
    print("| column type | per-value baseline (ms) | column converter (ms) | speed-up |")
    print("|---|---:|---:|---:|")
    seen = set()
    for (name, type_name, type_text), column_values in zip(COLUMNS, values, strict=True):
        if type_text in seen:
            continue
        seen.add(type_text)
        decoder = decoding.ColumnDecoder(Column(name, type_name, type_text))
        with decoding.gc_paused():
            base = median_seconds(
                lambda t=type_name, v=column_values: [baseline_value(t, x) for x in v], runs
            )
            mine = median_seconds(lambda d=decoder, v=column_values: d.decode(v), runs)
        if decoder.convert is None:
            print(f"| {type_text} | {ms(base)} | none (kept as text) | n/a |")
        else:
            print(f"| {type_text} | {ms(base)} | {ms(mine)} | {base / mine:.1f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print(f"{args.rows} rows x {len(COLUMNS)} columns, median of {args.runs} runs")
    print(
        f"Python {platform.python_version()} ({platform.machine()}, {os.cpu_count()} CPUs), "
        f"pandas {pd.__version__}, pyarrow {pa.__version__}, "
        f"databricks-ai-bridge {version('databricks-ai-bridge')}, {date.today().isoformat()}"
    )
    print()
    print(compare_peer(args.rows, args.runs).markdown)
    print()
    compare_shapes(args.rows, args.runs)
    print()
    compare_types(args.rows, args.runs)


if __name__ == "__main__":
    main()
