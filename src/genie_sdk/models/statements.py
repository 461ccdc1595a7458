"""SQL statement results in the Statement Execution format."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, PlainValidator, with_config
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


# Read when a model holding rows builds its schema, not at import.
@with_config(ConfigDict(extra="allow", use_attribute_docstrings=True))
class TypedRow(TypedDict, total=False):
    """One row of ``data_typed_array``: each value is ``{"str": "..."}`` or ``{}`` for null."""

    values: list[dict[str, Any]]
    """The row's values in column order: ``{"str": "..."}``, or ``{}`` for null."""


def _json_array(value: Any) -> list[Any]:
    """Accept any JSON array as is: its cells are checked and decoded column by column by
    `genie_sdk.results`, far faster than validating each cell here."""
    if not isinstance(value, list):
        raise ValueError("expected a JSON array")
    return value


RawRows = Annotated[
    list[list[str | None]],
    PlainValidator(_json_array, json_schema_input_type=list[list[str | None]]),
]
"""``data_array``: passed through unvalidated (see ``_json_array``)."""
RawTypedRows = Annotated[
    list[TypedRow], PlainValidator(_json_array, json_schema_input_type=list[TypedRow])
]
"""``data_typed_array``: passed through unvalidated (see ``_json_array``)."""


class ServiceError(GenieModel):
    """Why a statement failed."""

    error_code: Open[ServiceErrorCode] | None = None
    """Error code, such as ``BAD_REQUEST`` or ``DEADLINE_EXCEEDED``."""
    message: str | None = None
    """Short description of the error."""


class StatementStatus(GenieModel):
    """State of a statement and its error, if any."""

    state: Open[StatementState] | None = None
    """``PENDING``, ``RUNNING``, ``SUCCEEDED``, ``FAILED``, ``CANCELED`` or ``CLOSED``."""
    error: ServiceError | None = None
    """Why the statement failed, when it did."""
    sql_state: str | None = None
    """SQLSTATE code of the failure; sent only when ``state`` is ``FAILED``."""


class ColumnInfo(GenieModel):
    """One column of a result schema."""

    name: str = ""
    """Name of the column."""
    position: int | None = None
    """Position of the column, from 0."""
    type_name: Open[ColumnTypeName] | None = None
    """Base type, such as ``INT`` or ``ARRAY`` (without element types)."""
    type_text: str | None = None
    """Full SQL type, such as ``DECIMAL(10,2)`` or ``ARRAY<INT>``."""
    type_precision: int | None = None
    """Number of digits of a ``DECIMAL`` column."""
    type_scale: int | None = None
    """Number of digits right of the decimal point of a ``DECIMAL`` column."""
    type_interval_type: str | None = None
    """Format of an ``INTERVAL`` column."""


class ResultSchema(GenieModel):
    """Columns of a result."""

    column_count: int | None = None
    """Number of columns."""
    columns: list[ColumnInfo] = []
    """The columns, in order."""


class ChunkInfo(GenieModel):
    """Where one chunk of a result lies."""

    chunk_index: int | None = None
    """Position of the chunk among the result's chunks."""
    row_offset: int | None = None
    """Row of the result the chunk starts at."""
    row_count: int | None = None
    """Number of rows in the chunk."""
    byte_count: int | None = None
    """Size of the chunk in bytes."""


class ResultManifest(GenieModel):
    """Format, schema and size of a result."""

    format: Open[ResultFormat] | None = None
    """Format of the rows: ``JSON_ARRAY``, ``ARROW_STREAM`` or ``CSV``."""
    schema_: ResultSchema | None = Field(default=None, alias="schema")
    """Columns of the result (``schema`` on the wire)."""
    total_row_count: int | None = None
    """Number of rows in the whole result."""
    total_byte_count: int | None = None
    """Size of the whole result in bytes."""
    total_chunk_count: int | None = None
    """Number of chunks the result is split into."""
    chunks: list[ChunkInfo] | None = None
    """Where each chunk lies."""
    truncated: bool | None = None
    """Whether more rows exist than were returned."""

    @property
    def columns(self) -> list[ColumnInfo]:
        """The result's columns (empty when the schema is missing)."""
        return self.schema_.columns if self.schema_ else []


class ExternalLink(GenieModel):
    """A pre-signed link to one chunk of a full result; fetch it without workspace credentials."""

    external_link: str
    """Short-lived pre-signed URL of the chunk; it carries a credential, so never log it."""
    expiration: str | None = None
    """When the link expires (a timestamp string)."""
    http_headers: dict[str, str] | None = None
    """The only headers to send when fetching the link; they may hold secrets."""
    chunk_index: int | None = None
    """Position of the chunk among the result's chunks."""
    row_offset: int | None = None
    """Row of the result the chunk starts at."""
    row_count: int | None = None
    """Number of rows in the chunk."""
    byte_count: int | None = None
    """Size of the chunk in bytes."""
    next_chunk_index: int | None = None
    """Position of the next chunk; ``None`` on the last chunk."""
    next_chunk_internal_link: str | None = None
    """API path of the next chunk; ``None`` on the last chunk."""

    def __repr__(self) -> str:
        return f"ExternalLink(chunk_index={self.chunk_index}, row_count={self.row_count}, link=***)"


class ResultData(GenieModel):
    """Rows of one chunk: inline as ``data_array`` / ``data_typed_array`` or as external links."""

    row_count: int | None = None
    """Number of rows in this chunk."""
    row_offset: int | None = None
    """Row of the result this chunk starts at."""
    chunk_index: int | None = None
    """Position of this chunk among the result's chunks."""
    next_chunk_index: int | None = None
    """Position of the next chunk; ``None`` on the last chunk."""
    next_chunk_internal_link: str | None = None
    """API path of the next chunk; ``None`` on the last chunk."""
    byte_count: int | None = None
    """Size of this chunk in bytes."""
    data_array: RawRows | None = None
    """Rows as lists of strings (``None`` for null), checked and decoded by `genie_sdk.results`."""
    data_typed_array: RawTypedRows | None = None
    """Rows with values wrapped: ``{"str": "..."}``, or ``{}`` for null (checked when decoded)."""
    external_links: list[ExternalLink] | None = None
    """Links to the chunks of a full-result download, instead of inline rows."""


class StatementResponse(GenieModel):
    """A SQL statement: its status, result manifest and (first chunk of) rows."""

    statement_id: str | None = None
    """Id of the SQL statement."""
    status: StatementStatus | None = None
    """State of the statement and, when it failed, why."""
    manifest: ResultManifest | None = None
    """Format, columns and size of the result."""
    result: ResultData | None = None
    """The first chunk of rows, inline or as external links."""

    @property
    def state(self) -> StatementState | str | None:
        """The statement's state, or ``None`` when the server sent none."""
        return self.status.state if self.status else None
