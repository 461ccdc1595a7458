"""Random typed values and their encoding the way the server sends them, for property tests.

A ``Kind`` is one SQL type: its manifest entry, a strategy of the Python values decoding must
give back, and strategies of every text the server may send for one value, top-level (``encode``)
or nested in JSON (``to_json``). Helpers build statements and chunks from those texts.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

from genie_sdk.models.statements import StatementResponse
from genie_sdk.results import Column

UTC = timezone.utc
Encoder = Callable[[Any], st.SearchStrategy[str]]

# NUL is left out of text: CSV readers of Python 3.10 refuse it.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@dataclass(frozen=True)
class Kind:
    """A SQL type with the strategies to draw its values and to encode them."""

    type_name: str
    type_text: str
    values: st.SearchStrategy[Any] = field(repr=False)
    encode: Encoder = field(repr=False)
    to_json: Encoder = field(repr=False)
    precision: int | None = None
    scale: int | None = None

    def column(self, name: str) -> Column:
        return Column(name, self.type_name, self.type_text, self.precision, self.scale)


def _text_of(render: Callable[[Any], str]) -> Encoder:
    return lambda value: st.just(render(value))


def _json_string_of(render: Callable[[Any], str]) -> Encoder:
    return lambda value: st.just(json.dumps(render(value)))


def integer_kind(type_name: str, type_text: str, bits: int) -> Kind:
    values = st.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return Kind(type_name, type_text, values, _text_of(str), _text_of(str))


def decimal_kind(precision: int, scale: int) -> Kind:
    """``DECIMAL(p,s)``: the server writes exactly ``s`` fraction digits, in JSON as a number."""
    limit = 10**precision - 1
    values = st.integers(-limit, limit).map(lambda unscaled: Decimal(f"{unscaled}E-{scale}"))
    text = _text_of(lambda value: format(value, "f"))
    return Kind("DECIMAL", f"DECIMAL({precision},{scale})", values, text, text, precision, scale)


DECIMALS = st.integers(1, 38).flatmap(
    lambda precision: st.integers(0, precision).map(lambda scale: decimal_kind(precision, scale))
)

_SPELLINGS = {
    "nan": ["NaN", "nan"],
    "inf": ["Infinity", "inf", "+inf", "INF", "+Infinity"],
    "-inf": ["-Infinity", "-inf"],
}


def _non_finite(value: float) -> str | None:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return None


def float_kind(type_name: str) -> Kind:
    """``FLOAT``/``DOUBLE``: ``repr`` digits, or a spelling of NaN/infinity (quoted in JSON)."""

    def encode(value: float) -> st.SearchStrategy[str]:
        key = _non_finite(value)
        return st.just(repr(value)) if key is None else st.sampled_from(_SPELLINGS[key])

    def to_json(value: float) -> st.SearchStrategy[str]:
        key = _non_finite(value)
        if key is None:
            return st.just(repr(value))
        bare = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[key]
        return st.one_of(st.sampled_from(_SPELLINGS[key]).map(json.dumps), st.just(bare))

    return Kind(type_name, type_name, st.floats(), encode, to_json)


BOOLEAN = Kind(
    "BOOLEAN",
    "BOOLEAN",
    st.booleans(),
    _text_of(lambda value: "true" if value else "false"),
    _text_of(json.dumps),
)
DATE = Kind("DATE", "DATE", st.dates(), _text_of(date.isoformat), _json_string_of(date.isoformat))


@st.composite
def _wall_clock(draw: st.DrawFn, wall: datetime) -> str:
    """Spell a wall-clock time: ``T`` or space, and 0-9 fraction digits (extra ones dropped)."""
    text = wall.isoformat(sep=draw(st.sampled_from("T ")), timespec="seconds")
    micros = f"{wall.microsecond:06d}"
    digits = draw(st.integers(len(micros.rstrip("0")), 9))
    if digits == 0:
        return text
    extra = draw(st.text("0123456789", min_size=max(digits - 6, 0), max_size=max(digits - 6, 0)))
    return f"{text}.{micros[:digits]}{extra}"


@st.composite
def _zoned(draw: st.DrawFn, instant: datetime) -> str:
    """Spell a UTC instant with no zone (UTC), ``Z``, or an offset ``+hh:mm`` / ``+hhmm``."""
    offset = draw(st.none() | st.integers(-18 * 60, 18 * 60))
    if offset is None:
        return draw(_wall_clock(instant.replace(tzinfo=None)))
    wall = draw(_wall_clock((instant + timedelta(minutes=offset)).replace(tzinfo=None)))
    if offset == 0:
        return wall + draw(st.sampled_from(["Z", "+00:00", "-00:00", "+0000"]))
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"{wall}{sign}{hours:02d}{draw(st.sampled_from([':', '']))}{minutes:02d}"


# Instants a day inside datetime's range, so that every offset's wall clock fits too.
TIMESTAMP = Kind(
    "TIMESTAMP",
    "TIMESTAMP",
    st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30)).map(lambda d: d.replace(tzinfo=UTC)),
    _zoned,
    lambda value: _zoned(value).map(json.dumps),
)
TIMESTAMP_NTZ = Kind(
    "TIMESTAMP_NTZ",
    "TIMESTAMP_NTZ",
    st.datetimes(),
    _wall_clock,
    lambda value: _wall_clock(value).map(json.dumps),
)
BINARY = Kind(
    "BINARY",
    "BINARY",
    st.binary(max_size=24),
    _text_of(lambda value: base64.b64encode(value).decode()),
    _json_string_of(lambda value: base64.b64encode(value).decode()),
)


def text_kind(type_name: str, type_text: str, values: st.SearchStrategy[str] = TEXT) -> Kind:
    return Kind(type_name, type_text, values, st.just, _text_of(json.dumps))


INTERVALS = st.sampled_from(["1 02:03:04.000000000", "-0 00:00:01.500000000", "3-4", "0-0"])
VARIANTS = st.sampled_from(['{"a":1}', "[1,2]", '"text"', "12.5"])

NESTABLE: list[Kind] = [
    integer_kind("BYTE", "TINYINT", 8),
    integer_kind("SHORT", "SMALLINT", 16),
    integer_kind("INT", "INT", 32),
    integer_kind("LONG", "BIGINT", 64),
    float_kind("FLOAT"),
    float_kind("DOUBLE"),
    BOOLEAN,
    DATE,
    TIMESTAMP,
    TIMESTAMP_NTZ,
    BINARY,
    text_kind("STRING", "STRING"),
    text_kind("CHAR", "CHAR(3)"),
    text_kind("INTERVAL", "INTERVAL DAY TO SECOND", INTERVALS),
]
"""Scalar kinds (besides decimals) that also appear nested in ARRAY/MAP/STRUCT."""

TOP_LEVEL_ONLY: list[Kind] = [
    text_kind("VARIANT", "VARIANT", VARIANTS),
    text_kind("USER_DEFINED_TYPE", "GEOMETRY"),
    text_kind("GEOGRAPHY", "GEOGRAPHY(4326)"),
    Kind("NULL", "VOID", st.none(), st.just, st.just),
]
"""Kinds decoded as text (or always null) that are only tested as columns."""

MAP_KEYS: list[Kind] = [NESTABLE[2], NESTABLE[3], DATE, NESTABLE[11], decimal_kind(6, 2)]


def _json_array(element: Kind) -> Encoder:
    def encode(value: list[Any]) -> st.SearchStrategy[str]:
        parts = [st.just("null") if item is None else element.to_json(item) for item in value]
        return st.tuples(*parts).map(lambda texts: "[" + ",".join(texts) + "]")

    return encode


def array_kind(element: Kind) -> Kind:
    encode = _json_array(element)
    values = st.lists(st.none() | element.values, max_size=3)
    return Kind("ARRAY", f"ARRAY<{element.type_text}>", values, encode, encode)


def map_kind(key: Kind, element: Kind) -> Kind:
    """``MAP<K, V>`` as a JSON object whose keys are the keys' text encodings."""

    def encode(value: dict[Any, Any]) -> st.SearchStrategy[str]:
        entries = [
            st.tuples(
                key.encode(k).map(json.dumps),
                st.just("null") if v is None else element.to_json(v),
            ).map(":".join)
            for k, v in value.items()
        ]
        return st.tuples(*entries).map(lambda texts: "{" + ",".join(texts) + "}")

    values = st.dictionaries(key.values, st.none() | element.values, max_size=3)
    return Kind("MAP", f"MAP<{key.type_text}, {element.type_text}>", values, encode, encode)


FIELD_NAMES = st.sampled_from(["a", "b", "value", "Total_2", "my field", "x`y"])


def _quote(name: str) -> str:
    return name if name.replace("_", "").isalnum() else "`" + name.replace("`", "``") + "`"


def struct_kind(fields: Sequence[tuple[str, Kind]]) -> Kind:
    """``STRUCT<...>`` as a JSON object; a null field may be left out, as Spark does."""

    def encode(value: dict[str, Any]) -> st.SearchStrategy[str]:
        entries = [
            st.tuples(
                st.just(json.dumps(name)),
                st.just("null") if value[name] is None else kind.to_json(value[name]),
                st.booleans(),
            )
            for name, kind in fields
        ]
        return st.tuples(*entries).map(
            lambda parts: (
                "{"
                + ",".join(f"{n}:{t}" for n, t, drop in parts if not (drop and t == "null"))
                + "}"
            )
        )

    values = st.fixed_dictionaries({name: st.none() | kind.values for name, kind in fields}).map(
        lambda drawn: {name: drawn[name] for name, _ in fields}
    )
    text = ", ".join(f"{_quote(name)}: {kind.type_text}" for name, kind in fields)
    return Kind("STRUCT", f"STRUCT<{text}>", values, encode, encode)


def _nest(children: st.SearchStrategy[Kind]) -> st.SearchStrategy[Kind]:
    return st.one_of(
        children.map(array_kind),
        st.tuples(st.sampled_from(MAP_KEYS), children).map(lambda pair: map_kind(*pair)),
        st.lists(
            st.tuples(FIELD_NAMES, children), min_size=1, max_size=3, unique_by=lambda f: f[0]
        ).map(struct_kind),
    )


SCALARS = st.one_of(st.sampled_from(NESTABLE), DECIMALS)
NESTED = _nest(st.recursive(SCALARS, _nest, max_leaves=3))
COLUMN_KINDS = st.one_of(SCALARS, st.sampled_from(TOP_LEVEL_ONLY), NESTED)
NO_FLOAT32 = COLUMN_KINDS.filter(lambda kind: "FLOAT" not in kind.type_text)
"""Kinds whose values survive Arrow unchanged (a FLOAT becomes a float32 there)."""


@st.composite
def table(
    draw: st.DrawFn, kinds: st.SearchStrategy[Kind] = COLUMN_KINDS, max_rows: int = 6
) -> tuple[list[Column], list[tuple[Any, ...]], list[list[str | None]]]:
    """Draw columns, the rows decoding must give, and the server's text for each value."""
    chosen = draw(st.lists(kinds, min_size=1, max_size=5))
    columns = [kind.column(f"c{index}") for index, kind in enumerate(chosen)]
    rows = draw(
        st.lists(st.tuples(*(st.none() | kind.values for kind in chosen)), max_size=max_rows)
    )
    texts = [
        [
            None if value is None else draw(kind.encode(value))
            for kind, value in zip(chosen, row, strict=True)
        ]
        for row in rows
    ]
    return columns, rows, texts


def column_info(column: Column, position: int) -> dict[str, Any]:
    info: dict[str, Any] = {
        "name": column.name,
        "position": position,
        "type_name": column.type_name,
        "type_text": column.type_text,
    }
    if column.precision is not None:
        info.update(type_precision=column.precision, type_scale=column.scale)
    return info


def statement(
    columns: Sequence[Column],
    texts: Sequence[Sequence[str | None]],
    *,
    typed: bool = False,
    manifest: dict[str, Any] | None = None,
    result: dict[str, Any] | None = None,
) -> StatementResponse:
    """Build a statement the way the server sends it, in one of the two row shapes."""
    data: dict[str, Any] = {"row_count": len(texts), "row_offset": 0, **(result or {})}
    if typed:
        data["data_typed_array"] = [
            {"values": [{} if value is None else {"str": value} for value in row]} for row in texts
        ]
    else:
        data["data_array"] = [list(row) for row in texts]
    infos = [column_info(column, position) for position, column in enumerate(columns)]
    return StatementResponse.model_validate(
        {
            "statement_id": "stmt-1",
            "status": {"state": "SUCCEEDED"},
            "manifest": {
                "format": "JSON_ARRAY",
                "schema": {"column_count": len(infos), "columns": infos},
                "total_row_count": len(texts),
                **(manifest or {}),
            },
            "result": data,
        }
    )


def assert_same(actual: Any, expected: Any) -> None:
    """Assert equal values of the same types: NaN equals NaN, decimals keep their digits,
    timestamps are UTC (``timezone.utc``) or naive like the expectation."""
    assert type(actual) is type(expected), f"{actual!r} is not a {type(expected).__name__}"
    if isinstance(expected, float):
        if math.isnan(expected):
            assert math.isnan(actual)
        else:
            assert actual == expected
            assert math.copysign(1, actual) == math.copysign(1, expected)
    elif isinstance(expected, Decimal):
        assert str(actual) == str(expected)
    elif isinstance(expected, datetime):
        assert actual == expected
        if expected.tzinfo is None:
            assert actual.tzinfo is None
        else:
            assert actual.tzinfo is UTC
    elif isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected), f"{actual!r} != {expected!r}"
        for got, want in zip(actual, expected, strict=True):
            assert_same(got, want)
    elif isinstance(expected, dict):
        assert list(actual) == list(expected), f"{actual!r} != {expected!r}"
        for key in expected:
            assert_same(actual[key], expected[key])
    else:
        assert actual == expected


def arrow_chunk(table_: pa.Table, batch_rows: int | None = None) -> bytes:
    """Serialize a table as an Arrow IPC stream, as an ARROW_STREAM link returns it."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table_.schema) as writer:
        for batch in table_.to_batches(max_chunksize=batch_rows):
            writer.write_batch(batch)
    return bytes(sink.getvalue())


def blank_to_null(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """CSV cannot tell an empty string (or empty binary) from null."""
    return [tuple(None if value in ("", b"") else value for value in row) for row in rows]
