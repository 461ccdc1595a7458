"""Values as text (CSV, markdown, string columns, JSON): decimals in plain notation, exact."""

from __future__ import annotations

from decimal import Decimal

import pytest

from genie_sdk.results import Column, QueryResult
from genie_sdk.results.encoding import encode_json, encode_value
from genie_sdk.results.frames import arrow_table


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.000000123456", "0.000000123456"),
        ("1.23456E-7", "0.000000123456"),
        ("1.20", "1.20"),
        ("1E+3", "1000"),
        ("-0.0000000", "-0.0000000"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("1E-38", "0." + "0" * 37 + "1"),
        ("NaN", "NaN"),
        ("-Infinity", "-Infinity"),
        ("1E+999999999", "1E+999999999"),  # a hostile exponent does not grow into a huge string
    ],
)
def test_decimals_are_written_plain_with_every_digit(value: str, text: str) -> None:
    assert encode_value(Decimal(value)) == text


def test_nested_decimals_are_plain_too() -> None:
    assert (
        encode_json([Decimal("1E-7"), {"x": Decimal("2.5E-8")}])
        == '["0.0000001",{"x":"0.000000025"}]'
    )


def test_markdown_shows_plain_decimals() -> None:
    result = QueryResult(
        [Column("tiny", "DECIMAL", "DECIMAL(18,12)", 18, 12)], [(Decimal("1.23456E-7"),)]
    )

    assert result.to_markdown().splitlines()[2] == "| 0.000000123456 |"


def test_a_string_column_holding_decimals_shows_them_plain() -> None:
    column = Column("mixed", "STRING")

    table = arrow_table([column], [(Decimal("1.23456E-7"),), ("text",)])

    assert table.column("mixed").to_pylist() == ["0.000000123456", "text"]
