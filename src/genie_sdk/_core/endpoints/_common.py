"""Small pieces the resource builders share: query values and decoders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from genie_sdk._core.calls import Page
from genie_sdk.errors import DecodeError
from genie_sdk.models import QueryResultResponse, RequestModel, StatementResponse
from genie_sdk.models._base import unicode_problem

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "decode_empty",
    "decode_page",
    "decode_page_json",
    "decode_statement",
    "non_empty",
    "page_params",
    "request_body",
]


def page_params(page_size: int | None, page_token: str | None, **extra: Any) -> dict[str, str]:
    """Return query parameters for a listing, leaving out unset ones."""
    if page_size is not None and (
        isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
    ):
        raise ValueError(f"page_size must be a positive integer, got {page_size!r}")
    params: dict[str, str] = {}
    if page_size is not None:
        params["page_size"] = str(page_size)
    if page_token:
        unicode_problem("page_token", page_token)
        params["page_token"] = page_token
    for key, value in extra.items():
        unicode_problem(key, value)
        if value is not None:
            params[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return params


def non_empty(name: str, value: str) -> str:
    """Return ``value`` if it is non-blank, valid Unicode text, else raise ``ValueError``."""
    if not isinstance(value, str) or not value.strip():
        shown = ascii(value)[:60] if isinstance(value, str) else type(value).__name__
        raise ValueError(f"{name} must be a non-empty string, got {shown}")
    unicode_problem(name, value)
    return value


def decode_page(model: type[M], field: str) -> Callable[[Any], Page[Any]]:
    """Return a decoder of a list response ``model`` whose items are in ``field``."""

    def decode(data: Any) -> Page[Any]:
        response = model.model_validate(data)
        return Page(
            items=list(getattr(response, field)),
            next_page_token=getattr(response, "next_page_token", None) or None,
        )

    return decode


def decode_page_json(model: type[M], field: str) -> Callable[[bytes], Page[Any]]:
    """The one-pass twin of `decode_page`: decodes the body's bytes (see ``Call.decode_json``)."""

    def decode(content: bytes) -> Page[Any]:
        response = model.model_validate_json(content)
        return Page(
            items=list(getattr(response, field)),
            next_page_token=getattr(response, "next_page_token", None) or None,
        )

    return decode


def decode_empty(data: Any) -> None:
    """Decode an empty ``{}`` response."""
    del data


def decode_statement(data: Any) -> StatementResponse:
    """Decode ``{statement_response: ...}`` into the statement."""
    statement = QueryResultResponse.model_validate(data).statement_response
    if statement is None:
        raise DecodeError("response has no statement_response")
    return statement


def request_body(model: type[RequestModel], **fields: Any) -> dict[str, object]:
    """Return the JSON body of ``model`` built from ``fields``, leaving out unset ones.

    Raises:
        ValueError: naming each argument the body refuses and the type it got.
    """
    try:
        return model(**fields).to_body()
    except ValidationError as error:
        problems = []
        for problem in error.errors(include_url=False):
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in problem["loc"])
            got = type(problem["input"]).__name__
            problems.append(f"{where.lstrip('.')}: {problem['msg']}, got {got}")
        raise ValueError("; ".join(problems)) from None
