"""Access control lists of spaces and dashboards, and the level a caller holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError

__all__ = [
    "ADMINS",
    "EVERYONE",
    "PRINCIPAL_KINDS",
    "AclEntry",
    "Principal",
    "acl_json",
    "default_acl",
    "effective_rank",
    "parse_acl",
    "rank",
]

PRINCIPAL_KINDS = ("user_name", "group_name", "service_principal_name")
EVERYONE = "users"
"""The group every caller belongs to."""
ADMINS = "admins"
"""The workspace admins' group: its members manage every object, whatever its list says."""

_RANKS = {"CAN_VIEW": 1, "CAN_READ": 1, "CAN_RUN": 2, "CAN_EDIT": 3, "CAN_MANAGE": 4}
_LEVELS = {
    "genie": ("CAN_VIEW", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"),
    "dashboards": ("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"),
}


@dataclass(frozen=True)
class Principal:
    """Who a caller is: ``kind`` is one of `PRINCIPAL_KINDS`."""

    kind: str
    name: str
    admin: bool = False


@dataclass(frozen=True)
class AclEntry:
    """A direct permission of one principal on one object."""

    kind: str
    name: str
    level: str


def rank(level: str) -> int:
    """How much ``level`` allows (0: nothing)."""
    return _RANKS.get(level, 0)


def default_acl(owner: Principal) -> list[AclEntry]:
    """What a new object's list holds: its creator manages it, everyone may run it."""
    return [
        AclEntry(owner.kind, owner.name, "CAN_MANAGE"),
        AclEntry("group_name", EVERYONE, "CAN_RUN"),
    ]


def effective_rank(entries: list[AclEntry], who: Principal) -> int:
    """The highest rank ``who`` holds, directly or through a group."""
    if who.admin:
        return rank("CAN_MANAGE")
    held = [
        rank(e.level)
        for e in entries
        if (e.kind, e.name) == (who.kind, who.name)
        or (e.kind == "group_name" and e.name == EVERYONE)
    ]
    return max(held, default=0)


def parse_acl(object_type: str, body: dict[str, Any]) -> list[AclEntry]:
    """The entries of a ``PUT``/``PATCH`` body; 400 for anything the service would refuse."""
    items = body.get("access_control_list")
    if not isinstance(items, list):
        raise SimulatedApiError.invalid("access_control_list must be a list.")
    allowed = _LEVELS[object_type]
    entries = []
    for item in items:
        if not isinstance(item, dict):
            raise SimulatedApiError.invalid("Each access control entry must be an object.")
        named = [(k, item[k]) for k in PRINCIPAL_KINDS if isinstance(item.get(k), str) and item[k]]
        if len(named) != 1:
            raise SimulatedApiError.invalid(
                "Each access control entry names exactly one of user_name, group_name or "
                "service_principal_name."
            )
        level = item.get("permission_level")
        if level not in allowed:
            raise SimulatedApiError.invalid(
                f"Permission level {level!r} is not valid for {object_type}; "
                f"use one of {', '.join(allowed)}."
            )
        entries.append(AclEntry(named[0][0], named[0][1], level))
    return entries


def acl_json(object_type: str, object_id: str, entries: list[AclEntry]) -> dict[str, Any]:
    """The ``ObjectPermissions`` object, with the admins' inherited permission."""
    by_principal: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in entries:
        by_principal.setdefault((entry.kind, entry.name), []).append(
            {"permission_level": entry.level, "inherited": False}
        )
    admins = by_principal.setdefault(("group_name", ADMINS), [])
    admins.append(
        {
            "permission_level": "CAN_MANAGE",
            "inherited": True,
            "inherited_from_object": ["/directories/"],
        }
    )
    return {
        "object_id": f"/{object_type}/{object_id}",
        "object_type": object_type.rstrip("s"),
        "access_control_list": [
            {kind: name, "display_name": name, "all_permissions": permissions}
            for (kind, name), permissions in by_principal.items()
        ],
    }
