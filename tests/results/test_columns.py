"""Columns from the manifest and SQL types parsed from ``type_text``."""

from __future__ import annotations

import pytest

from genie_sdk.models import ColumnTypeName
from genie_sdk.models.statements import ColumnInfo, ResultManifest
from genie_sdk.results import Column, DataType, columns_from_manifest, parse_type

INT = DataType("INT")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INT", INT),
        ("bigint", DataType("LONG")),
        ("TINYINT", DataType("BYTE")),
        ("SMALLINT", DataType("SHORT")),
        ("DECIMAL(10,2)", DataType("DECIMAL", 10, 2)),
        ("DECIMAL(7)", DataType("DECIMAL", 7, 0)),
        ("decimal( 38 , 38 )", DataType("DECIMAL", 38, 38)),
        ("DECIMAL", DataType("DECIMAL")),
        ("VARCHAR(20)", DataType("STRING")),
        ("CHAR(3)", DataType("CHAR")),
        ("INTERVAL DAY TO SECOND", DataType("INTERVAL")),
        ("TIMESTAMP_NTZ", DataType("TIMESTAMP_NTZ")),
        ("VOID", DataType("NULL")),
        ("ARRAY<INT>", DataType("ARRAY", fields=(("element", INT),))),
        (
            "MAP<STRING, ARRAY<DECIMAL(10,2)>>",
            DataType(
                "MAP",
                fields=(
                    ("key", DataType("STRING")),
                    ("value", DataType("ARRAY", fields=(("element", DataType("DECIMAL", 10, 2)),))),
                ),
            ),
        ),
        (
            "STRUCT<a: INT NOT NULL, `b c`: DATE COMMENT 'x, y>', `d``e`: INTERVAL YEAR TO MONTH>",
            DataType(
                "STRUCT",
                fields=(("a", INT), ("b c", DataType("DATE")), ("d`e", DataType("INTERVAL"))),
            ),
        ),
        (
            "STRUCT<a INT, b STRING>",
            DataType("STRUCT", fields=(("a", INT), ("b", DataType("STRING")))),
        ),
        ("STRUCT<>", DataType("STRUCT")),
    ],
)
def test_parse_type(text: str, expected: DataType) -> None:
    assert parse_type(text) == expected


@pytest.mark.parametrize(
    "text", ["", "ARRAY<INT", "MAP<INT>", "DECIMAL(a,b)", "STRUCT<a: INT,>", "INT>", "ARRAY<'x'>"]
)
def test_parse_type_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="type"):
        parse_type(text)


def test_contains() -> None:
    nested = parse_type("STRUCT<a: ARRAY<DECIMAL(5,1)>>")
    assert nested.contains("DECIMAL")
    assert not nested.contains("DATE")


def test_column_from_info() -> None:
    info = ColumnInfo(
        name="price",
        position=0,
        type_name=ColumnTypeName.DECIMAL,
        type_text="DECIMAL(12,4)",
        type_precision=12,
        type_scale=4,
    )
    column = Column.from_info(info)
    assert column == Column("price", "DECIMAL", "DECIMAL(12,4)", 12, 4)
    assert type(column.type_name) is str
    assert column.data_type == DataType("DECIMAL", 12, 4)


def test_column_type_name_from_type_text_when_missing() -> None:
    assert Column.from_info(ColumnInfo(name="a", type_text="ARRAY<INT>")).type_name == "ARRAY"
    assert Column.from_info(ColumnInfo(name="a")).type_name == "STRING"


def test_column_type_name_wins_over_type_text() -> None:
    column = Column("g", "USER_DEFINED_TYPE", "GEOMETRY")
    assert column.data_type == DataType("USER_DEFINED_TYPE")
    assert Column("x", "int").type_name == "INT"


def test_precision_from_schema_wins_and_bad_type_text_is_ignored() -> None:
    assert Column("d", "DECIMAL", "DECIMAL(10,2)", 12, 3).data_type == DataType("DECIMAL", 12, 3)
    assert Column("a", "ARRAY", "ARRAY<").data_type == DataType("ARRAY")
    assert Column("s", "STRING", None).sql_type == "STRING"


def test_columns_from_manifest_in_position_order() -> None:
    manifest = ResultManifest.model_validate(
        {
            "schema": {
                "columns": [
                    {"name": "b", "position": 1, "type_name": "INT"},
                    {"name": "a", "position": 0, "type_name": "DATE"},
                ]
            }
        }
    )
    assert columns_from_manifest(manifest) == [Column("a", "DATE"), Column("b", "INT")]
    assert columns_from_manifest(None) == []
