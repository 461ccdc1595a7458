"""Pre-signed "cloud storage" links for downloaded chunks, served by the simulator itself."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from genie_sdk.simulator.clock import SimClock
from genie_sdk.simulator.ids import Signer
from genie_sdk.simulator.journal import Journal
from genie_sdk.simulator.sql.encoding import format_timestamp
from genie_sdk.simulator.sql.formats import CONTENT_TYPES
from genie_sdk.simulator.state import DownloadRecord, GenieState

__all__ = ["STORAGE_PREFIX", "StorageLinks"]

STORAGE_PREFIX = "/_storage"
HEADER = "x-sim-header"
_AUTH_CONFLICT = (
    "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the "
    "signature query parameters or the Authorization header should be specified</Message></Error>"
)


def _s3_error(status: int, code: str, message: str) -> Response:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return Response(body, status_code=status, media_type="application/xml")


class StorageLinks:
    """Issues expiring signed links to chunks and serves them, rejecting workspace credentials."""

    def __init__(
        self, *, signer: Signer, state: GenieState, journal: Journal, clock: SimClock
    ) -> None:
        self._clock = clock
        self._signer = signer
        self._state = state
        self._journal = journal

    def header_value(self, download_id: str, chunk_index: int) -> str:
        """The value the link requires in its ``x-sim-header`` request header."""
        return self._signer.sign(f"header:{download_id}:{chunk_index}")[:24]

    def link(
        self, record: DownloadRecord, chunk_index: int, *, base_url: str, now: float, ttl: float
    ) -> dict[str, Any]:
        """The ``external_links`` entry of one chunk, valid for ``ttl`` seconds."""
        expires = int(now + ttl)
        path = f"{STORAGE_PREFIX}/{record.download_id}/{chunk_index}"
        query = urlencode(
            {"X-Sim-Expires": expires, "X-Sim-Signature": self._signer.sign(f"{path}:{expires}")}
        )
        offset, count = record.chunk_rows[chunk_index]
        entry: dict[str, Any] = {
            "external_link": f"{base_url}{path}?{query}",
            "expiration": format_timestamp(dt.datetime.fromtimestamp(expires, dt.timezone.utc)),
            "http_headers": {HEADER: self.header_value(record.download_id, chunk_index)},
            "chunk_index": chunk_index,
            "row_offset": offset,
            "row_count": count,
            "byte_count": len(record.chunks[chunk_index]),
        }
        if chunk_index + 1 < len(record.chunks):
            entry["next_chunk_index"] = chunk_index + 1
            entry["next_chunk_internal_link"] = (
                f"/api/2.0/sql/statements/{record.statement_id}/result/chunks/{chunk_index + 1}"
            )
        return entry

    async def serve(self, request: Request) -> Response:
        """``GET /_storage/{download_id}/{chunk}``: the chunk bytes, if the link is valid."""
        now = self._clock.now()
        if "authorization" in request.headers:
            self._journal.record_leak(request.method, request.url.path, request.headers.items())
            return Response(_AUTH_CONFLICT, status_code=400, media_type="application/xml")
        download_id = request.path_params["download_id"]
        chunk_index = int(request.path_params["chunk"])
        path = f"{STORAGE_PREFIX}/{download_id}/{chunk_index}"
        expires = request.query_params.get("X-Sim-Expires", "")
        signature = request.query_params.get("X-Sim-Signature", "")
        if not expires.isdigit() or not self._signer.verify(f"{path}:{expires}", signature):
            return _s3_error(403, "SignatureDoesNotMatch", "The request signature is invalid.")
        if now >= int(expires):
            return _s3_error(403, "AccessDenied", "Request has expired")
        if request.headers.get(HEADER) != self.header_value(download_id, chunk_index):
            return _s3_error(400, "MissingRequiredHeader", f"Header {HEADER} is missing or wrong.")
        with self._state.lock:
            record = self._state.downloads.get(download_id)
            chunk = (
                record.chunks[chunk_index]
                if record is not None and chunk_index < len(record.chunks)
                else None
            )
        if record is None or chunk is None:
            return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
        return Response(chunk, media_type=CONTENT_TYPES[record.format])
