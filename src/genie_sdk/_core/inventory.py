"""Governance: every space with its owners, tags and last activity, to find what to retire."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TypeVar

from genie_sdk._core.calls import Call, Page
from genie_sdk._core.endpoints import conversations, permissions, spaces, tags
from genie_sdk._core.pages import MAX_PAGES, PageCall
from genie_sdk._core.steps import Emit, Plan
from genie_sdk.errors import DecodeError, NotFoundError, PermissionDeniedError
from genie_sdk.models import ObjectPermissions, Space

__all__ = ["SpaceInventory", "inventory"]

T = TypeVar("T")
_OWNING = frozenset({"IS_OWNER", "CAN_MANAGE"})


@dataclass(frozen=True)
class SpaceInventory:
    """A space as governance sees it.

    Attributes:
        space: The space.
        owners: Principals holding ``CAN_MANAGE`` (or ``IS_OWNER``) directly; ``None`` when you
            may not read its permissions.
        tags: Its tags, key to value; ``None`` when you may not read them.
        conversations: How many conversations all its users have; ``None`` when you may not
            list them (that needs CAN MANAGE).
        last_activity: When its newest conversation started, in epoch milliseconds (``None``:
            none, or not readable). A long-idle space is a candidate for retirement
            (``client.spaces.trash``).
    """

    space: Space
    owners: list[str] | None
    tags: dict[str, str | None] | None
    conversations: int | None
    last_activity: int | None


def _readable(call: Call[T]) -> Plan[T | None]:
    """The call's value, or ``None`` when the caller may not read it."""
    try:
        value: T = yield call
    except (PermissionDeniedError, NotFoundError):
        return None
    return value


def _all(page: PageCall[T]) -> Plan[list[T] | None]:
    """Every item of a listing, or ``None`` when the caller may not list it."""
    items: list[T] = []
    token: str | None = None
    seen: set[str | None] = {None}
    for _ in range(MAX_PAGES):
        current = yield from _readable(page(page_token=token))
        if current is None:
            return None
        items.extend(current.items)
        token = current.next_page_token
        if not token or token in seen:
            return items
        seen.add(token)
    raise DecodeError(f"the listing did not end after {MAX_PAGES:,} pages")


def _owners(acl: ObjectPermissions | None) -> list[str] | None:
    if acl is None:
        return None
    return [
        entry.principal
        for entry in acl.access_control_list
        if any(p.permission_level in _OWNING and not p.inherited for p in entry.all_permissions)
    ]


def inventory() -> Plan[None]:
    """The plan that emits one page of `SpaceInventory` per space, space after space."""
    listing = functools.partial(spaces.list_spaces)
    found = yield from _all(listing)
    for space in found or ():
        acl = yield from _readable(permissions.get_permissions("genie", space.space_id))
        assigned = yield from _all(functools.partial(tags.list_tags, "geniespaces", space.space_id))
        chats = yield from _all(
            functools.partial(conversations.list_conversations, space.space_id, include_all=True)
        )
        starts = [c.created_timestamp for c in chats or () if c.created_timestamp is not None]
        item = SpaceInventory(
            space=space,
            owners=_owners(acl),
            tags=None if assigned is None else {t.tag_key: t.tag_value for t in assigned},
            conversations=None if chats is None else len(chats),
            last_activity=max(starts, default=None),
        )
        yield Emit(Page(items=[item], next_page_token=None))
