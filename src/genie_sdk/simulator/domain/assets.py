"""AI/BI dashboards: drafts with their ``serialized_dashboard``, and published versions."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.sql.encoding import format_timestamp

__all__ = ["AssetState", "DashboardRecord", "dashboard_json", "published_json", "rfc3339"]


@dataclass
class DashboardRecord:
    """An AI/BI dashboard: its draft and, once published, its published revision."""

    dashboard_id: str
    display_name: str
    warehouse_id: str
    parent_path: str
    serialized_dashboard: str
    etag: str
    create_time: float
    update_time: float
    lifecycle_state: str = "ACTIVE"
    published_time: float | None = None
    embed_credentials: bool = False

    @property
    def path(self) -> str:
        """Workspace path of the dashboard file."""
        return f"{self.parent_path}/{self.display_name}.lvdash.json"


@dataclass
class AssetState:
    """Dashboards, guarded by one lock (server thread and test thread share it); their ACLs and
    tags live with the Genie state's."""

    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    dashboards: dict[str, DashboardRecord] = field(default_factory=dict)

    def clear(self) -> None:
        """Forget every dashboard."""
        with self.lock:
            self.dashboards.clear()

    def dashboard(self, dashboard_id: str) -> DashboardRecord:
        """A dashboard (trashed ones too, as the service answers); 404 otherwise."""
        record = self.dashboards.get(dashboard_id)
        if record is None:
            raise SimulatedApiError.not_found("Dashboard", dashboard_id)
        return record

    def add_dashboard(
        self,
        *,
        display_name: str,
        warehouse_id: str,
        datasets: Sequence[dict[str, Any]],
        pages: Sequence[dict[str, Any]],
        now: float,
        parent_path: str = "/Workspace/Shared/dashboards",
        published: bool = True,
        dashboard_id: str | None = None,
    ) -> DashboardRecord:
        """Create and store a dashboard from its datasets and pages."""
        record = DashboardRecord(
            dashboard_id=dashboard_id or new_id(),
            display_name=display_name,
            warehouse_id=warehouse_id,
            parent_path=parent_path,
            serialized_dashboard=json.dumps({"datasets": list(datasets), "pages": list(pages)}),
            etag=new_id()[:8],
            create_time=now,
            update_time=now,
            published_time=now if published else None,
        )
        with self.lock:
            self.dashboards[record.dashboard_id] = record
        return record

    def update_dashboard(self, dashboard_id: str, *, now: float, **changes: Any) -> None:
        """Change a dashboard's fields; a new etag and update time, like a saved edit."""
        with self.lock:
            record = self.dashboard(dashboard_id)
            for name, value in changes.items():
                if not hasattr(record, name) or name in ("dashboard_id", "etag"):
                    raise ValueError(f"unknown or read-only dashboard field {name!r}")
                setattr(record, name, value)
            record.etag = new_id()[:8]
            record.update_time = now


def rfc3339(seconds: float) -> str:
    """A clock reading as the RFC 3339 string the service sends."""
    moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
    return format_timestamp(moment)


def dashboard_json(record: DashboardRecord, *, full: bool) -> dict[str, Any]:
    """The ``Dashboard`` object; listings (``full=False``) leave out what the service omits."""
    body: dict[str, Any] = {
        "dashboard_id": record.dashboard_id,
        "display_name": record.display_name,
        "warehouse_id": record.warehouse_id,
        "lifecycle_state": record.lifecycle_state,
        "create_time": rfc3339(record.create_time),
    }
    if full:
        body.update(
            etag=record.etag,
            parent_path=record.parent_path,
            path=record.path,
            serialized_dashboard=record.serialized_dashboard,
            update_time=rfc3339(record.update_time),
        )
    return body


def published_json(record: DashboardRecord) -> dict[str, Any]:
    """The ``PublishedDashboard`` object; 404 for a dashboard never published."""
    if record.published_time is None:
        raise SimulatedApiError.not_found("Published dashboard", record.dashboard_id)
    return {
        "display_name": record.display_name,
        "warehouse_id": record.warehouse_id,
        "embed_credentials": record.embed_credentials,
        "revision_create_time": rfc3339(record.published_time),
    }
