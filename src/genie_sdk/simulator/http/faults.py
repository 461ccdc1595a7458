"""Scheduled faults (errors, slowness, dropped connections, broken bodies) and the POST limit."""

from __future__ import annotations

import math
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from genie_sdk.simulator.domain.clock import SimClock

__all__ = ["STREAM_FAULTS", "BodyKind", "Fault", "FaultInjector", "FaultKind", "PostQuota"]

FaultKind = Literal[
    "http_error", "slow", "drop_before", "drop_after", "malformed", "cut_stream", "slow_stream"
]
STREAM_FAULTS = frozenset({"cut_stream", "slow_stream"})
"""Faults a response stream applies itself (the gateway leaves them alone)."""
BodyKind = Literal["json", "html", "empty"]


@dataclass
class Fault:
    """One scheduled fault; it fires on matching requests after ``skip`` of them, ``times`` times.

    ``times=None`` fires forever. ``path`` is a regular expression searched in the URL path.
    """

    kind: FaultKind
    method: str | None = None
    path: re.Pattern[str] | None = None
    times: int | None = 1
    skip: int = 0
    status: int = 500
    body: BodyKind = "json"
    retry_after: float | None = None
    delay: float = 0.0
    truncate: bool = True
    after_events: int = 0
    """``cut_stream``: events sent before the connection is cut; ``slow_stream``: events sent
    before the delays start."""
    abort: bool = True
    """``cut_stream``: cut the connection (``False``: end the stream cleanly, unfinished)."""
    fired: int = 0
    seen: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether the request is one this fault targets."""
        return (self.method is None or self.method == method.upper()) and (
            self.path is None or self.path.search(path) is not None
        )

    @property
    def exhausted(self) -> bool:
        """Whether the fault has fired as often as scheduled."""
        return self.times is not None and self.fired >= self.times


def _pattern(path: str | None) -> re.Pattern[str] | None:
    return re.compile(path) if path is not None else None


@dataclass
class FaultInjector:
    """``sim.faults``: schedule faults by method and path pattern; each helper returns the Fault.

    Faults are checked in the order scheduled; the first live match fires.
    """

    scheduled: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, fault: Fault) -> Fault:
        """Schedule a fault."""
        with self._lock:
            self.scheduled.append(fault)
        return fault

    def http_error(
        self,
        status: int = 500,
        *,
        method: str | None = None,
        path: str | None = None,
        body: BodyKind = "json",
        retry_after: float | None = None,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Answer with ``status`` (e.g. 500/502/503/504) and a JSON, HTML or empty body."""
        return self.add(
            Fault(
                "http_error",
                _method(method),
                _pattern(path),
                times,
                skip,
                status=status,
                body=body,
                retry_after=retry_after,
            )
        )

    def too_many_requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = 1,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Answer 429 ``REQUEST_LIMIT_EXCEEDED``, with ``Retry-After`` unless it is ``None``."""
        return self.http_error(
            429, method=method, path=path, retry_after=retry_after, times=times, skip=skip
        )

    def slow(
        self,
        delay: float,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Wait ``delay`` real seconds before handling the request."""
        return self.add(Fault("slow", _method(method), _pattern(path), times, skip, delay=delay))

    def drop_connection(
        self,
        *,
        after_processing: bool = False,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Close the connection without a response, before or after the server acted."""
        kind: FaultKind = "drop_after" if after_processing else "drop_before"
        return self.add(Fault(kind, _method(method), _pattern(path), times, skip))

    def malformed_json(
        self,
        *,
        truncate: bool = True,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Process the request, then answer with a cut-off (or non-JSON) body."""
        return self.add(
            Fault("malformed", _method(method), _pattern(path), times, skip, truncate=truncate)
        )

    def cut_stream(
        self,
        after_events: int,
        *,
        abort: bool = True,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Cut a response stream after ``after_events`` events, half-way into the next one
        (``abort=False``: end it cleanly there instead). The response goes on running."""
        fault = Fault("cut_stream", _method(method), _pattern(path), times, skip)
        fault.after_events, fault.abort = after_events, abort
        return self.add(fault)

    def slow_stream(
        self,
        delay: float,
        *,
        after_events: int = 0,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        skip: int = 0,
    ) -> Fault:
        """Wait ``delay`` real seconds before each event of a response stream after the first
        ``after_events``."""
        fault = Fault("slow_stream", _method(method), _pattern(path), times, skip, delay=delay)
        fault.after_events = after_events
        return self.add(fault)

    def take(self, method: str, path: str, *, stream: bool = False) -> Fault | None:
        """The fault to apply to this request, counting it as fired.

        ``stream``: take a fault a response stream applies, instead of one the gateway does.
        """
        with self._lock:
            for fault in self.scheduled:
                if fault.exhausted or not fault.matches(method, path):
                    continue
                if (fault.kind in STREAM_FAULTS) != stream:
                    continue
                fault.seen += 1
                if fault.seen <= fault.skip:
                    continue
                fault.fired += 1
                return fault
        return None

    @property
    def pending(self) -> list[Fault]:
        """Faults that have not fired as often as scheduled."""
        with self._lock:
            return [fault for fault in self.scheduled if not fault.exhausted]

    def clear(self) -> None:
        """Cancel every scheduled fault."""
        with self._lock:
            self.scheduled.clear()


def _method(method: str | None) -> str | None:
    return method.upper() if method else None


class PostQuota:
    """A sliding window of accepted POSTs across the whole workspace."""

    def __init__(self, clock: SimClock) -> None:
        self._clock = clock
        self._accepted: deque[float] = deque()
        self._lock = threading.Lock()

    def admit(self, limit: int | None, window: float) -> float | None:
        """Count a POST; ``None`` if admitted, else the seconds until one would be."""
        if limit is None:
            return None
        now = self._clock.now()
        with self._lock:
            while self._accepted and now - self._accepted[0] >= window:
                self._accepted.popleft()
            if len(self._accepted) >= limit:
                return max(1.0, math.ceil(self._accepted[0] + window - now))
            self._accepted.append(now)
            return None

    def reset(self) -> None:
        """Forget past POSTs."""
        with self._lock:
            self._accepted.clear()
