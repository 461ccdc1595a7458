"""Base classes shared by every model."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, TypeVar, Union

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
        use_attribute_docstrings=True,
    )


class RequestModel(BaseModel):
    """An immutable request body; unknown fields, values of the wrong type and text that is not
    valid Unicode (lone surrogates, which cannot be sent as UTF-8) are rejected."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", strict=True, defer_build=True, use_attribute_docstrings=True
    )

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
