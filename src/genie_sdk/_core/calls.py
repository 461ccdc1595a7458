"""A description of one API request and how to decode its answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from genie_sdk.errors import DecodeError, GenieError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

__all__ = ["API_PREFIX", "Call", "Page", "genie_path", "response_id", "segment"]

API_PREFIX = "/api/2.0/genie"


def segment(name: str, value: str) -> str:
    """Validate an id a caller passed for a path segment and percent-encode it.

    Raises:
        ValueError: the id is empty, not a string, or contains ``/``.
    """
    problem = _id_problem(value)
    if problem:
        raise ValueError(f"{name} {problem}, got {value!r}")
    return quote(value, safe="")


def response_id(name: str, value: str, error: Callable[[str], GenieError] = DecodeError) -> str:
    """Return an id read from a response, raising ``error`` if it cannot be a path segment."""
    problem = _id_problem(value)
    if problem:
        raise error(f"the server sent {name}={value!r}, but {name} {problem}")
    return value


def _id_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    if "/" in value:
        return "must not contain '/'"
    return None


def genie_path(*parts: str) -> str:
    """Join already-encoded segments under the Genie API prefix."""
    return "/".join((API_PREFIX, *parts))


@dataclass(frozen=True)
class Call(Generic[T_co]):
    """One request: method, path on the workspace (or an absolute ``url``), and its decoder.

    ``decode`` receives the parsed JSON body (``{}`` when empty), or the raw bytes when ``raw``
    is set.
    ``authenticated=False`` sends no workspace credentials and none of the client's headers: it is
    used for pre-signed external links, which get only ``headers``.
    """

    method: str
    path: str
    decode: Callable[[Any], T_co]
    params: Mapping[str, str] | None = None
    body: Mapping[str, Any] | None = None
    raw: bool = False
    url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    authenticated: bool = True
    timeout: httpx.Timeout | None = None

    @property
    def full_path(self) -> str:
        """The request path as logged: the API path, or ``<external link>``."""
        return "<external link>" if self.url else self.path


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing and the token of the next page (``None`` on the last page)."""

    items: list[T]
    next_page_token: str | None = None

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
