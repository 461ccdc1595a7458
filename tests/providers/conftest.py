"""Clients of the other providers, of both kinds, on the session's simulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from genie_sdk import PollingPolicy
from genie_sdk.providers.secoda import AsyncSecodaClient, SecodaClient
from genie_sdk.providers.workato import AsyncHeadlessGenieClient, HeadlessGenieClient
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client, MakeClient
from tests.support.clocks import FakeClock

POLLING = PollingPolicy(initial=1.0, maximum=4.0, jitter=0.0, timeout=60.0)
"""Polling on a fake clock: sleeps are instant, the schedule exact."""

MakeSecoda = Callable[..., Client]
MakeWorkato = Callable[..., Client]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_secoda(make_client: MakeClient, sim: GenieSimulator, clock: FakeClock) -> MakeSecoda:
    """``make_secoda(**options)``: a Secoda client of this test's kind on the simulator."""

    def make(**options: Any) -> Client:
        options.setdefault("api_key", sim.secoda.api_key)
        options.setdefault("polling", POLLING)
        options.setdefault("time", clock)
        return make_client(sim.secoda_url, classes=(SecodaClient, AsyncSecodaClient), **options)

    return make


@pytest.fixture
def secoda(make_secoda: MakeSecoda) -> Client:
    return make_secoda()


@pytest.fixture
def make_workato(make_client: MakeClient, sim: GenieSimulator, clock: FakeClock) -> MakeWorkato:
    """``make_workato(**options)``: a headless genie client of this test's kind on the simulator."""

    def make(**options: Any) -> Client:
        options.setdefault("api_key", sim.workato.api_key)
        options.setdefault("polling", POLLING)
        options.setdefault("time", clock)
        options.setdefault("idle_timeout", 10.0)
        classes = (HeadlessGenieClient, AsyncHeadlessGenieClient)
        return make_client(sim.workato_url, classes=classes, **options)

    return make


@pytest.fixture
def workato(make_workato: MakeWorkato) -> Client:
    return make_workato()
