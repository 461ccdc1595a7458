"""Genie spaces."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = ["CreateSpaceRequest", "ListSpacesResponse", "Space", "UpdateSpaceRequest"]


class Space(GenieModel):
    """A Genie space: a curated set of tables, instructions and a SQL warehouse."""

    space_id: str
    """Id of the space (the end of its ``/genie/rooms/<space_id>`` URL)."""
    title: str = ""
    """Title of the space."""
    description: str | None = None
    """Description of the space."""
    warehouse_id: str | None = None
    """Id of the SQL warehouse the space runs its queries on."""
    parent_path: str | None = None
    """Workspace path of the folder holding the space."""
    serialized_space: str | None = None
    """The space's exported definition as a JSON string; sent only when asked for."""
    etag: str | None = None
    """Version tag; pass it back on update so that concurrent changes are not overwritten."""
    create_time: int | str | None = None
    """When the space was created, as the server sends it (an RFC 3339 string today)."""
    update_time: int | str | None = None
    """When the space was last changed, as the server sends it (an RFC 3339 string today)."""


class ListSpacesResponse(GenieModel):
    """One page of spaces."""

    spaces: list[Space] = []
    """The spaces on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""


class CreateSpaceRequest(RequestModel):
    """Body of ``POST /spaces``."""

    warehouse_id: str
    """Id of the SQL warehouse the space will run its queries on."""
    serialized_space: str
    """The space's definition as a JSON string, in the export format."""
    title: str | None = None
    """Title of the space."""
    description: str | None = None
    """Description of the space."""
    parent_path: str | None = None
    """Workspace folder to create the space in."""


class UpdateSpaceRequest(RequestModel):
    """Body of ``PATCH /spaces/{space_id}``."""

    title: str | None = None
    """New title."""
    description: str | None = None
    """New description."""
    warehouse_id: str | None = None
    """Id of the SQL warehouse to run the queries on."""
    serialized_space: str | None = None
    """New definition as a JSON string, in the export format."""
    parent_path: str | None = None
    """New parent folder (a workspace path)."""
    etag: str | None = None
    """The ``etag`` last read, so that concurrent changes are not overwritten."""
