"""AI/BI dashboards, access control lists and tags of the workspace's objects."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.sql.encoding import format_timestamp

__all__ = [
    "OBJECT_TYPES",
    "TAG_ENTITY_TYPES",
    "AclEntry",
    "AssetState",
    "DashboardRecord",
    "acl_json",
    "dashboard_json",
    "published_json",
    "rfc3339",
]

OBJECT_TYPES = {"dashboards": "dashboard", "genie": "genie"}
"""Permission object types served, and the type name the server echoes back."""
TAG_ENTITY_TYPES = ("dashboards", "geniespaces")
"""Entity types whose tags are served."""
_ADMINS_FOLDER = "/directories/2001"


@dataclass(frozen=True)
class AclEntry:
    """One principal's permission on an object (``kind``: user, group or service_principal)."""

    principal: str
    level: str
    kind: str = "user"
    inherited_from: str | None = None


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
    """Dashboards, ACLs and tags, guarded by one lock (server thread and test thread share it)."""

    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    dashboards: dict[str, DashboardRecord] = field(default_factory=dict)
    acls: dict[tuple[str, str], list[AclEntry]] = field(default_factory=dict)
    tags: dict[tuple[str, str], list[tuple[str, str | None]]] = field(default_factory=dict)
    owner: str = "demo.user@example.com"
    """Owner given to objects without an ACL of their own (the PAT user)."""

    def clear(self) -> None:
        """Forget every dashboard, ACL and tag."""
        with self.lock:
            self.dashboards.clear()
            self.acls.clear()
            self.tags.clear()

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

    def acl(self, object_type: str, object_id: str) -> list[AclEntry]:
        """The object's ACL; by default its owner manages it and admins inherit management."""
        with self.lock:
            explicit = self.acls.get((object_type, object_id))
        if explicit is not None:
            return explicit
        owner_level = "IS_OWNER" if object_type == "genie" else "CAN_MANAGE"
        return [
            AclEntry(self.owner, owner_level),
            AclEntry("admins", "CAN_MANAGE", kind="group", inherited_from=_ADMINS_FOLDER),
        ]

    def set_acl(self, object_type: str, object_id: str, entries: Iterable[AclEntry]) -> None:
        """Replace an object's ACL."""
        with self.lock:
            self.acls[(object_type, object_id)] = list(entries)

    def set_tags(
        self, entity_type: str, entity_id: str, tags: Iterable[tuple[str, str | None]]
    ) -> None:
        """Replace an entity's tags."""
        with self.lock:
            self.tags[(entity_type, entity_id)] = list(tags)


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


def acl_json(object_type: str, object_id: str, entries: Sequence[AclEntry]) -> dict[str, Any]:
    """The ``ObjectPermissions`` object: one entry per principal with all its permissions."""
    by_principal: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in entries:
        permission: dict[str, Any] = {
            "permission_level": entry.level,
            "inherited": entry.inherited_from is not None,
        }
        if entry.inherited_from is not None:
            permission["inherited_from_object"] = [entry.inherited_from]
        by_principal.setdefault((entry.kind, entry.principal), []).append(permission)
    return {
        "object_id": f"/{object_type}/{object_id}",
        "object_type": OBJECT_TYPES[object_type],
        "access_control_list": [
            {f"{kind}_name": principal, "display_name": principal, "all_permissions": permissions}
            for (kind, principal), permissions in by_principal.items()
        ],
    }
