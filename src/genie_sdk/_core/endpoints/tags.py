"""``client.tags``: list, assign and remove the tags of spaces and dashboards."""

from __future__ import annotations

from genie_sdk._core.calls import Call, Page, segment
from genie_sdk._core.endpoints._common import (
    decode_empty,
    decode_page,
    decode_page_json,
    non_empty,
    page_params,
    request_body,
)
from genie_sdk.models import (
    CreateTagAssignmentRequest,
    ListTagAssignmentsResponse,
    TagAssignment,
    TagAssignmentRequest,
)

__all__ = ["assign_tag", "check_tag_key", "list_tags", "remove_tag"]

_ROOT = "/api/2.0/entity-tag-assignments"
_FORBIDDEN = ",.:/-="


def check_tag_key(tag_key: str) -> str:
    """Return ``tag_key`` if the service accepts it as a key, else raise ``ValueError``."""
    non_empty("tag_key", tag_key)
    bad = sorted({c for c in tag_key if c in _FORBIDDEN})
    if bad or tag_key != tag_key.strip():
        shown = " ".join(repr(c) for c in bad) or "spaces at its ends"
        raise ValueError(f"tag_key {tag_key!r} may not contain {shown}")
    return tag_key


def _entity(entity_type: str, entity_id: str) -> str:
    kind = segment("entity_type", non_empty("entity_type", entity_type))
    return f"{_ROOT}/{kind}/{segment('entity_id', entity_id)}"


def list_tags(
    entity_type: str,
    entity_id: str,
    *,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[TagAssignment]]:
    """List the tags of an entity (``geniespaces`` or ``dashboards``)."""
    return Call(
        "GET",
        _entity(entity_type, entity_id) + "/tags",
        decode_page(ListTagAssignmentsResponse, "tag_assignments"),
        decode_json=decode_page_json(ListTagAssignmentsResponse, "tag_assignments"),
        params=page_params(page_size, page_token),
    )


def assign_tag(
    entity_type: str, entity_id: str, tag_key: str, tag_value: str | None = None
) -> Call[TagAssignment]:
    """Assign the tag ``tag_key`` (with ``tag_value``, if any) to an entity."""
    _entity(entity_type, entity_id)
    assignment = TagAssignmentRequest(
        entity_type=entity_type,
        entity_id=entity_id,
        tag_key=check_tag_key(tag_key),
        tag_value=tag_value,
    )
    body = request_body(CreateTagAssignmentRequest, tag_assignment=assignment)
    return Call(
        "POST",
        _ROOT,
        TagAssignment.model_validate,
        decode_json=TagAssignment.model_validate_json,
        body=body,
    )


def remove_tag(entity_type: str, entity_id: str, tag_key: str) -> Call[None]:
    """Remove the tag ``tag_key`` from an entity."""
    path = f"{_entity(entity_type, entity_id)}/tags/{segment('tag_key', check_tag_key(tag_key))}"
    return Call("DELETE", path, decode_empty)
