"""Listings as plans: fetch page after page, emitting each one."""

from __future__ import annotations

from typing import Protocol, TypeVar

from genie_sdk._core.calls import Call, Page
from genie_sdk._core.steps import Emit, Plan
from genie_sdk.errors import DecodeError

T = TypeVar("T")

__all__ = ["MAX_PAGES", "PageCall", "pages"]

MAX_PAGES = 10_000
"""Pages one listing follows at most: far more than any Genie listing holds (a space keeps at
most 10,000 conversations), so only a server whose page tokens never end reaches it."""


class PageCall(Protocol[T]):
    """Builds the call that fetches the page at a token (``None``: the first page)."""

    def __call__(self, *, page_token: str | None) -> Call[Page[T]]: ...


def pages(page: PageCall[T], token: str | None = None) -> Plan[None]:
    """Check the arguments now, then return a plan that emits the pages from ``token`` on.

    Raises:
        ValueError: ``token`` is not a string, or ``page`` refuses the listing's arguments.
    """
    if token is not None and not isinstance(token, str):
        raise ValueError(f"page_token must be a string, got {token!r}")
    page(page_token=token)
    return _pages(page, token)


def _pages(page: PageCall[T], token: str | None) -> Plan[None]:
    """The pages from ``token`` on, until one without a next token or with a token seen before.

    Raises:
        DecodeError: the listing has not ended after `MAX_PAGES` pages; the error names the
            next token, to continue from it if the listing is real.
    """
    max_pages = MAX_PAGES
    seen = {token}
    for _ in range(max_pages):
        current: Page[T] = yield page(page_token=token)
        yield Emit(current)
        token = current.next_page_token
        if not token or token in seen:
            return
        seen.add(token)
    shown = f"page_token={token!r}" if token and len(token) <= 200 else "the last next_page_token"
    raise DecodeError(
        f"the listing did not end after {max_pages:,} pages; if it is real, continue it from "
        f"{shown}"
    )
