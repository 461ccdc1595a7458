"""Fixtures: one simulator per module, clients of both kinds in virtual time, the figures ledger."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import Live, Tamper, VirtualTime, serve
from tests.reliability.ledger import Figures, Ledger

SALES = "total sales by region"
"""A question the simulator answers with SQL (query attachment, 5 rows) and a text summary."""


@pytest.fixture(scope="module")
def sim() -> Iterator[GenieSimulator]:
    with GenieSimulator(rate_limit=None, advance="poll") as simulator:
        yield simulator


@pytest.fixture(autouse=True)
def _fresh(sim: GenieSimulator) -> None:
    sim.reset(rate_limit=None)


@pytest.fixture
def tamper(sim: GenieSimulator) -> Iterator[tuple[Tamper, str]]:
    """A :class:`Tamper` front for the simulator, and its URL."""
    front = Tamper(sim.app)
    with serve(front) as url:
        yield front, url


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def vt(sim: GenieSimulator) -> VirtualTime:
    return VirtualTime(sim)


@pytest.fixture
def make(kind: str, sim: GenieSimulator, vt: VirtualTime) -> Iterator[Callable[..., Live]]:
    """``make(url=None, *, real_time=False, **client_options)``: a client of this test's kind."""
    made: list[Live] = []

    def build(url: str | None = None, *, real_time: bool = False, **options: Any) -> Live:
        live = Live(kind, url or sim.url, None if real_time else vt, token=sim.token, **options)
        made.append(live)
        return live

    yield build
    for live in made:
        live.close()


@pytest.fixture
def live(make: Callable[..., Live]) -> Live:
    return make()


@pytest.fixture(scope="session")
def ledger() -> Iterator[Ledger]:
    book = Ledger()
    yield book
    book.dump()


Record = Callable[..., Figures]


@pytest.fixture
def record(
    ledger: Ledger, sim: GenieSimulator, kind: str, request: pytest.FixtureRequest
) -> Record:
    """Record this scenario's figures; its name is the test's docstring, filled with params."""
    doc = (request.function.__doc__ or request.node.name).strip().splitlines()[0]
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    module = sys.modules[request.function.__module__]
    group = (module.__doc__ or module.__name__).strip().splitlines()[0].rstrip(".")

    def write(outcomes: Sequence[Any], **details: Any) -> Figures:
        return ledger.record(
            module=request.function.__module__.rsplit(".", 1)[-1],
            group=group,
            scenario=doc.format(**params).rstrip("."),
            client=kind,
            sim=sim,
            outcomes=outcomes,
            **details,
        )

    return write
