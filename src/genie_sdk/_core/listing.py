"""Read a whole listing inside a plan (for flows that need every item before going on)."""

from __future__ import annotations

from typing import TypeVar

from genie_sdk._core.calls import Page
from genie_sdk._core.pages import MAX_PAGES, PageCall
from genie_sdk._core.steps import Plan
from genie_sdk.errors import DecodeError

__all__ = ["every_page"]

T = TypeVar("T")


def every_page(page: PageCall[T]) -> Plan[list[Page[T]]]:
    """Every page of a listing, following tokens until none is left or one repeats.

    Raises:
        DecodeError: the listing has not ended after `MAX_PAGES` pages.
    """
    found: list[Page[T]] = []
    token: str | None = None
    seen: set[str | None] = {None}
    for _ in range(MAX_PAGES):
        current: Page[T] = yield page(page_token=token)
        found.append(current)
        token = current.next_page_token
        if not token or token in seen:
            return found
        seen.add(token)
    raise DecodeError(f"the listing did not end after {MAX_PAGES:,} pages")
