"""Offset pagination behind opaque ``page_token``s."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import decode_page_token, encode_page_token

__all__ = ["paginate"]

T = TypeVar("T")


def paginate(
    items: Sequence[T], query: Mapping[str, str], *, scope: str, max_page_size: int
) -> tuple[list[T], str | None]:
    """One page of ``items`` for the request's ``page_size``/``page_token``, and the next token.

    A missing or zero ``page_size`` means the maximum; larger values are capped to it.
    """
    raw_size = query.get("page_size") or "0"
    try:
        size = int(raw_size)
    except ValueError as exc:
        raise SimulatedApiError.invalid(f"page_size must be an integer, got {raw_size!r}") from exc
    if size < 0:
        raise SimulatedApiError.invalid("page_size must not be negative")
    size = min(size or max_page_size, max_page_size)
    token = query.get("page_token")
    offset = decode_page_token(token, scope) if token else 0
    page = list(items[offset : offset + size])
    more = offset + size < len(items)
    return page, encode_page_token(scope, offset + size) if more else None
