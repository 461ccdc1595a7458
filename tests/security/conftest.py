"""Fixtures: one simulator per module and clients of both kinds against it, in real time."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from genie_sdk import PollingPolicy
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import Live

FAST = PollingPolicy(initial=0.01, maximum=0.05, jitter=0.0, timeout=30.0)


@pytest.fixture(scope="module")
def sim() -> Iterator[GenieSimulator]:
    with GenieSimulator(rate_limit=None, advance="poll", oauth_auto_approve=True) as simulator:
        yield simulator


@pytest.fixture(autouse=True)
def _isolated(sim: GenieSimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh simulator, and no Databricks settings from this machine's environment or home."""
    sim.reset(rate_limit=None)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith(("DATABRICKS_", "XDG_")):
            monkeypatch.delenv(name)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make(kind: str, sim: GenieSimulator) -> Iterator[Callable[..., Live]]:
    """``make(url=None, **client_options)``: a real-time client of this test's kind."""
    made: list[Live] = []

    def build(url: str | None = None, **options: Any) -> Live:
        options.setdefault("polling", FAST)
        live = Live(kind, url or sim.url, None, token=sim.token, **options)
        made.append(live)
        return live

    yield build
    for live in made:
        live.close()
