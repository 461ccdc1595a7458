"""What to crawl: Genie spaces, AI/BI dashboards and Genie Agents, each read into `AssetDoc`s.

A source lists a page, tells each listed object's change fingerprint, and reads one object's
details (definition, ACL, tags) into an `AssetDoc`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from genie_sdk.errors import ApiError, GenieError, NotFoundError, PermissionDeniedError
from genie_sdk.index.calls import ClientCalls
from genie_sdk.index.parse import parse_agent, parse_dashboard, parse_space
from genie_sdk.index.records import AclRow, AssetDoc

__all__ = ["SOURCES", "DetailError", "Source", "describe", "fingerprint", "owner_of"]

_OWNER_PATH = re.compile(r"/Users/([^/]+)/")


@dataclass(frozen=True)
class DetailError:
    """A part of an object's details that could not be read."""

    operation: str
    error: GenieError


def fingerprint(item: Any) -> str:
    """A change key from what a listing shows of an object (etag, update time when listed)."""
    shown = item.model_dump(mode="json", exclude_none=True)
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:32]


def owner_of(acl: list[AclRow] | None, path: str | None) -> str | None:
    """The owner: ``IS_OWNER`` in the ACL, else the first direct ``CAN_MANAGE`` user or service
    principal, else the user whose home folder holds the object."""
    rows = acl or []
    for row in rows:
        if row.level == "IS_OWNER":
            return row.principal
    for row in rows:
        if row.level == "CAN_MANAGE" and not row.inherited_from and row.principal_kind != "group":
            return row.principal
    match = _OWNER_PATH.search((path or "") + "/")
    return match.group(1) if match else None


def _acl_rows(permissions: Any) -> list[AclRow]:
    rows: list[AclRow] = []
    for entry in permissions.access_control_list:
        for kind in ("user", "group", "service_principal"):
            principal = getattr(entry, f"{kind}_name")
            if principal:
                break
        else:
            continue
        for permission in entry.all_permissions:
            if not permission.permission_level:
                continue
            inherited = permission.inherited_from_object if permission.inherited else []
            for source in inherited or [""]:
                rows.append(AclRow(principal, kind, permission.permission_level, source))
    return rows


class Source:
    """One kind of object to crawl."""

    kind: str = ""
    acl_type: str | None = None
    tag_type: str | None = None

    def available(self, calls: ClientCalls) -> bool:  # noqa: ARG002 - overridden
        """Whether the client can list this kind."""
        return True

    def listing(self, token: str | None) -> Callable[[Any], Any]:
        """The pager of one page starting at ``token``."""
        raise NotImplementedError

    def object_id(self, item: Any) -> str:
        """The listed object's id."""
        raise NotImplementedError

    def listed(self, item: Any, host: str) -> AssetDoc:
        """What the listing tells of an object."""
        raise NotImplementedError

    async def details(self, calls: ClientCalls, doc: AssetDoc) -> list[DetailError]:
        """Read the object's details into ``doc``; the parts that failed."""
        errors: list[DetailError] = []
        parts = [self._definition(calls, doc, errors)]
        if self.acl_type is not None:
            parts.append(self._acl(calls, doc, errors))
        if self.tag_type is not None:
            parts.append(self._tags(calls, doc, errors))
        await asyncio.gather(*parts)
        doc.owner = owner_of(doc.acl, doc.path or doc.parent_path)
        return errors

    async def _definition(
        self, calls: ClientCalls, doc: AssetDoc, errors: list[DetailError]
    ) -> None:
        raise NotImplementedError

    async def _acl(self, calls: ClientCalls, doc: AssetDoc, errors: list[DetailError]) -> None:
        kind = self.acl_type
        try:
            permissions = await calls.call(lambda c: c.permissions.get(kind, doc.id))
        except GenieError as error:
            errors.append(DetailError("permissions", error))
            return
        doc.acl = _acl_rows(permissions)

    async def _tags(self, calls: ClientCalls, doc: AssetDoc, errors: list[DetailError]) -> None:
        kind = self.tag_type
        tags: list[tuple[str, str | None]] = []
        token: str | None = None
        try:
            while True:
                page = await calls.page(_tag_listing(kind, doc.id, token))
                tags.extend((tag.tag_key, tag.tag_value) for tag in page.items)
                token = page.next_page_token
                if token is None:
                    break
        except GenieError as error:
            errors.append(DetailError("tags", error))
            return
        doc.tags = tags


def _tag_listing(kind: str | None, entity_id: str, token: str | None) -> Callable[[Any], Any]:
    return lambda c: c.tags.list(kind, entity_id, page_token=token)


class SpaceSource(Source):
    """Genie spaces: list, then get with the definition where the caller may read it."""

    kind = "space"
    acl_type = "genie"
    tag_type = "geniespaces"

    def listing(self, token: str | None) -> Callable[[Any], Any]:
        return lambda c: c.spaces.list(page_token=token)

    def object_id(self, item: Any) -> str:
        return str(item.space_id)

    def listed(self, item: Any, host: str) -> AssetDoc:
        return AssetDoc(
            kind=self.kind,
            id=item.space_id,
            title=item.title,
            description=item.description,
            warehouse_id=item.warehouse_id,
            parent_path=item.parent_path,
            created_at=_text(item.create_time),
            updated_at=_text(item.update_time),
            etag=item.etag,
            link=f"{host}/genie/rooms/{item.space_id}",
        )

    async def _definition(
        self, calls: ClientCalls, doc: AssetDoc, errors: list[DetailError]
    ) -> None:
        try:
            space = await calls.call(lambda c: c.spaces.get(doc.id, include_serialized_space=True))
        except PermissionDeniedError as error:
            # The definition needs CAN EDIT; a reader still gets the space's fields.
            errors.append(DetailError("get_definition", error))
            try:
                space = await calls.call(lambda c: c.spaces.get(doc.id))
            except GenieError as again:
                errors.append(DetailError("get", again))
                return
        except GenieError as error:
            errors.append(DetailError("get", error))
            return
        doc.title = space.title
        doc.description = space.description
        doc.warehouse_id = space.warehouse_id
        doc.parent_path = space.parent_path
        doc.etag = space.etag
        doc.updated_at = _text(space.update_time)
        doc.definition = parse_space(space.serialized_space)


class DashboardSource(Source):
    """AI/BI dashboards: list (trashed ones too), get the draft, get the published version."""

    kind = "dashboard"
    acl_type = "dashboards"
    tag_type = "dashboards"

    def listing(self, token: str | None) -> Callable[[Any], Any]:
        return lambda c: c.dashboards.list(show_trashed=True, page_token=token)

    def object_id(self, item: Any) -> str:
        return str(item.dashboard_id)

    def listed(self, item: Any, host: str) -> AssetDoc:
        trashed = item.lifecycle_state == "TRASHED"
        return AssetDoc(
            kind=self.kind,
            id=item.dashboard_id,
            title=item.display_name,
            state="trashed" if trashed else "active",
            warehouse_id=item.warehouse_id,
            created_at=item.create_time,
            link=f"{host}/dashboardsv3/{item.dashboard_id}",
        )

    async def _definition(
        self, calls: ClientCalls, doc: AssetDoc, errors: list[DetailError]
    ) -> None:
        draft: Any
        published: Any
        draft, published = await asyncio.gather(
            calls.call(lambda c: c.dashboards.get(doc.id)),
            calls.call(lambda c: c.dashboards.get_published(doc.id)),
            return_exceptions=True,
        )
        if isinstance(published, NotFoundError):
            doc.published = False
        elif isinstance(published, GenieError):
            errors.append(DetailError("get_published", published))
        elif isinstance(published, BaseException):
            raise published
        else:
            doc.published = True
            doc.published_at = published.revision_create_time
            doc.published_link = f"{doc.link}/published"
        if isinstance(draft, GenieError):
            errors.append(DetailError("get", draft))
            return
        if isinstance(draft, BaseException):
            raise draft
        doc.title = draft.display_name
        doc.path = draft.path
        doc.parent_path = draft.parent_path
        doc.etag = draft.etag
        doc.updated_at = draft.update_time
        doc.definition = parse_dashboard(draft.serialized_dashboard)


class AgentSource(Source):
    """Genie Agents, when the client has ``agents``: list, then get with the definition."""

    kind = "agent"

    def available(self, calls: ClientCalls) -> bool:
        return calls.has("agents")

    def listing(self, token: str | None) -> Callable[[Any], Any]:
        return lambda c: c.agents.list(page_token=token)

    def object_id(self, item: Any) -> str:
        return _agent_id(item)

    def listed(self, item: Any, host: str) -> AssetDoc:
        agent_id = _agent_id(item)
        return AssetDoc(
            kind=self.kind,
            id=agent_id,
            title=getattr(item, "display_name", None),
            description=getattr(item, "description", None),
            warehouse_id=getattr(item, "warehouse_id", None),
            parent_path=getattr(item, "effective_parent_path", None),
            created_at=_text(getattr(item, "create_time", None)),
            updated_at=_text(getattr(item, "update_time", None)),
            etag=getattr(item, "etag", None),
            link=f"{host}/genie/rooms/{agent_id}",
        )

    async def _definition(
        self, calls: ClientCalls, doc: AssetDoc, errors: list[DetailError]
    ) -> None:
        try:
            agent = await calls.call(lambda c: c.agents.get(doc.id))
        except GenieError as error:
            errors.append(DetailError("get", error))
            return
        definition: Any = getattr(agent, "definition", None)
        if hasattr(definition, "model_dump"):
            definition = definition.model_dump(mode="json", exclude_none=True)
        doc.definition = parse_agent(definition if isinstance(definition, dict) else None)


def _agent_id(item: Any) -> str:
    name = str(getattr(item, "genie_agent_id", None) or getattr(item, "name", ""))
    return name.rpartition("/")[2]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


SOURCES: dict[str, Source] = {
    "spaces": SpaceSource(),
    "dashboards": DashboardSource(),
    "agents": AgentSource(),
}
"""Every source by the name ``include`` takes."""


def describe(error: GenieError) -> tuple[int | None, str | None, str]:
    """Status, error code and message of an error, for the run's error table."""
    if isinstance(error, ApiError):
        return error.status_code, error.error_code, str(error)
    return None, type(error).__name__, str(error)
