"""Listings as plans: fetch page after page, emitting each one."""

from __future__ import annotations

from typing import Protocol, TypeVar

from genie_sdk._core.calls import Call, Page
from genie_sdk._core.steps import Emit, Plan

T = TypeVar("T")

__all__ = ["PageCall", "pages"]


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
    seen = {token}
    while True:
        current: Page[T] = yield page(page_token=token)
        yield Emit(current)
        token = current.next_page_token
        if not token or token in seen:
            return
        seen.add(token)
