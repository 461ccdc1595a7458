"""Fixtures: clients of both kinds on the session's simulator in virtual time, the figures ledger."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import QUICK, Tamper, VirtualTime, serve
from tests.reliability.ledger import Figures, Ledger, Record
from tests.support.clients import Client, MakeClient


@pytest.fixture
def tamper(sim: GenieSimulator) -> Iterator[tuple[Tamper, str]]:
    """A :class:`Tamper` front for the simulator, and its URL."""
    front = Tamper(sim.app)
    with serve(front) as url:
        yield front, url


@pytest.fixture
def vt(sim: GenieSimulator) -> VirtualTime:
    return VirtualTime(sim)


@pytest.fixture
def make(make_live: MakeClient, vt: VirtualTime) -> MakeClient:
    """``make(url=None, **client_options)``: a client of this test's kind in virtual time.

    The sleeps of concurrent questions add up, so time runs faster than any one question waits.
    """

    def build(url: str | None = None, **options: Any) -> Client:
        options.setdefault("polling", QUICK)
        return make_live(url, time=vt, **options)

    return build


@pytest.fixture
def live(make: MakeClient) -> Client:
    return make()


@pytest.fixture(scope="session")
def ledger() -> Iterator[Ledger]:
    book = Ledger()
    yield book
    book.dump()


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
