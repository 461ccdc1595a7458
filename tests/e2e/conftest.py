"""End-to-end fixtures: the embedded simulator over real loopback HTTP, and clients of both kinds."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator

FAST = PollingPolicy(initial=0.01, maximum=0.05, jitter=0.0)


@pytest.fixture(scope="module")
def sim() -> Iterator[GenieSimulator]:
    with GenieSimulator(rate_limit=None, advance="poll", oauth_auto_approve=True) as simulator:
        yield simulator


@pytest.fixture(autouse=True)
def _fresh(sim: GenieSimulator) -> None:
    sim.reset(rate_limit=None)


class Live:
    """A client of either kind against the simulator, usable from a sync test."""

    def __init__(self, kind: str, sim: GenieSimulator, **options: Any) -> None:
        self.kind = kind
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        options.setdefault("auth", PAT(sim.token))
        options.setdefault("polling", FAST)
        cls = AsyncGenieClient if kind == "async" else GenieClient
        self.client: Any = cls(sim.url, **options)

    def __call__(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        return value

    def items(self, iterator: Any) -> list[Any]:
        if hasattr(iterator, "__aiter__"):

            async def collect() -> list[Any]:
                return [item async for item in iterator]

            return self(collect())
        return list(iterator)

    def close(self) -> None:
        if self.loop is not None:
            self(self.client.aclose())
            self.loop.close()
        else:
            self.client.close()


@pytest.fixture(params=["sync", "async"])
def live(request: pytest.FixtureRequest, sim: GenieSimulator) -> Iterator[Live]:
    client = Live(str(request.param), sim)
    yield client
    client.close()
