"""Fixtures of the agent-tool tests: toolkits on the session's simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.integrations.toolkit import AsyncGenieToolkit, GenieToolkit
from genie_sdk.simulator import GenieSimulator

QUICK = PollingPolicy(initial=0.01, maximum=0.05, jitter=0.0, timeout=30.0)
"""Real-time polling against the simulator, which answers in a few polls."""


@pytest.fixture
async def toolkit(sim: GenieSimulator) -> AsyncIterator[AsyncGenieToolkit]:
    """An async toolkit serving the demo space only."""
    async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as client:
        yield AsyncGenieToolkit(client, [sim.space_id], polling=QUICK)


@pytest.fixture
def sync_toolkit(sim: GenieSimulator) -> Iterator[GenieToolkit]:
    """A sync toolkit serving the demo space only."""
    with GenieClient(sim.url, auth=PAT(sim.token)) as client:
        yield GenieToolkit(client, [sim.space_id], polling=QUICK)


def conversations_started(sim: GenieSimulator) -> int:
    """Conversations the simulator saw started."""
    return sim.count_requests("POST", r"/start-conversation$")
