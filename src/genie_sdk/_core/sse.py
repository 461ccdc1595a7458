"""Server-sent events without I/O: the message, the bound on one event's size, its JSON data.

The senders parse the framing with ``httpx-sse`` (both ``data:`` spellings, multi-line data,
``:`` comments); what they hand to plans is an `SseMessage`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from genie_sdk.errors import DecodeError, ResponseTooLargeError

__all__ = ["DONE", "MAX_EVENT_BYTES", "EventBound", "SseMessage", "event_data"]

MAX_EVENT_BYTES = 16 * 2**20
"""Largest single event read (16 MiB): a completed response replays every item in one event."""

DONE = "[DONE]"
"""The end-of-stream sentinel some servers send as an event's data."""

# A blank line (two line ends in a row: CRLF, LF or CR) ends an event.
_BOUNDARY = re.compile(rb"(?:\r\n|\n|\r)(?:\r\n|\n|\r)")
_TAIL = 3


@dataclass(frozen=True)
class SseMessage:
    """One server-sent event: its ``event`` name (may be empty), ``data`` and ``id``."""

    event: str
    data: str
    id: str = ""


class EventBound:
    """Counts the bytes of the event being received; raises once it passes ``limit``.

    Fed every piece of the decoded body, it resets at each blank line, so memory stays bounded
    whatever the server sends (one endless line, endless ``data:`` lines without a blank line).
    """

    def __init__(self, limit: int = MAX_EVENT_BYTES) -> None:
        self.limit = limit
        self._pending = 0
        self._tail = b""

    def feed(self, piece: bytes) -> None:
        """Count ``piece``.

        Raises:
            ResponseTooLargeError: the current event is larger than the limit.
        """
        window = self._tail + piece
        ends = [match.end() for match in _BOUNDARY.finditer(window)]
        if ends:
            self._pending = len(window) - ends[-1]
        else:
            self._pending += len(piece)
        self._tail = window[-_TAIL:]
        if self._pending > self.limit:
            raise ResponseTooLargeError(
                f"a server-sent event was larger than {self.limit:,} bytes; reading stopped",
                limit=self.limit,
            )


def event_data(message: SseMessage) -> dict[str, Any] | None:
    """The JSON object an event carries, or ``None`` for an empty event or the `DONE` sentinel.

    Raises:
        DecodeError: the data is not a JSON object.
    """
    text = message.data.strip()
    if not text or text == DONE:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        shown = text[:80] + ("…" if len(text) > 80 else "")
        raise DecodeError(f"a server-sent event's data is not a JSON object: {shown!r}")
    return data
