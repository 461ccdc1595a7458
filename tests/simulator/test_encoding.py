"""Databricks type names and value encodings for every column type."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from genie_sdk.simulator.sql.encoding import format_double, format_float, format_timestamp
from tests.simulator._helpers import Genie

EXPECTED_TYPES = [
    ("id", "INT", "INT"),
    ("c_int", "INT", "INT"),
    ("c_long", "LONG", "BIGINT"),
    ("c_short", "SHORT", "SMALLINT"),
    ("c_byte", "BYTE", "TINYINT"),
    ("c_double", "DOUBLE", "DOUBLE"),
    ("c_float", "FLOAT", "FLOAT"),
    ("c_decimal", "DECIMAL", "DECIMAL(10,2)"),
    ("c_string", "STRING", "STRING"),
    ("c_boolean", "BOOLEAN", "BOOLEAN"),
    ("c_date", "DATE", "DATE"),
    ("c_timestamp", "TIMESTAMP", "TIMESTAMP"),
    ("c_timestamp_ntz", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ"),
    ("c_binary", "BINARY", "BINARY"),
    ("c_array", "ARRAY", "ARRAY<INT>"),
    ("c_map", "MAP", "MAP<STRING, INT>"),
    ("c_struct", "STRUCT", "STRUCT<a: INT, b: STRING>"),
    ("c_interval", "INTERVAL", "INTERVAL DAY TO SECOND"),
]

EXPECTED_ROWS = [
    [
        "1",
        "42",
        "9007199254740993",
        "123",
        "7",
        "3.141592653589793",
        "1.5",
        "1234.50",
        "hello",
        "true",
        "2024-01-05",
        "2024-01-05T10:00:00.123Z",
        "2024-01-05T10:00:00.123456",
        base64.b64encode(b"\x00\xffgenie").decode(),
        "[1,2,3]",
        '{"a":1,"b":2}',
        '{"a":1,"b":"x"}',
        "1 02:03:04.500000000",
    ],
    [
        "2",
        "-2147483648",
        "-9223372036854775808",
        "-32768",
        "-128",
        "NaN",
        "Infinity",
        "-0.01",
        'comma, "quote"\nnew line ü€',
        "false",
        "0001-01-01",
        "1970-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.999999",
        "",
        "[]",
        '{"":0}',
        '{"a":null,"b":""}',
        "-3 00:00:00.000000000",
    ],
    [
        "3",
        "2147483647",
        "9223372036854775807",
        "32767",
        "127",
        "-Infinity",
        "0.1",
        "99999999.99",
        "",
        "true",
        "2024-02-29",
        "2024-06-30T21:59:59.000Z",
        "2024-02-29T12:00:00.000",
        base64.b64encode(b"bytes").decode(),
        "[null,4]",
        '{"z":null}',
        '{"a":3,"b":null}',
        "0 00:00:00.000000000",
    ],
    ["4"] + [None] * 17,
]


def test_every_type_over_the_api(genie: Genie) -> None:
    statement = genie.result(genie.ask("show all column types"))
    columns = statement["manifest"]["schema"]["columns"]
    assert [(c["name"], c["type_name"], c["type_text"]) for c in columns] == EXPECTED_TYPES
    assert [c["position"] for c in columns] == list(range(len(EXPECTED_TYPES)))
    decimal = columns[7]
    assert (decimal["type_precision"], decimal["type_scale"]) == (10, 2)
    assert columns[17]["type_interval_type"] == "DAY TO SECOND"
    assert statement["result"]["data_array"] == EXPECTED_ROWS
    for row in statement["result"]["data_array"][:3]:
        for text in row[14:17]:
            json.loads(text)


def test_sales_table_types(genie: Genie) -> None:
    columns = genie.result(genie.ask("show all sales"))["manifest"]["schema"]["columns"]
    assert {c["type_name"] for c in columns} == {
        "LONG",
        "INT",
        "SHORT",
        "DATE",
        "TIMESTAMP",
        "DECIMAL",
        "FLOAT",
        "STRING",
        "BOOLEAN",
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.5, "1.5"),
        (100.0, "100.0"),
        (0.001, "0.001"),
        (1234567.25, "1234567.25"),
        (1e7, "1.0E7"),
        (12345678.9, "1.23456789E7"),
        (0.0001, "1.0E-4"),
        (-2.5e-10, "-2.5E-10"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (float("nan"), "NaN"),
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
    ],
)
def test_doubles_print_like_java(value: float, text: str) -> None:
    assert format_double(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1, "0.1"), (1.5, "1.5"), (3.4028234663852886e38, "3.4028235E38"), (1e-5, "1.0E-5")],
)
def test_floats_print_like_java(value: float, text: str) -> None:
    assert format_float(value) == text


def test_timestamps() -> None:
    moment = dt.datetime(2024, 1, 5, 10, 0, 0, 123000)
    assert format_timestamp(moment) == "2024-01-05T10:00:00.123Z"
    assert format_timestamp(moment, zone=False) == "2024-01-05T10:00:00.123"
    assert format_timestamp(moment.replace(microsecond=1)) == "2024-01-05T10:00:00.000001Z"
