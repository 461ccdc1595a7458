"""A description of one API request and how to decode its answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote, unquote

from genie_sdk.errors import DecodeError, GenieError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

__all__ = [
    "API_PREFIX",
    "Call",
    "Page",
    "genie_path",
    "path_problem",
    "response_id",
    "segment",
    "segment_problem",
]

API_PREFIX = "/api/2.0/genie"


def segment(name: str, value: str) -> str:
    """Validate an id a caller passed for a path segment and percent-encode it.

    Raises:
        ValueError: the id is not one plain path segment (see `segment_problem`).
    """
    problem = segment_problem(value)
    if problem:
        raise ValueError(f"{name} {problem}, got {_shown(value)}")
    return quote(value, safe="")


def response_id(name: str, value: str, error: Callable[[str], GenieError] = DecodeError) -> str:
    """Return an id read from a response, raising ``error`` if it cannot be a path segment."""
    problem = segment_problem(value)
    if problem:
        raise error(f"the server sent {name}={_shown(value)}, but {name} {problem}")
    return value


def segment_problem(value: object) -> str | None:
    """Why ``value`` cannot be one path segment, or ``None`` when it can.

    A segment must be a non-blank string that stays one segment whatever decodes it: not ``.``
    or ``..`` (clients and servers collapse them into the parent), no ``/``, ``\\``, ``?``,
    ``#``, control characters or lone surrogates (text that cannot be UTF-8), also after
    percent-decoding and Unicode compatibility normalization (a server may apply either before
    routing).
    """
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    if _PLAIN.fullmatch(value) and value.strip("."):
        return None  # Unreserved ASCII: no decoding or normalization changes it.
    decoded = _decoded(value)
    forms = (value, decoded, unicodedata.normalize("NFKC", decoded))
    for form in forms:
        if form.strip() in (".", ".."):
            return "must not be '.' or '..'"
        if _UNSAFE.search(form):
            return "must not contain '/', '\\', '?', '#', control characters or invalid text"
    return None


_PLAIN = re.compile(r"[A-Za-z0-9._~-]+")
_UNSAFE = re.compile(r"[/\\?#\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MAX_SHOWN = 60


def _decoded(value: str) -> str:
    """``value`` percent-decoded until it no longer changes (a few rounds at most)."""
    for _ in range(4):
        decoded = unquote(value, errors="surrogateescape")
        if decoded == value:
            break
        value = decoded
    return value


def _shown(value: object) -> str:
    """``value`` for an error message: escaped, and cut when long."""
    text = ascii(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def path_problem(value: object) -> str | None:
    """Why a path a server sent (``/api/...``, maybe with a query) cannot be followed, or ``None``.

    Every segment must pass `segment_problem`, so the path cannot climb to another resource.
    """
    if not isinstance(value, str) or not value.startswith("/"):
        return "is not a path on the workspace"
    path, _, query = value.partition("?")
    if any(segment_problem(part) for part in path[1:].split("/")):
        return "has a segment that is empty, '.', '..' or not plain text"
    if _UNSAFE_QUERY.search(query):
        return "has a query with '#', control characters or invalid text"
    return None


_UNSAFE_QUERY = re.compile(r"[#\s\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def genie_path(*parts: str) -> str:
    """Join already-encoded segments under the Genie API prefix."""
    return "/".join((API_PREFIX, *parts))


@dataclass(frozen=True)
class Call(Generic[T_co]):
    """One request: method, path on the workspace (or an absolute ``url``), and its decoder.

    ``decode`` receives the parsed JSON body (``{}`` when empty), or the raw bytes when ``raw``
    is set. ``decode_json``, when given, decodes a non-empty JSON body from its bytes in one pass
    (pydantic's ``model_validate_json``); a body it refuses goes to ``decode`` after all, whose
    answer or error is the reference.
    ``authenticated=False`` sends no workspace credentials and none of the client's headers: it is
    used for pre-signed external links, which get only ``headers``.
    ``budget`` bounds the seconds the call may take in all, retries included (a question being
    polled gets the time left before its polling timeout).
    """

    method: str
    path: str
    decode: Callable[[Any], T_co]
    decode_json: Callable[[bytes], T_co] | None = None
    params: Mapping[str, str] | None = None
    body: Mapping[str, Any] | None = None
    raw: bool = False
    url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    authenticated: bool = True
    budget: float | None = None
    files: Mapping[str, tuple[str, bytes, str]] | None = None
    """A multipart upload: field name to ``(file name, content, media type)``, instead of a
    JSON ``body``."""

    @property
    def full_path(self) -> str:
        """The request path as logged: the API path, or ``<external link>``."""
        return "<external link>" if self.url else self.path


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing and the token of the next page (``None`` on the last page)."""

    items: list[T]
    next_page_token: str | None = None
    unreachable: list[str] = field(default_factory=list)
    """Names of resources the server left out of this page because they could not be read
    (only listings that say so, such as the agents listing)."""

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
