"""Read a response body piece by piece: inflate it, count it, and stop it past a size limit.

The drivers feed the wire bytes they read (``iter_raw``) to a `Body`; it decides when to
stop. Compressed bodies are inflated here, a bounded slice at a time, so a small compressed
body cannot grow past the limit in memory ("gzip bomb"), however many encodings it stacks.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from genie_sdk.errors import DecodeError, ResponseTooLargeError

__all__ = [
    "API_RESPONSE_BYTES",
    "CHUNK_BYTES",
    "ERROR_BODY_BYTES",
    "Body",
    "BodyLimits",
]

MiB = 2**20
API_RESPONSE_BYTES = 64 * MiB
"""Largest API answer read: the inline result is capped at 5,000 rows and about 25 MB."""
CHUNK_BYTES = 256 * MiB
"""Default largest chunk of a full-result download (``max_chunk_bytes``), on the wire and inflated:
several times the chunks Databricks hands out, and still a size one process can decode."""
ERROR_BODY_BYTES = 64 * 2**10
"""How much of an error response is read: enough for its message, the rest is dropped."""

_STEP = 64 * 2**10
"""Most bytes one inflating step produces: what a compressed piece may cost before it is counted."""


@dataclass(frozen=True)
class BodyLimits:
    """Largest bodies read: API answers, and the chunks a download fetches from its links."""

    api: int = API_RESPONSE_BYTES
    chunk: int = CHUNK_BYTES


class _Inflater:
    """One ``Content-Encoding`` layer (gzip or deflate), inflated in bounded steps."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.produced = 0
        # deflate is meant to be zlib-wrapped, but some servers send it raw: try zlib first.
        self._zlib = encoding == "deflate"
        wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits)

    def steps(self, data: bytes) -> list[bytes]:
        """Inflate ``data`` into pieces of at most ``_STEP`` bytes each (raises ``zlib.error``)."""
        pieces = []
        while data:
            try:
                piece = self._inflate.decompress(data, _STEP)
            except zlib.error:
                if not self._zlib or self.produced:
                    raise
                self._zlib = False
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._zlib = False
            self.produced += len(piece)
            pieces.append(piece)
            data = self._inflate.unconsumed_tail
            if self._inflate.eof:
                break
        return pieces


_IDENTITY = frozenset({"", "identity"})
_INFLATED = frozenset({"gzip", "x-gzip", "deflate"})


class Body:
    """The body of one response, collected up to ``limit`` bytes (on the wire and inflated).

    Past the limit, `feed` raises `genie_sdk.errors.ResponseTooLargeError`, or,
    with ``truncate`` (error responses, whose start holds the message), keeps the first
    ``limit`` bytes and returns ``False`` to stop the reading. ``encoded=False`` takes bytes
    already inflated (a response whose content the transport read in advance).
    """

    def __init__(
        self,
        limit: int,
        status: int,
        headers: Mapping[str, str],
        *,
        truncate: bool,
        describe: str,
        encoded: bool = True,
    ) -> None:
        self.limit = limit
        self.status = status
        self.truncate = truncate
        self.describe = describe
        self.wire = 0
        self._pieces: list[bytes] = []
        self._kept = 0
        self._done = False
        encoding = headers.get("content-encoding", "") if encoded else ""
        codings = [c.strip().lower() for c in encoding.split(",")]
        codings = [c for c in codings if c not in _IDENTITY]
        unknown = [c for c in codings if c not in _INFLATED]
        if unknown and not truncate:
            raise DecodeError(
                f"{describe}: unsupported content-encoding {unknown[0][:40]!r}", status_code=status
            )
        self._layers = [] if unknown else [_Inflater(c) for c in reversed(codings)]
        length = headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > limit and not truncate:
            raise self._too_large("on the wire")

    def feed(self, data: bytes) -> bool:
        """Add bytes read from the wire; return whether reading should go on."""
        if self._done:
            return False
        self.wire += len(data)
        if self.wire > self.limit and not self.truncate:
            raise self._too_large("on the wire")
        try:
            self._push(0, data)
        except zlib.error:
            if not self.truncate:
                raise DecodeError(
                    f"{self.describe}: the body does not inflate as its content-encoding says",
                    status_code=self.status,
                ) from None
            self._done = True
        return not self._done

    def content(self) -> bytes:
        """The body read so far, inflated."""
        return b"".join(self._pieces)

    def _push(self, level: int, data: bytes) -> None:
        if level == len(self._layers):
            self._keep(data)
            return
        layer = self._layers[level]
        for piece in layer.steps(data):
            if layer.produced > self.limit and not self.truncate:
                raise self._too_large(f"inflated from {layer.encoding}")
            self._push(level + 1, piece)
            if self._done:
                return

    def _keep(self, data: bytes) -> None:
        room = self.limit - self._kept
        if len(data) > room:
            if not self.truncate:
                raise self._too_large("inflated" if self._layers else "on the wire")
            data, self._done = data[:room], True
        self._pieces.append(data)
        self._kept += len(data)

    def _too_large(self, where: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"{self.describe}: the response is larger than {self.limit:,} bytes ({where}); "
            "stopped reading it",
            limit=self.limit,
            status_code=self.status,
        )
