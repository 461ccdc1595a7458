"""Base classes shared by every model."""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import linecache
import sys
from enum import Enum
from typing import Annotated, Any, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import Self

__all__ = ["GenieModel", "Open", "OpenEnum", "RequestModel", "unicode_problem"]

E = TypeVar("E", bound="OpenEnum")

Open = Annotated[Union[E, str], Field(union_mode="left_to_right")]  # noqa: UP007
"""A field holding a known enum member, or the raw string of a value this SDK does not know yet."""


class OpenEnum(str, Enum):
    """A string enum whose ``str()`` is its value."""

    def __str__(self) -> str:
        return str(self.value)


class GenieModel(BaseModel):
    """An immutable API object that keeps fields it does not know."""

    model_config = ConfigDict(
        frozen=True,
        extra="allow",
        defer_build=True,
        populate_by_name=True,
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        describe_fields(cls)


class RequestModel(BaseModel):
    """An immutable request body; unknown fields, values of the wrong type and text that is not
    valid Unicode (lone surrogates, which cannot be sent as UTF-8) are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        describe_fields(cls)

    @model_validator(mode="after")
    def _text_is_unicode(self) -> Self:
        for name, value in self:
            unicode_problem(name, value)
        return self

    def to_body(self) -> dict[str, object]:
        """Return the JSON body, leaving out fields that were not set."""
        return self.model_dump(mode="json", exclude_none=True)


def unicode_problem(name: str, value: object) -> None:
    """Raise ``ValueError`` if ``value`` holds text with a lone surrogate (it cannot be UTF-8)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(
                f"{name} must be valid Unicode text: it holds a lone surrogate at position "
                f"{error.start}"
            ) from None
    elif isinstance(value, (list, tuple)):
        for item in value:
            unicode_problem(name, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            unicode_problem(name, key)
            unicode_problem(name, item)


def describe_fields(model: type[BaseModel]) -> None:
    """Give each field of ``model`` without a description the docstring written under it.

    Pydantic's ``use_attribute_docstrings`` does the same, but parses the whole module once per
    class; this parses each module once. Runs before the deferred schema build, so descriptions
    reach the JSON schema.
    """
    docstrings = _attribute_docstrings(model.__module__).get(model.__qualname__, {})
    for name, field in model.__pydantic_fields__.items():
        if field.description is None and name in docstrings:
            field.description = docstrings[name]


@functools.cache
def _attribute_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    """Docstrings under annotated attributes, by top-level class name, of one module's source."""
    module = sys.modules[module_name]
    filename = getattr(module, "__file__", None)
    source = "".join(linecache.getlines(filename, vars(module))) if filename else ""
    if not source:
        return {}
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = {
                statement.target.id: inspect.cleandoc(following.value.value)
                for statement, following in itertools.pairwise(node.body)
                if isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            }
    return found
