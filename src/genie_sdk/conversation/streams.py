"""Streams: plans whose outcomes are yielded to the caller as they happen, and listing pages.

The sync and async runners drive a stream's plan and yield what :meth:`Stream.items` returns
for each outcome, so iteration is written once for both clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from genie_sdk._transport.call import Call, Page
from genie_sdk.conversation.events import Event
from genie_sdk.conversation.steps import Emit, Finished, Plan

T = TypeVar("T")
Y = TypeVar("Y")

__all__ = ["Binder", "ItemStream", "Outcome", "PageStream", "Stream", "pages"]

Binder = Callable[[Any], Any]
"""Turns plain answer data into the client's ``Answer`` or ``AsyncAnswer``."""
Outcome = Event | Page[Any] | Finished[Any]
"""What a runner hands a job or stream: an event or page the plan emitted, or its result."""


class Stream(Generic[Y]):
    """A plan whose outcomes become items yielded to the caller as they happen."""

    def __init__(self, plan: Plan[Any]) -> None:
        self.plan = plan

    def items(self, outcome: Outcome, bind: Binder) -> Iterable[Y]:
        """Return the items an outcome yields (often none)."""
        raise NotImplementedError


def pages(page: Callable[[str | None], Call[Page[T]]], token: str | None) -> Plan[None]:
    """Fetch the pages of a listing from ``token`` on, emitting each one."""
    seen = {token}
    while True:
        current: Page[T] = yield page(token)
        yield Emit(current)
        token = current.next_page_token
        if not token or token in seen:
            return
        seen.add(token)


class PageStream(Stream[Page[T]]):
    """Yields the pages of a listing."""

    def items(self, outcome: Outcome, _bind: Binder) -> Iterable[Page[T]]:
        """Return the page an outcome carries."""
        return (outcome,) if isinstance(outcome, Page) else ()


class ItemStream(Stream[T]):
    """Yields the items of a listing, page after page."""

    def items(self, outcome: Outcome, _bind: Binder) -> Iterable[T]:
        """Return the items of a page."""
        return outcome.items if isinstance(outcome, Page) else ()
