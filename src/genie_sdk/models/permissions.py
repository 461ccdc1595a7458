"""Access control lists of workspace objects (``/api/2.0/permissions``)."""

from __future__ import annotations

from pydantic import model_validator
from typing_extensions import Self

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = [
    "AccessControlEntry",
    "AccessControlRequest",
    "ObjectPermissions",
    "Permission",
]


class Permission(GenieModel):
    """One permission a principal holds on an object."""

    permission_level: str | None = None
    """The level, such as ``CAN_RUN``, ``CAN_EDIT`` or ``CAN_MANAGE`` (kept as sent)."""
    inherited: bool | None = None
    """Whether the permission comes from a parent object (a folder) rather than this one."""
    inherited_from_object: list[str] | None = None
    """The objects the permission is inherited from, when it is inherited."""


class AccessControlEntry(GenieModel):
    """The permissions of one principal: a user, a group or a service principal."""

    user_name: str | None = None
    """The user, when the principal is a user."""
    group_name: str | None = None
    """The group, when the principal is a group."""
    service_principal_name: str | None = None
    """The service principal's application id, when the principal is one."""
    display_name: str | None = None
    """The principal's name for display."""
    all_permissions: list[Permission] = []
    """Every permission the principal holds on the object, direct and inherited."""

    @property
    def principal(self) -> str:
        """The user, group or service principal name, whichever is set."""
        return self.user_name or self.group_name or self.service_principal_name or ""


class ObjectPermissions(GenieModel):
    """The access control list of an object."""

    object_id: str | None = None
    """The object as the server names it (it may differ from the id asked for)."""
    object_type: str | None = None
    """The kind of object, as the server names it."""
    access_control_list: list[AccessControlEntry] = []
    """Who holds which permissions."""


class AccessControlRequest(RequestModel):
    """A permission to grant: one principal (exactly one of the three names) and a level."""

    permission_level: str
    """The level to grant, such as ``CAN_RUN``."""
    user_name: str | None = None
    """The user to grant it to."""
    group_name: str | None = None
    """The group to grant it to."""
    service_principal_name: str | None = None
    """The service principal (application id) to grant it to."""

    @model_validator(mode="after")
    def _one_principal(self) -> Self:
        named = [n for n in (self.user_name, self.group_name, self.service_principal_name) if n]
        if len(named) != 1:
            raise ValueError("name exactly one of user_name, group_name or service_principal_name")
        if not self.permission_level.strip():
            raise ValueError("permission_level must be a non-empty string")
        return self
