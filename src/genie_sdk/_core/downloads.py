"""Full results past the inline cap: export, follow every chunk and link, decode as it goes.

``download`` is a plan like the others: it starts an export, polls it, then fetches each chunk's
pre-signed link (without workspace credentials, with only the link's own headers), decodes it and
emits a `ChunkReady` event per chunk, so callers stream rows or write files with bounded
memory. An expired link is re-requested once per chunk: from the export's status for the first
chunk, from the ``next_chunk_internal_link`` that listed it for the others. Links must be
``https://`` (plain ``http://`` only to loopback), so their signatures never travel in clear
text, and well-formed; errors about them never quote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import httpx

from genie_sdk._core.answer import AnswerData, MessageIds
from genie_sdk._core.calls import Call, path_problem, response_id
from genie_sdk._core.endpoints import messages
from genie_sdk._core.events import ChunkReady
from genie_sdk._core.plans import Waiting, poller_for, tag_errors
from genie_sdk._core.status import Next, statement_next
from genie_sdk._core.steps import Emit, Plan
from genie_sdk._host import is_secure_url
from genie_sdk.errors import ApiError, DownloadError
from genie_sdk.models import ExternalLink, ResultData, ResultFormat, StatementResponse

# Result decoding is imported when a download starts: most clients never download.
if TYPE_CHECKING:
    from genie_sdk.results import Column

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
    what = "download"
    export = messages.generate_download(*ids, attachment_id)
    handle = yield from poller.send(ids, export, None, what)
    download_id = response_id("download_id", handle.download_id, DownloadError)
    signature = handle.download_id_signature or ""
    if not signature.strip():
        raise DownloadError(f"download of message {ids.message_id}: the export has no signature")
    status = messages.get_download(*ids, attachment_id, download_id, signature)
    statement: StatementResponse = yield from poller.send(ids, status, None, what)
    while (step := statement_next(statement.state)) is Next.POLL:
        yield poller.next_sleep(ids, statement.state, what)
        statement = yield from poller.send(ids, status, statement.state, what)
    if step is not Next.DONE:
        error = statement.status.error if statement.status else None
        detail = error.message if error and error.message else f"export ended {statement.state}"
        raise DownloadError(f"download of message {ids.message_id} failed: {detail}")
    from genie_sdk.results import columns_from_manifest, decode_chunk

    columns = columns_from_manifest(statement.manifest)
    manifest = statement.manifest
    fmt = manifest.format if manifest and manifest.format else ResultFormat.JSON_ARRAY
    if not isinstance(fmt, ResultFormat):
        raise DownloadError(f"download of message {ids.message_id}: unknown result format {fmt!r}")
    totals = (manifest.total_row_count, manifest.total_chunk_count) if manifest else (None, None)
    links = _links(statement.result, 0)
    index: int | None = min(links, default=0)
    rows_seen = chunks = 0
    refreshed: set[int] = set()
    fetched: set[int] = set()
    # The workspace path that lists each chunk's link: asked again when that link has expired.
    sources: dict[int, str] = {}
    while index is not None:
        if index not in links:
            source = sources.get(index)
            if source is None:
                raise DownloadError(
                    f"download of message {ids.message_id}: no link for chunk {index}"
                )
            links.update(_links((yield _chunk_links(ids, index, source)), index))
            if index not in links:
                raise DownloadError(
                    f"download of message {ids.message_id}: no link for chunk {index}"
                )
        if index in fetched:
            raise DownloadError(
                f"download of message {ids.message_id}: chunk {index} was linked twice"
            )
        link = links[index]
        problem = link_problem(link)
        if problem:
            raise DownloadError(f"download of message {ids.message_id}: chunk {index} {problem}")
        try:
            content: bytes = yield _fetch(link)
        except ApiError as error:
            if error.status_code not in _EXPIRED_LINK or index in refreshed:
                raise DownloadError(
                    f"download of message {ids.message_id}: chunk {index} could not be fetched "
                    f"({error.status_code})"
                ) from None
            refreshed.add(index)
            source = sources.get(index)
            if source is None:
                links.update(_links((yield status).result, index))
            else:
                links.update(_links((yield _chunk_links(ids, index, source)), index))
            continue
        rows = decode_chunk(content, fmt, columns, row_offset=rows_seen)
        yield Emit(ChunkReady(index, rows, columns, *totals))
        rows_seen += len(rows)
        chunks += 1
        fetched.add(index)
        following = _next_index(link, index, totals[1])
        if following is not None and link.next_chunk_internal_link is not None:
            sources[following] = link.next_chunk_internal_link
        index = following
    return DownloadSummary(columns, rows_seen, chunks, fmt.value)


def _chunk_links(ids: MessageIds, index: int, path: str) -> Call[ResultData]:
    """The call that lists a fresh link to chunk ``index``: its ``next_chunk_internal_link``."""
    problem = path_problem(path)
    if problem:
        raise DownloadError(
            f"download of message {ids.message_id}: the link to chunk {index} {problem}"
        )
    return Call("GET", path, ResultData.model_validate, decode_json=ResultData.model_validate_json)


def _next_index(link: ExternalLink, index: int, total: int | None) -> int | None:
    if link.next_chunk_index is not None:
        return link.next_chunk_index
    if link.next_chunk_internal_link is None and total is not None and index + 1 < total:
        return index + 1
    return None


def _links(result: ResultData | None, default: int) -> dict[int, ExternalLink]:
    """The links of ``result`` by chunk index (``default`` for a link that names none)."""
    found = result.external_links if result and result.external_links else []
    fallback = result.chunk_index if result and result.chunk_index is not None else default
    return {link.chunk_index if link.chunk_index is not None else fallback: link for link in found}


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")


def link_problem(link: ExternalLink) -> str | None:
    """Why a chunk's link cannot be fetched as given, or ``None``.

    The reason never quotes the link or its headers: they carry credentials.
    """
    if not is_secure_url(link.external_link):
        return "is not linked over https://"
    try:
        url = httpx.URL(link.external_link)
    except httpx.InvalidURL:
        return "has a malformed link"
    if not url.host or not 0 < (url.port or 443) < 65536:
        return "has a malformed link"
    for name, value in (link.http_headers or {}).items():
        if not _HEADER_NAME.fullmatch(name) or not _HEADER_VALUE.fullmatch(value):
            return "has a malformed link header"
    return None


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
