"""Shared fixtures: clients of both kinds, the simulator and clients on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from genie_sdk import PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import KINDS, EitherClient

# The suite loads the project's pytest plugin here rather than through its entry point, so that
# coverage, which starts after entry-point plugins are imported, sees the package imported.
pytest_plugins = ["genie_sdk.simulator.pytest_plugin"]

FAST = PollingPolicy(initial=0.01, maximum=0.05, jitter=0.0, timeout=30.0)
"""Real-time polling against the simulator, which answers in a few polls."""


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_client(kind: str) -> Iterator[Callable[..., EitherClient]]:
    """``make_client(host, **options)``: an :class:`EitherClient` of this test's kind."""
    made: list[EitherClient] = []

    def make(host: str, **options: Any) -> EitherClient:
        client = EitherClient(kind, host, **options)
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
def make_live(
    make_client: Callable[..., EitherClient], sim: GenieSimulator
) -> Callable[..., EitherClient]:
    """``make_live(url=None, **options)``: a client on the simulator (or ``url``), in real time."""

    def make(url: str | None = None, **options: Any) -> EitherClient:
        options.setdefault("auth", PAT(sim.token))
        options.setdefault("polling", FAST)
        return make_client(url or sim.url, **options)

    return make
