"""``client.spaces``: list, get, create, update and trash Genie spaces."""

from __future__ import annotations

from genie_sdk._core.calls import Call, Page, genie_path, segment
from genie_sdk._core.endpoints._common import (
    decode_empty,
    decode_page,
    decode_page_json,
    non_empty,
    page_params,
    request_body,
)
from genie_sdk.models import CreateSpaceRequest, ListSpacesResponse, Space, UpdateSpaceRequest


def list_spaces(
    *, page_size: int | None = None, page_token: str | None = None
) -> Call[Page[Space]]:
    """List the Genie spaces you can access."""
    return Call(
        "GET",
        genie_path("spaces"),
        decode_page(ListSpacesResponse, "spaces"),
        decode_json=decode_page_json(ListSpacesResponse, "spaces"),
        params=page_params(page_size, page_token),
    )


def get_space(space_id: str, *, include_serialized_space: bool | None = None) -> Call[Space]:
    """Get a space; ``include_serialized_space=True`` adds its exported definition."""
    return Call(
        "GET",
        genie_path("spaces", segment("space_id", space_id)),
        Space.model_validate,
        decode_json=Space.model_validate_json,
        params=page_params(None, None, include_serialized_space=include_serialized_space),
    )


def create_space(
    warehouse_id: str,
    serialized_space: str,
    *,
    title: str | None = None,
    description: str | None = None,
    parent_path: str | None = None,
) -> Call[Space]:
    """Create a space from an exported definition, running on ``warehouse_id``."""
    body = request_body(
        CreateSpaceRequest,
        warehouse_id=non_empty("warehouse_id", warehouse_id),
        serialized_space=non_empty("serialized_space", serialized_space),
        title=title,
        description=description,
        parent_path=parent_path,
    )
    return Call(
        "POST",
        genie_path("spaces"),
        Space.model_validate,
        decode_json=Space.model_validate_json,
        body=body,
    )


def update_space(
    space_id: str,
    *,
    title: str | None = None,
    description: str | None = None,
    warehouse_id: str | None = None,
    serialized_space: str | None = None,
    parent_path: str | None = None,
    etag: str | None = None,
) -> Call[Space]:
    """Change a space's fields; pass ``etag`` to fail on concurrent edits."""
    body = request_body(
        UpdateSpaceRequest,
        title=title,
        description=description,
        warehouse_id=warehouse_id,
        serialized_space=serialized_space,
        parent_path=parent_path,
        etag=etag,
    )
    if not set(body) - {"etag"}:
        raise ValueError("update_space needs at least one field to change")
    path = genie_path("spaces", segment("space_id", space_id))
    return Call(
        "PATCH", path, Space.model_validate, decode_json=Space.model_validate_json, body=body
    )


def trash_space(space_id: str) -> Call[None]:
    """Move a space to the trash."""
    return Call("DELETE", genie_path("spaces", segment("space_id", space_id)), decode_empty)
