"""Full-result downloads: an export that runs for a few polls, then hands out chunk links."""

from __future__ import annotations

from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import Signer, new_id
from genie_sdk.simulator.domain.settings import SimulatorSettings
from genie_sdk.simulator.domain.state import DownloadRecord, GenieState, MessageRecord, QueryRecord
from genie_sdk.simulator.domain.statements import manifest, state_response
from genie_sdk.simulator.domain.storage import StorageLinks
from genie_sdk.simulator.sql.engine import SqlEngine, SqlError
from genie_sdk.simulator.sql.formats import arrow_chunk, csv_chunk, json_chunk

__all__ = ["chunk_result", "download_status", "start_download"]


def start_download(
    state: GenieState,
    message: MessageRecord,
    query: QueryRecord,
    *,
    settings: SimulatorSettings,
    signer: Signer,
) -> dict[str, str]:
    """Begin exporting the attachment's full result: ``{download_id, download_id_signature}``."""
    if message.stage != "COMPLETED" or query.result is None:
        raise SimulatedApiError.invalid_state(
            f"Message {message.message_id} has no completed query result to download."
        )
    if message.expired:
        raise SimulatedApiError.invalid_state(
            "The query result has expired; run execute-query first."
        )
    download_id = new_id()
    record = DownloadRecord(
        download_id=download_id,
        signature=signer.sign(f"download:{download_id}"),
        statement_id=new_id(),
        message_id=message.message_id,
        attachment_id=query.attachment_id,
        sql=query.sql,
        result=query.result,
        format=settings.download_format,
    )
    state.downloads[download_id] = record
    return {"download_id": download_id, "download_id_signature": record.signature}


def download_status(
    record: DownloadRecord,
    *,
    engine: SqlEngine,
    settings: SimulatorSettings,
    links: StorageLinks,
    base_url: str,
    now: float,
) -> dict[str, Any]:
    """The download's ``statement_response``: pending/running for a few polls, then links."""
    if record.polls < settings.download_polls:
        record.polls += 1
        return state_response(record.statement_id, "PENDING" if record.polls == 1 else "RUNNING")
    if not record.chunks and record.error is None:
        _export(record, engine=engine, chunk_rows=settings.chunk_rows)
    if record.error is not None:
        return state_response(
            record.statement_id, "FAILED", error_code="BAD_REQUEST", message=record.error
        )
    chunks = [
        {"chunk_index": index, "row_offset": offset, "row_count": count, "byte_count": len(data)}
        for index, ((offset, count), data) in enumerate(
            zip(record.chunk_rows, record.chunks, strict=True)
        )
    ]
    external_links = [
        links.link(record, index, base_url=base_url, now=now, ttl=settings.link_ttl)
        for index in range(len(record.chunks))
    ]
    return {
        "statement_id": record.statement_id,
        "status": {"state": "SUCCEEDED"},
        "manifest": manifest(
            record.columns,
            format=record.format,
            total_row_count=sum(count for _, count in record.chunk_rows),
            chunks=chunks,
            truncated=False,
        ),
        "result": {"external_links": external_links},
    }


def chunk_result(
    record: DownloadRecord,
    chunk_index: int,
    *,
    settings: SimulatorSettings,
    links: StorageLinks,
    base_url: str,
    now: float,
) -> dict[str, Any]:
    """``GET /api/2.0/sql/statements/{id}/result/chunks/{n}``: a fresh link to one chunk."""
    if not record.chunks or not 0 <= chunk_index < len(record.chunks):
        raise SimulatedApiError.not_found("Chunk", f"{record.statement_id}/{chunk_index}")
    link = links.link(record, chunk_index, base_url=base_url, now=now, ttl=settings.link_ttl)
    meta = {key: link[key] for key in ("chunk_index", "row_offset", "row_count", "byte_count")}
    return {**meta, "external_links": [link]}


def _export(record: DownloadRecord, *, engine: SqlEngine, chunk_rows: int) -> None:
    try:
        if record.format == "ARROW_STREAM":
            record.columns, table = engine.query_arrow(record.sql)
            total = int(table.num_rows)
            spans = _spans(total, chunk_rows)
            record.chunks = [arrow_chunk(table.slice(offset, count)) for offset, count in spans]
        else:
            result = record.result
            record.columns = result.columns
            rows = result.encoded()
            spans = _spans(len(rows), chunk_rows)
            header = [column.name for column in result.columns]
            record.chunks = [
                csv_chunk(header, rows[offset : offset + count])
                if record.format == "CSV"
                else json_chunk(rows[offset : offset + count])
                for offset, count in spans
            ]
        record.chunk_rows = spans
    except SqlError as exc:
        record.error = exc.message


def _spans(total: int, size: int) -> list[tuple[int, int]]:
    return [(offset, min(size, total - offset)) for offset in range(0, total, size)] or [(0, 0)]
