"""Tags assigned to workspace entities (``/api/2.0/entity-tag-assignments``)."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = [
    "CreateTagAssignmentRequest",
    "ListTagAssignmentsResponse",
    "TagAssignment",
    "TagAssignmentRequest",
]


class TagAssignment(GenieModel):
    """A tag on an entity: a key and an optional value."""

    entity_type: str | None = None
    """The kind of entity: ``geniespaces``, ``dashboards``, ``apps`` or ``notebooks``."""
    entity_id: str | None = None
    """Id of the entity."""
    tag_key: str
    """The tag's key."""
    tag_value: str | None = None
    """The tag's value; ``None`` for a tag without one."""


class ListTagAssignmentsResponse(GenieModel):
    """One page of tag assignments."""

    tag_assignments: list[TagAssignment] = []
    """The tags on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class TagAssignmentRequest(RequestModel):
    """A tag to assign to an entity."""

    entity_type: str
    """The kind of entity, such as ``geniespaces`` or ``dashboards``."""
    entity_id: str
    """Id of the entity."""
    tag_key: str
    """The tag's key."""
    tag_value: str | None = None
    """The tag's value, if it has one."""


class CreateTagAssignmentRequest(RequestModel):
    """Body of ``POST /entity-tag-assignments``."""

    tag_assignment: TagAssignmentRequest
    """The tag to assign."""
