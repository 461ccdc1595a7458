"""Full results past the inline cap: export, follow every chunk and link, decode as it goes.

``download`` is a plan like the others: it starts an export, polls it, then fetches each chunk's
pre-signed link (without workspace credentials, with only the link's own headers), decodes it and
emits a `ChunkReady` event per chunk, so callers stream rows or write files with bounded
memory. An expired link is re-requested once per chunk. Links must be ``https://`` (plain
``http://`` only to loopback), so their signatures never travel in clear text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from genie_sdk._core.answer import AnswerData, MessageIds
from genie_sdk._core.calls import Call, response_id
from genie_sdk._core.endpoints import messages
from genie_sdk._core.events import ChunkReady
from genie_sdk._core.plans import Waiting, poller_for, tag_errors
from genie_sdk._core.status import Next, statement_next
from genie_sdk._core.steps import Emit, Plan
from genie_sdk._host import is_secure_url
from genie_sdk.errors import ApiError, DownloadError
from genie_sdk.models import ExternalLink, ResultData, ResultFormat, StatementResponse
from genie_sdk.results import Column, columns_from_manifest, decode_chunk

__all__ = ["DownloadSummary", "FileFormat", "download"]

# Statuses with which storage services refuse a pre-signed link that has expired.
_EXPIRED_LINK = frozenset({400, 403, 404, 410})


@dataclass(frozen=True)
class DownloadSummary:
    """What a full download fetched."""

    columns: list[Column]
    row_count: int
    chunk_count: int
    format: str
    path: str | None = None


def download(answer: AnswerData, waiting: Waiting) -> Plan[DownloadSummary]:
    """Export the answer's full result and emit its rows chunk by chunk."""
    attachment_id = answer.attachment_id
    if attachment_id is None:
        raise ValueError("this answer has no query result to download")
    ids = answer.ids
    return tag_errors(ids, _download(ids, attachment_id, waiting))


def _download(ids: MessageIds, attachment_id: str, waiting: Waiting) -> Plan[DownloadSummary]:
    poller = poller_for(waiting)
    handle = yield messages.generate_download(*ids, attachment_id)
    download_id = response_id("download_id", handle.download_id, DownloadError)
    signature = handle.download_id_signature or ""
    if not signature.strip():
        raise DownloadError(f"download of message {ids.message_id}: the export has no signature")
    status = messages.get_download(*ids, attachment_id, download_id, signature)
    statement: StatementResponse = yield status
    while (step := statement_next(statement.state)) is Next.POLL:
        yield poller.next_sleep(ids, statement.state, "download")
        statement = yield status
    if step is not Next.DONE:
        error = statement.status.error if statement.status else None
        detail = error.message if error and error.message else f"export ended {statement.state}"
        raise DownloadError(f"download of message {ids.message_id} failed: {detail}")
    columns = columns_from_manifest(statement.manifest)
    manifest = statement.manifest
    fmt = manifest.format if manifest and manifest.format else ResultFormat.JSON_ARRAY
    if not isinstance(fmt, ResultFormat):
        raise DownloadError(f"download of message {ids.message_id}: unknown result format {fmt!r}")
    totals = (manifest.total_row_count, manifest.total_chunk_count) if manifest else (None, None)
    links = _links(statement.result)
    index: int | None = min(links, default=0)
    rows_seen = chunks = 0
    refreshed: set[int] = set()
    fetched: set[int] = set()
    follow: str | None = None
    while index is not None:
        if index not in links:
            if follow is None:
                raise DownloadError(
                    f"download of message {ids.message_id}: no link for chunk {index}"
                )
            if not follow.startswith("/"):
                raise DownloadError(
                    f"download of message {ids.message_id}: chunk {index} is not linked "
                    "to a workspace path"
                )
            links.update(_links((yield Call("GET", follow, ResultData.model_validate))))
            follow = None
            continue
        if index in fetched:
            raise DownloadError(
                f"download of message {ids.message_id}: chunk {index} was linked twice"
            )
        link = links[index]
        if not is_secure_url(link.external_link):
            raise DownloadError(
                f"download of message {ids.message_id}: chunk {index} is not linked over https://"
            )
        try:
            content: bytes = yield _fetch(link)
        except ApiError as error:
            if error.status_code not in _EXPIRED_LINK or index in refreshed:
                raise DownloadError(
                    f"download of message {ids.message_id}: chunk {index} could not be fetched "
                    f"({error.status_code})"
                ) from None
            refreshed.add(index)
            links.update(_links((yield status).result))
            continue
        rows = decode_chunk(content, fmt, columns, row_offset=rows_seen)
        totals = (
            (manifest.total_row_count, manifest.total_chunk_count) if manifest else (None, None)
        )
        yield Emit(ChunkReady(index, rows, columns, *totals))
        rows_seen += len(rows)
        chunks += 1
        fetched.add(index)
        follow = link.next_chunk_internal_link
        index = _next_index(link, index, totals[1])
    return DownloadSummary(columns, rows_seen, chunks, fmt.value)


def _next_index(link: ExternalLink, index: int, total: int | None) -> int | None:
    if link.next_chunk_index is not None:
        return link.next_chunk_index
    if link.next_chunk_internal_link is None and total is not None and index + 1 < total:
        return index + 1
    return None


def _links(result: ResultData | None) -> dict[int, ExternalLink]:
    found = result.external_links if result and result.external_links else []
    return {link.chunk_index if link.chunk_index is not None else 0: link for link in found}


def _fetch(link: ExternalLink) -> Call[bytes]:
    return Call(
        "GET",
        "",
        bytes,
        raw=True,
        url=link.external_link,
        headers=dict(link.http_headers or {}),
        authenticated=False,
    )


FileFormat = Literal["parquet", "csv"]
