"""Figures of each reliability scenario, taken from the simulator's request journal.

The tests record what happened (faults, retries, outcomes); ``benchmarks/fault_report.py`` runs
them with ``GENIE_RELIABILITY_FIGURES=<file>`` and renders the figures into
``docs/reliability.md``.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from genie_sdk import GenieError
from genie_sdk._core.answer import AnswerData
from genie_sdk.simulator import GenieSimulator, RecordedRequest
from tests.reliability.harness import FAULT_HEADER, LATE

FIGURES_ENV = "GENIE_RELIABILITY_FIGURES"
_REJECTED = frozenset({401, 429})


@dataclass(frozen=True)
class Figures:
    """What one scenario did with one client."""

    module: str
    group: str
    scenario: str
    client: str
    questions: int
    faults: int
    """Injected faults and server rejections (401, 429) the client met."""
    retries: int
    """Requests the SDK repeated after a failed attempt (retries and 401 replays)."""
    requests: int
    messages: int
    """Messages (questions) the server created."""
    outcome: str


Record = Callable[..., Figures]
"""The ``record`` fixture: ``record(outcomes, **details)`` files this scenario's figures."""


def _failed(entry: RecordedRequest) -> bool:
    return (
        entry.fault is not None
        or entry.headers.get(FAULT_HEADER) == LATE
        or entry.status is None
        or entry.status >= 400
    )


def _is_fault(entry: RecordedRequest) -> bool:
    return entry.fault is not None or FAULT_HEADER in entry.headers or entry.status in _REJECTED


def retries(journal: Sequence[RecordedRequest]) -> int:
    """Requests that repeat a request whose previous attempt failed."""
    last_failed: dict[tuple[str, str, str], bool] = {}
    count = 0
    for entry in journal:
        key = (entry.method, entry.path, entry.query)
        count += last_failed.get(key, False)
        last_failed[key] = _failed(entry)
    return count


def describe(outcomes: Sequence[Any], resumed: Sequence[Any] = ()) -> str:
    """A short summary: answers, errors by type (with or without resumable ids), resumes."""
    answered = sum(isinstance(o, AnswerData) for o in outcomes)
    errors = Counter(
        f"{type(o).__name__} ({'with ids' if o.message_id else 'no ids'})"
        for o in outcomes
        if isinstance(o, GenieError)
    )
    parts = [f"{answered} answered"] if answered else []
    parts += [f"{name} x{n}" if n > 1 else name for name, n in sorted(errors.items())]
    text = ", ".join(parts)
    if resumed:
        done = sum(isinstance(o, AnswerData) for o in resumed)
        text += f"; resumed: {done}/{len(resumed)} answered"
    return text


@dataclass
class Ledger:
    """Figures recorded during a test session."""

    figures: list[Figures] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(
        self,
        *,
        module: str,
        group: str,
        scenario: str,
        client: str,
        sim: GenieSimulator,
        outcomes: Sequence[Any],
        resumed: Sequence[Any] = (),
        resume_at: int | None = None,
        refused: int = 0,
    ) -> Figures:
        """Record a scenario; ``resume_at`` is the journal length when the test resumed.

        ``refused`` counts connections refused before sending (invisible to the server), each
        of which was followed by a retry unless the budget ran out.
        """
        journal = sim.requests
        before = journal[:resume_at] if resume_at is not None else journal
        exhausted = any(getattr(o, "request_sent", True) is False for o in outcomes)
        figures = Figures(
            module=module,
            group=group,
            scenario=scenario,
            client=client,
            questions=len(outcomes),
            faults=sum(map(_is_fault, before)) + refused,
            retries=retries(before) + refused - exhausted,
            requests=len(journal) + refused,
            messages=sim.messages_created,
            outcome=describe(outcomes, resumed),
        )
        with self._lock:
            self.figures.append(figures)
        return figures

    def dump(self) -> None:
        """Write the figures to the file named by ``GENIE_RELIABILITY_FIGURES``, if set."""
        target = os.environ.get(FIGURES_ENV)
        if target:
            rows = [asdict(f) for f in self.figures]
            Path(target).write_text(json.dumps(rows, indent=1, ensure_ascii=False))
