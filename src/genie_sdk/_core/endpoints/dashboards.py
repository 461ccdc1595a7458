"""``client.dashboards``: AI/BI dashboards, and ``client.permissions``: object permission levels."""

from __future__ import annotations

from genie_sdk._core.calls import Call, Page, segment
from genie_sdk._core.endpoints._common import (
    decode_page,
    decode_page_json,
    non_empty,
    page_params,
)
from genie_sdk.models.dashboards import (
    Dashboard,
    ListDashboardsResponse,
    PermissionLevels,
    PublishedDashboard,
)

_DASHBOARDS = "/api/2.0/lakeview/dashboards"
_VIEWS = ("DASHBOARD_VIEW_BASIC",)


def list_dashboards(
    *,
    show_trashed: bool | None = None,
    view: str | None = None,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[Dashboard]]:
    """List AI/BI dashboards (``view="DASHBOARD_VIEW_BASIC"`` for names and ids only)."""
    if view is not None and view not in _VIEWS:
        raise ValueError(f"view must be one of {_VIEWS}, got {view!r}")
    return Call(
        "GET",
        _DASHBOARDS,
        decode_page(ListDashboardsResponse, "dashboards"),
        decode_json=decode_page_json(ListDashboardsResponse, "dashboards"),
        params=page_params(page_size, page_token, show_trashed=show_trashed, view=view),
    )


def get_dashboard(dashboard_id: str) -> Call[Dashboard]:
    """Get a dashboard's draft."""
    path = f"{_DASHBOARDS}/{segment('dashboard_id', dashboard_id)}"
    return Call("GET", path, Dashboard.model_validate, decode_json=Dashboard.model_validate_json)


def get_published_dashboard(dashboard_id: str) -> Call[PublishedDashboard]:
    """Get the published version of a dashboard."""
    path = f"{_DASHBOARDS}/{segment('dashboard_id', dashboard_id)}/published"
    return Call(
        "GET",
        path,
        PublishedDashboard.model_validate,
        decode_json=PublishedDashboard.model_validate_json,
    )


def get_permission_levels(object_type: str, object_id: str) -> Call[PermissionLevels]:
    """List the permission levels of a workspace object (e.g. ``dashboards``, ``genie``)."""
    path = "/api/2.0/permissions/{}/{}/permissionLevels".format(
        segment("object_type", non_empty("object_type", object_type)),
        segment("object_id", object_id),
    )
    return Call(
        "GET",
        path,
        PermissionLevels.model_validate,
        decode_json=PermissionLevels.model_validate_json,
    )
