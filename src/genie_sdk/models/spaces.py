"""Genie spaces."""

from __future__ import annotations

from genie_sdk.models._base import GenieModel, RequestModel

__all__ = ["CreateSpaceRequest", "ListSpacesResponse", "Space", "UpdateSpaceRequest"]


class Space(GenieModel):
    """A Genie space: a curated set of tables, instructions and a SQL warehouse."""

    space_id: str
    title: str = ""
    description: str | None = None
    warehouse_id: str | None = None
    parent_path: str | None = None
    serialized_space: str | None = None
    etag: str | None = None
    create_time: int | str | None = None
    update_time: int | str | None = None


class ListSpacesResponse(GenieModel):
    """One page of spaces."""

    spaces: list[Space] = []
    next_page_token: str | None = None


class CreateSpaceRequest(RequestModel):
    """Body of ``POST /spaces``."""

    warehouse_id: str
    serialized_space: str
    title: str | None = None
    description: str | None = None
    parent_path: str | None = None


class UpdateSpaceRequest(RequestModel):
    """Body of ``PATCH /spaces/{space_id}``."""

    title: str | None = None
    description: str | None = None
    warehouse_id: str | None = None
    serialized_space: str | None = None
    parent_path: str | None = None
    etag: str | None = None
