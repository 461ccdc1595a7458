"""Typed results end to end: every Databricks type into pandas and Arrow, and bounded-memory downloads."""

from __future__ import annotations

import datetime as dt
import decimal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client

PANDAS = {
    "c_int": "Int32",
    "c_long": "Int64",
    "c_short": "Int16",
    "c_byte": "Int8",
    "c_double": "float64",
    "c_float": "float32",
    "c_boolean": "boolean",
    "c_timestamp": "datetime64[us, UTC]",
    "c_timestamp_ntz": "datetime64[us]",
}
ARROW = {
    "c_decimal": pa.decimal128(10, 2),
    "c_date": pa.date32(),
    "c_timestamp": pa.timestamp("us", tz="UTC"),
    "c_timestamp_ntz": pa.timestamp("us"),
    "c_binary": pa.binary(),
    "c_array": pa.list_(pa.int32()),
    "c_map": pa.map_(pa.string(), pa.int32()),
    "c_struct": pa.struct([("a", pa.int32()), ("b", pa.string())]),
}


def test_every_type_is_typed_in_rows_pandas_and_arrow(live: Client, sim: GenieSimulator) -> None:
    for row_format in ("data_array", "data_typed_array"):
        sim.settings.row_format = row_format
        result = live(live.client.ask(sim.space_id, "show all column types")).result
        row = result.to_dicts()[0]
        assert isinstance(row["c_decimal"], decimal.Decimal)
        assert isinstance(row["c_date"], dt.date)
        assert row["c_timestamp"].tzinfo is not None
        assert row["c_timestamp_ntz"].tzinfo is None
        assert isinstance(row["c_binary"], bytes)
        assert isinstance(row["c_array"], list)
        assert isinstance(row["c_struct"], dict)
        frame = result.to_pandas()
        assert {name: str(frame[name].dtype) for name in PANDAS} == PANDAS
        schema = result.to_arrow().schema
        assert {name: schema.field(name).type for name in ARROW} == ARROW


MEASURE = """
import sys, tracemalloc
from genie_sdk import GenieClient, PollingPolicy
from genie_sdk.auth import PAT

url, token, space, target = sys.argv[1:]
with GenieClient(url, auth=PAT(token), polling=PollingPolicy(initial=0.01, maximum=0.05)) as client:
    answer = client.ask(space, "show all sales")
    answer.download(target)  # warm up: imports and first-use caches are not what is measured
    peaks = []
    for action in (lambda: answer.download(target), lambda: list(answer.iter_rows())):
        tracemalloc.start()
        action()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(*peaks)
"""


def test_full_download_to_parquet_uses_bounded_memory(sim: GenieSimulator, tmp_path: Path) -> None:
    sim.settings.chunk_rows = 1000
    target = tmp_path / "sales.parquet"
    # The client runs in its own process so that only its memory is measured, not the server's.
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, sim.url, sim.token, sim.space_id, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    streaming, holding = (int(value) for value in measured.stdout.split())
    assert pq.read_metadata(target).num_rows == sim.query_sql("SELECT COUNT(*) FROM sales")[0][0]
    assert streaming < holding / 3, (streaming, holding)
