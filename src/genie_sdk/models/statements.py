"""SQL statement results in the Statement Execution format."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from typing_extensions import TypedDict

from genie_sdk.models._base import GenieModel, Open
from genie_sdk.models.enums import ColumnTypeName, ResultFormat, ServiceErrorCode, StatementState

__all__ = [
    "ChunkInfo",
    "ColumnInfo",
    "ExternalLink",
    "ResultData",
    "ResultManifest",
    "ResultSchema",
    "ServiceError",
    "StatementResponse",
    "StatementStatus",
    "TypedRow",
]


class TypedRow(TypedDict, total=False):
    """One row of ``data_typed_array``: each value is ``{"str": "..."}`` or ``{}`` for null."""

    values: list[dict[str, Any]]


class ServiceError(GenieModel):
    """Why a statement failed."""

    error_code: Open[ServiceErrorCode] | None = None
    message: str | None = None


class StatementStatus(GenieModel):
    """State of a statement and its error, if any."""

    state: Open[StatementState] | None = None
    error: ServiceError | None = None
    sql_state: str | None = None


class ColumnInfo(GenieModel):
    """One column of a result schema."""

    name: str = ""
    position: int | None = None
    type_name: Open[ColumnTypeName] | None = None
    type_text: str | None = None
    type_precision: int | None = None
    type_scale: int | None = None
    type_interval_type: str | None = None


class ResultSchema(GenieModel):
    """Columns of a result."""

    column_count: int | None = None
    columns: list[ColumnInfo] = []


class ChunkInfo(GenieModel):
    """Where one chunk of a result lies."""

    chunk_index: int | None = None
    row_offset: int | None = None
    row_count: int | None = None
    byte_count: int | None = None


class ResultManifest(GenieModel):
    """Format, schema and size of a result."""

    format: Open[ResultFormat] | None = None
    schema_: ResultSchema | None = Field(default=None, alias="schema")
    total_row_count: int | None = None
    total_byte_count: int | None = None
    total_chunk_count: int | None = None
    chunks: list[ChunkInfo] | None = None
    truncated: bool | None = None

    @property
    def columns(self) -> list[ColumnInfo]:
        """The result's columns (empty when the schema is missing)."""
        return self.schema_.columns if self.schema_ else []


class ExternalLink(GenieModel):
    """A pre-signed link to one chunk of a full result; fetch it without workspace credentials."""

    external_link: str
    expiration: str | None = None
    http_headers: dict[str, str] | None = None
    chunk_index: int | None = None
    row_offset: int | None = None
    row_count: int | None = None
    byte_count: int | None = None
    next_chunk_index: int | None = None
    next_chunk_internal_link: str | None = None

    def __repr__(self) -> str:
        return f"ExternalLink(chunk_index={self.chunk_index}, row_count={self.row_count}, link=***)"


class ResultData(GenieModel):
    """Rows of one chunk: inline as ``data_array`` / ``data_typed_array`` or as external links."""

    row_count: int | None = None
    row_offset: int | None = None
    chunk_index: int | None = None
    next_chunk_index: int | None = None
    next_chunk_internal_link: str | None = None
    byte_count: int | None = None
    data_array: list[list[str | None]] | None = None
    data_typed_array: list[TypedRow] | None = None
    external_links: list[ExternalLink] | None = None


class StatementResponse(GenieModel):
    """A SQL statement: its status, result manifest and (first chunk of) rows."""

    statement_id: str | None = None
    status: StatementStatus | None = None
    manifest: ResultManifest | None = None
    result: ResultData | None = None

    @property
    def state(self) -> StatementState | str | None:
        """The statement's state, or ``None`` when the server sent none."""
        return self.status.state if self.status else None
