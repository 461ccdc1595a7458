"""Pre-signed "cloud storage" links for downloaded chunks, and checking a request for one."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from genie_sdk.simulator.domain.ids import Signer
from genie_sdk.simulator.domain.state import DownloadRecord, GenieState
from genie_sdk.simulator.sql.encoding import format_timestamp

__all__ = ["HEADER", "STORAGE_PREFIX", "StorageLinks", "StorageRefusal"]

STORAGE_PREFIX = "/_storage"
HEADER = "x-sim-header"


class StorageRefusal(Exception):
    """Why object storage refuses a chunk request: an S3-style error code with its status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class StorageLinks:
    """Issues expiring signed links to chunks and checks requests for them."""

    def __init__(self, *, signer: Signer, state: GenieState) -> None:
        self._signer = signer
        self._state = state

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

    def chunk(
        self,
        download_id: str,
        chunk_index: int,
        *,
        expires: str,
        signature: str,
        header: str | None,
        now: float,
    ) -> tuple[bytes, str]:
        """The chunk's bytes and format if the link is valid now; `StorageRefusal` if not."""
        path = f"{STORAGE_PREFIX}/{download_id}/{chunk_index}"
        if not expires.isdigit() or not self._signer.verify(f"{path}:{expires}", signature):
            raise StorageRefusal(403, "SignatureDoesNotMatch", "The request signature is invalid.")
        if now >= int(expires):
            raise StorageRefusal(403, "AccessDenied", "Request has expired")
        if header != self.header_value(download_id, chunk_index):
            raise StorageRefusal(
                400, "MissingRequiredHeader", f"Header {HEADER} is missing or wrong."
            )
        with self._state.lock:
            record = self._state.downloads.get(download_id)
            if record is None or chunk_index >= len(record.chunks):
                raise StorageRefusal(404, "NoSuchKey", "The specified key does not exist.")
            return record.chunks[chunk_index], record.format
