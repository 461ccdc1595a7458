"""Result columns and the SQL types they carry, parsed from ``type_text``."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from genie_sdk.models.statements import ColumnInfo, ResultManifest

__all__ = ["Column", "DataType", "columns_from_manifest", "parse_type"]

_TYPE_NAMES = {
    "TINYINT": "BYTE",
    "SMALLINT": "SHORT",
    "INTEGER": "INT",
    "BIGINT": "LONG",
    "REAL": "FLOAT",
    "DEC": "DECIMAL",
    "NUMERIC": "DECIMAL",
    "VARCHAR": "STRING",
    "TIMESTAMP_LTZ": "TIMESTAMP",
    "VOID": "NULL",
}
"""SQL spellings in ``type_text`` mapped to the ``type_name`` the manifest uses."""

_FIELD_KEYWORDS = frozenset({"NOT", "NULL", "COMMENT"})

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<quoted>`(?:[^`]|``)*`)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<punct>[<>(),:])
      | (?P<word>[^\s<>(),:`'"]+)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class DataType:
    """A SQL type: its ``type_name``, decimal precision and scale, and its nested types.

    ``fields`` holds ``("element", T)`` for ``ARRAY``, ``("key", K), ("value", V)`` for ``MAP`` and
    one ``(name, T)`` per field for ``STRUCT``; it is empty for other types or when ``type_text``
    did not say.
    """

    name: str
    precision: int | None = None
    scale: int | None = None
    fields: tuple[tuple[str, DataType], ...] = ()

    def contains(self, name: str) -> bool:
        """Tell whether this type or one nested in it is ``name``."""
        return self.name == name or any(child.contains(name) for _, child in self.fields)


@dataclass(frozen=True)
class Column:
    """One column of a query result.

    Attributes:
        name: Column name as the query returned it.
        type_name: Databricks type name such as ``"INT"``, ``"DECIMAL"`` or ``"ARRAY"``.
        type_text: Full SQL type such as ``"DECIMAL(10,2)"`` or ``"ARRAY<DATE>"``, when known.
        precision: Decimal precision, when known.
        scale: Decimal scale, when known.
    """

    name: str
    type_name: str = "STRING"
    type_text: str | None = None
    precision: int | None = None
    scale: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "type_name", str(self.type_name).upper())

    @classmethod
    def from_info(cls, info: ColumnInfo) -> Column:
        """Build a column from a manifest's [`ColumnInfo`][genie_sdk.models.ColumnInfo]."""
        type_name = info.type_name
        if type_name is None:
            type_name = parse_type(info.type_text).name if info.type_text else "STRING"
        return cls(info.name, str(type_name), info.type_text, info.type_precision, info.type_scale)

    @property
    def data_type(self) -> DataType:
        """The column's type with nested element, key, value and field types."""
        return _column_type(self.type_name, self.type_text, self.precision, self.scale)

    @property
    def sql_type(self) -> str:
        """``type_text`` when known, else ``type_name``, for messages."""
        return self.type_text or self.type_name


def columns_from_manifest(manifest: ResultManifest | None) -> list[Column]:
    """Return the columns of a result manifest in position order."""
    infos: Sequence[ColumnInfo] = manifest.columns if manifest is not None else []
    if all(info.position is not None for info in infos):
        infos = sorted(infos, key=lambda info: info.position or 0)
    return [Column.from_info(info) for info in infos]


def parse_type(type_text: str) -> DataType:
    """Parse a SQL ``type_text`` such as ``MAP<STRING, ARRAY<DECIMAL(10,2)>>``.

    Raises:
        ValueError: The text is not a type this parser understands.
    """
    parser = _Parser(type_text)
    parsed = parser.type()
    parser.end()
    return parsed


@functools.lru_cache(maxsize=512)
def _column_type(
    type_name: str, type_text: str | None, precision: int | None, scale: int | None
) -> DataType:
    parsed = DataType(type_name)
    if type_text:
        try:
            parsed = parse_type(type_text)
        except ValueError:
            parsed = DataType(type_name)
    if parsed.name != type_name:
        parsed = DataType(type_name)
    return DataType(
        type_name,
        precision if precision is not None else parsed.precision,
        scale if scale is not None else parsed.scale,
        parsed.fields,
    )


class _Parser:
    """A recursive-descent parser over the tokens of a ``type_text``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenize(text)
        self.index = 0

    @staticmethod
    def _tokenize(text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                if text[position:].isspace():
                    break
                raise ValueError(f"unexpected character in type {text!r} at {position}")
            kind = match.lastgroup
            assert kind is not None
            tokens.append((kind, match.group(kind)))
            position = match.end()
        return tokens

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise ValueError(f"malformed type {self.text!r}: expected {value or kind}")
        self.index += 1
        return token[1]

    def accept(self, value: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == "punct" and token[1] == value:
            self.index += 1
            return True
        return False

    def end(self) -> None:
        if self.peek() is not None:
            raise ValueError(f"malformed type {self.text!r}: trailing text")

    def type(self) -> DataType:
        word = self.take("word").upper()
        name = _TYPE_NAMES.get(word, word)
        if name == "ARRAY":
            self.take("punct", "<")
            element = self.type()
            self.take("punct", ">")
            return DataType(name, fields=(("element", element),))
        if name == "MAP":
            self.take("punct", "<")
            key = self.type()
            self.take("punct", ",")
            value = self.type()
            self.take("punct", ">")
            return DataType(name, fields=(("key", key), ("value", value)))
        if name == "STRUCT":
            return DataType(name, fields=self.struct_fields())
        parameters = self.parameters()
        while (token := self.peek()) is not None and token[0] == "word":
            if token[1].upper() in _FIELD_KEYWORDS:
                break
            self.index += 1
        if name == "DECIMAL" and parameters:
            scale = parameters[1] if len(parameters) > 1 else 0
            return DataType(name, precision=parameters[0], scale=scale)
        return DataType(name)

    def parameters(self) -> list[int]:
        values: list[int] = []
        if self.accept("("):
            while not self.accept(")"):
                word = self.take("word")
                if not word.isdigit():
                    raise ValueError(f"malformed type {self.text!r}: bad parameter {word!r}")
                values.append(int(word))
                self.accept(",")
        return values

    def struct_fields(self) -> tuple[tuple[str, DataType], ...]:
        self.take("punct", "<")
        fields: list[tuple[str, DataType]] = []
        while not self.accept(">"):
            if fields:
                self.take("punct", ",")
            token = self.peek()
            if token is not None and token[0] == "quoted":
                self.index += 1
                name = token[1][1:-1].replace("``", "`")
            else:
                name = self.take("word")
            self.accept(":")
            fields.append((name, self.type()))
            self.field_options()
        return tuple(fields)

    def field_options(self) -> None:
        while (token := self.peek()) is not None and token[0] == "word":
            keyword = token[1].upper()
            if keyword == "COMMENT":
                self.index += 1
                self.take("string")
            elif keyword in ("NOT", "NULL"):
                self.index += 1
            else:
                return
