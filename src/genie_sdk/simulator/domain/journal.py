"""A log of every request the simulator received, credentials masked."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from genie_sdk.simulator.domain.clock import SimClock

__all__ = ["Journal", "RecordedRequest", "mask_headers"]


@dataclass
class RecordedRequest:
    """One request: what was asked, when (simulated epoch seconds) and how it ended."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    time: float
    status: int | None = None
    """Response status (``None`` when the connection was dropped without one)."""
    fault: str | None = None
    """The injected fault that shaped the response, if any."""


def mask_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased headers with the ``Authorization`` credential replaced by ``***``."""
    masked: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        if key == "authorization":
            scheme = value.split(" ", 1)[0] if " " in value else ""
            value = f"{scheme} ***".strip()
        masked[key] = value
    return masked


@dataclass
class Journal:
    """Requests and pre-signed-link credential leaks, in arrival order."""

    clock: SimClock
    requests: list[RecordedRequest] = field(default_factory=list)
    storage_auth_leaks: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(
        self, method: str, path: str, query: str, headers: Iterable[tuple[str, str]]
    ) -> RecordedRequest:
        """Log a request as it arrives."""
        entry = RecordedRequest(method, path, query, mask_headers(headers), self.clock.now())
        with self._lock:
            self.requests.append(entry)
        return entry

    def record_leak(self, method: str, path: str, headers: Iterable[tuple[str, str]]) -> None:
        """Log a request to a pre-signed link that carried an ``Authorization`` header."""
        entry = RecordedRequest(method, path, "", mask_headers(headers), self.clock.now(), 400)
        with self._lock:
            self.storage_auth_leaks.append(entry)

    def snapshot(self) -> tuple[list[RecordedRequest], list[RecordedRequest]]:
        """Copies of the request and leak lists."""
        with self._lock:
            return list(self.requests), list(self.storage_auth_leaks)

    def clear(self) -> None:
        """Forget everything recorded."""
        with self._lock:
            self.requests.clear()
            self.storage_auth_leaks.clear()
