"""AI/BI dashboards and object permission levels (related endpoints named by the partner guide)."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel

__all__ = [
    "AccessControl",
    "Dashboard",
    "ListDashboardsResponse",
    "ListTagAssignmentsResponse",
    "ObjectPermissions",
    "Permission",
    "PermissionLevel",
    "PermissionLevels",
    "PublishedDashboard",
    "TagAssignment",
]


class Dashboard(GenieModel):
    """An AI/BI (Lakeview) dashboard."""

    dashboard_id: str
    """Id of the dashboard."""
    display_name: str | None = None
    """Name shown for the dashboard."""
    path: str | None = None
    """Workspace path of the dashboard file (ending in ``.lvdash.json``); not sent in listings."""
    parent_path: str | None = None
    """Workspace path of the folder holding the dashboard; not sent in listings."""
    warehouse_id: str | None = None
    """Id of the SQL warehouse the dashboard runs on."""
    etag: str | None = None
    """Version tag of the dashboard; not sent in listings."""
    lifecycle_state: str | None = None
    """``ACTIVE``, or ``TRASHED`` for a dashboard in the trash."""
    serialized_dashboard: str | None = None
    """The dashboard's definition (datasets, pages) as a JSON string; not sent in listings."""
    create_time: str | None = None
    """When the dashboard was created (a timestamp string)."""
    update_time: str | None = None
    """When the dashboard was last updated (a timestamp string); not sent in listings."""


class ListDashboardsResponse(GenieModel):
    """One page of dashboards."""

    dashboards: list[Dashboard] = []
    """The dashboards on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class PublishedDashboard(GenieModel):
    """The published version of a dashboard."""

    display_name: str | None = None
    """Name shown for the published dashboard."""
    embed_credentials: bool | None = None
    """Whether credentials are embedded in the published dashboard."""
    warehouse_id: str | None = None
    """Id of the SQL warehouse the published dashboard runs on."""
    revision_create_time: str | None = None
    """When the published dashboard was last revised (a timestamp string)."""


class PermissionLevel(GenieModel):
    """A permission level that can be granted on an object."""

    permission_level: str | None = None
    """Name of the level, such as ``CAN_RUN`` or ``CAN_MANAGE``."""
    description: str | None = None
    """What the level allows, in the server's words."""


class PermissionLevels(GenieModel):
    """The permission levels an object supports."""

    permission_levels: list[PermissionLevel] = []
    """The levels that can be granted on the object."""


class Permission(GenieModel):
    """One permission a principal holds on an object."""

    permission_level: str | None = None
    """The level, such as ``CAN_VIEW``, ``CAN_RUN``, ``CAN_MANAGE`` or ``IS_OWNER``."""
    inherited: bool | None = None
    """Whether the permission comes from a parent object (a folder, the workspace)."""
    inherited_from_object: list[str] = []
    """The objects the permission is inherited from, such as ``/directories/123``."""


class AccessControl(GenieModel):
    """The permissions of one principal (user, group or service principal) on an object."""

    user_name: str | None = None
    """The user's name, when the principal is a user."""
    group_name: str | None = None
    """The group's name, when the principal is a group."""
    service_principal_name: str | None = None
    """The application id, when the principal is a service principal."""
    display_name: str | None = None
    """Name shown for the principal."""
    all_permissions: list[Permission] = []
    """Every permission the principal holds on the object, direct and inherited."""


class ObjectPermissions(GenieModel):
    """The access control list of a workspace object."""

    object_id: str | None = None
    """Id of the object as the server names it (not always the id asked for)."""
    object_type: str | None = None
    """Type of the object as the server names it."""
    access_control_list: list[AccessControl] = []
    """One entry per principal with permissions on the object."""


class TagAssignment(GenieModel):
    """A tag assigned to an entity (a dashboard, a Genie space, ...)."""

    entity_type: str | None = None
    """Type of the tagged entity, such as ``dashboards`` or ``geniespaces``."""
    entity_id: str | None = None
    """Id of the tagged entity."""
    tag_key: str
    """Key of the tag."""
    tag_value: str | None = None
    """Value of the tag; ``None`` for a key-only tag."""


class ListTagAssignmentsResponse(GenieModel):
    """One page of tag assignments."""

    tag_assignments: list[TagAssignment] = []
    """The tags on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""
