"""Typed Arrow tables, pandas and polars frames built from decoded rows.

Arrow types follow the column types: ``BYTE``/``SHORT``/``INT``/``LONG`` → ``int8``/``int16``/
``int32``/``int64``; ``DECIMAL(p,s)`` → ``decimal128(p, s)`` (``decimal256`` when ``p > 38``);
``FLOAT``/``DOUBLE`` → ``float32``/``float64``; ``BOOLEAN`` → ``bool``; ``DATE`` → ``date32``;
``TIMESTAMP`` → ``timestamp("us", tz="UTC")``; ``TIMESTAMP_NTZ`` → ``timestamp("us")``; ``BINARY``
→ ``binary``; ``NULL`` → ``null``; ``ARRAY``/``MAP``/``STRUCT`` → ``list``/``map``/``struct`` of
these types when ``type_text`` names every nested type. Everything else is ``string``: text types,
intervals, variants, decimals of unknown precision and nested types whose element types are
unknown (as JSON text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from genie_sdk._optional import require, require_extra
from genie_sdk.results.columns import Column, DataType
from genie_sdk.results.encoding import encode_value

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = [
    "array_of",
    "arrow_schema",
    "arrow_table",
    "arrow_type",
    "table_to_pandas",
    "table_to_polars",
]

_SIMPLE = {
    "BYTE": "int8",
    "SHORT": "int16",
    "INT": "int32",
    "LONG": "int64",
    "FLOAT": "float32",
    "DOUBLE": "float64",
    "BOOLEAN": "bool_",
    "DATE": "date32",
    "BINARY": "binary",
    "NULL": "null",
    "STRING": "string",
    "CHAR": "string",
    "INTERVAL": "string",
}
_MAX_DECIMAL128 = 38
_MAX_DECIMAL256 = 76


def _pyarrow(feature: str) -> Any:
    return require("pyarrow", "arrow", feature)


def arrow_type(data_type: DataType) -> pa.DataType | None:
    """Return the Arrow type of ``data_type``, or ``None`` when it has no faithful one."""
    pa = _pyarrow("Arrow conversion")
    name = data_type.name
    if name in _SIMPLE:
        return getattr(pa, _SIMPLE[name])()
    if name in ("TIMESTAMP", "TIMESTAMP_NTZ"):
        return pa.timestamp("us", tz="UTC" if name == "TIMESTAMP" else None)
    if name == "DECIMAL":
        precision, scale = data_type.precision, data_type.scale or 0
        if precision is None or not 0 < precision <= _MAX_DECIMAL256 or scale > precision:
            return None
        factory = pa.decimal128 if precision <= _MAX_DECIMAL128 else pa.decimal256
        return factory(precision, scale)
    if name not in ("ARRAY", "MAP", "STRUCT") or not data_type.fields:
        return None
    children = [arrow_type(child) for _, child in data_type.fields]
    if any(child is None for child in children):
        return None
    if name == "ARRAY":
        return pa.list_(children[0])
    if name == "MAP":
        return pa.map_(children[0], children[1])
    names = [name for name, _ in data_type.fields]
    return pa.struct([pa.field(name, child) for name, child in zip(names, children, strict=True)])


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    """Return the Arrow schema of ``columns``; columns without a faithful type are strings."""
    pa = _pyarrow("Arrow conversion")
    return pa.schema(
        [pa.field(column.name, arrow_type(column.data_type) or pa.string()) for column in columns]
    )


def arrow_table(
    columns: Sequence[Column], rows: Sequence[Sequence[Any]], schema: pa.Schema | None = None
) -> pa.Table:
    """Build a typed Arrow table from decoded rows (``schema`` defaults to ``arrow_schema``).

    Raises:
        ImportError: pyarrow is not installed.
        TypeError, ValueError: A value does not fit its column's type.
    """
    pa = _pyarrow("Arrow conversion")
    if schema is None:
        schema = arrow_schema(columns)
    if not columns:
        empty = pa.array([{}] * len(rows), type=pa.struct([]))
        return pa.Table.from_batches([pa.RecordBatch.from_struct_array(empty)])
    values: Sequence[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    arrays = [
        array_of(pa, column_values, field.type)
        for field, column_values in zip(schema, values, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def array_of(pa: Any, values: Sequence[Any], arrow_type: Any) -> Any:
    """Build one column of decoded values; a string column also takes non-text values, as their
    text encoding."""
    try:
        return pa.array(values, type=arrow_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        if not pa.types.is_string(arrow_type):
            raise
    return pa.array([encode_value(value) for value in values], type=arrow_type)


def table_to_pandas(table: pa.Table) -> pd.DataFrame:
    """Convert an Arrow table to pandas with nullable integer and boolean dtypes.

    Integers become ``Int8``…``Int64`` and booleans ``boolean`` whether or not they hold nulls;
    timestamps are ``datetime64[us, UTC]`` (``datetime64[us]`` for ``TIMESTAMP_NTZ``); floats are
    ``float32``/``float64`` with null as ``NaN``; dates, decimals, binaries and nested values are
    Python objects (maps as dicts).
    """
    require_extra("pandas", "to_pandas()")
    pa = _pyarrow("to_pandas()")
    pandas = require("pandas", "pandas", "to_pandas()")
    dtypes = {
        pa.int8(): pandas.Int8Dtype(),
        pa.int16(): pandas.Int16Dtype(),
        pa.int32(): pandas.Int32Dtype(),
        pa.int64(): pandas.Int64Dtype(),
        pa.bool_(): pandas.BooleanDtype(),
    }
    names = table.column_names
    repeated = len(set(names)) < len(names)
    if repeated:  # Arrow maps dtypes by name: convert under unique names, then restore them.
        table = table.rename_columns([str(index) for index in range(len(names))])
    frame = cast("pd.DataFrame", table.to_pandas(types_mapper=dtypes.get, maps_as_pydicts="strict"))
    if repeated:
        frame.columns = pandas.Index(names)
    return frame


def table_to_polars(table: pa.Table) -> pl.DataFrame:
    """Convert an Arrow table to polars.

    Polars needs unique column names, so repeated names get a ``_1``, ``_2``… suffix, and it has
    no 256-bit decimals, so ``DECIMAL`` columns wider than 38 digits become strings.
    """
    require_extra("polars", "to_polars()")
    pa = _pyarrow("to_polars()")
    polars = require("polars", "polars", "to_polars()")
    seen: dict[str, int] = {}
    fields = []
    for field in table.schema:
        count = seen.get(field.name, 0)
        seen[field.name] = count + 1
        name = f"{field.name}_{count}" if count else field.name
        fields.append(pa.field(name, _without_decimal256(pa, field.type)))
    schema = pa.schema(fields)
    if schema != table.schema:
        table = table.rename_columns(schema.names).cast(schema)
    return cast("pl.DataFrame", polars.from_arrow(table))


def _without_decimal256(pa: Any, data_type: Any) -> Any:
    """Replace ``decimal256`` in ``data_type`` (nested too) by ``string``."""
    if pa.types.is_decimal256(data_type):
        return pa.string()
    if pa.types.is_list(data_type):
        return pa.list_(_without_decimal256(pa, data_type.value_type))
    if pa.types.is_map(data_type):
        return pa.map_(
            _without_decimal256(pa, data_type.key_type),
            _without_decimal256(pa, data_type.item_type),
        )
    if pa.types.is_struct(data_type):
        return pa.struct(
            [field.with_type(_without_decimal256(pa, field.type)) for field in data_type]
        )
    return data_type
