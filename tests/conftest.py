"""Shared fixtures: clients of both kinds, the simulator and clients on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from genie_sdk import PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import KINDS, Client, MakeClient

# The suite loads the project's pytest plugin here rather than through its entry point, so that
# coverage, which starts after entry-point plugins are imported, sees the package imported.
pytest_plugins = ["genie_sdk.simulator.pytest_plugin"]

FAST = PollingPolicy(initial=0.01, maximum=0.05, jitter=0.0, timeout=30.0)
"""Real-time polling against the simulator, which answers in a few polls."""


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_client(kind: str) -> Iterator[MakeClient]:
    """``make_client(host, **options)``: a :class:`Client` of this test's kind."""
    made: list[Client] = []

    def make(host: str, **options: Any) -> Client:
        client = Client(kind, host, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def sim(genie_simulator: GenieSimulator) -> GenieSimulator:
    """The session's simulator in a fresh state (settings by ``genie_simulator`` marker)."""
    return genie_simulator


@pytest.fixture
def make_live(make_client: MakeClient, sim: GenieSimulator) -> MakeClient:
    """``make_live(url=None, **options)``: a client on the simulator (or ``url``), in real time."""

    def make(url: str | None = None, **options: Any) -> Client:
        options.setdefault("auth", PAT(sim.token))
        options.setdefault("polling", FAST)
        return make_client(url or sim.url, **options)

    return make
