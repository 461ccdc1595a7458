"""Base classes shared by every model."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["GenieModel", "Open", "OpenEnum", "RequestModel"]

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
    """An immutable request body; unknown fields and values of the wrong type are rejected."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", strict=True, defer_build=True, use_attribute_docstrings=True
    )

    def to_body(self) -> dict[str, object]:
        """Return the JSON body, leaving out fields that were not set."""
        return self.model_dump(mode="json", exclude_none=True)
