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
    display_name: str | None = None
    path: str | None = None
    parent_path: str | None = None
    warehouse_id: str | None = None
    etag: str | None = None
    lifecycle_state: str | None = None
    serialized_dashboard: str | None = None
    create_time: str | None = None
    update_time: str | None = None


class ListDashboardsResponse(GenieModel):
    """One page of dashboards."""

    dashboards: list[Dashboard] = []
    next_page_token: str | None = None


class PublishedDashboard(GenieModel):
    """The published version of a dashboard."""

    display_name: str | None = None
    embed_credentials: bool | None = None
    warehouse_id: str | None = None
    revision_create_time: str | None = None


class PermissionLevel(GenieModel):
    """A permission level that can be granted on an object."""

    permission_level: str | None = None
    description: str | None = None


class PermissionLevels(GenieModel):
    """The permission levels an object supports."""

    permission_levels: list[PermissionLevel] = []
