"""AI/BI dashboards and object permission levels (related endpoints named by the partner guide)."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel

__all__ = [
    "Dashboard",
    "ListDashboardsResponse",
    "PermissionLevel",
    "PermissionLevels",
    "PublishedDashboard",
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
