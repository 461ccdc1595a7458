"""Fixtures for the simulator tests: an httpx client on the shared simulator (``sim``)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import Genie


@pytest.fixture
def http(sim: GenieSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=sim.url, headers={"Authorization": f"Bearer {sim.token}"}, timeout=10
    ) as client:
        yield client


@pytest.fixture
def genie(sim: GenieSimulator, http: httpx.Client) -> Genie:
    return Genie(http, sim.space_id)
