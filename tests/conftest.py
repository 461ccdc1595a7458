"""Shared fixtures: a fake clock, and every behaviour test run against both clients."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from genie_sdk import AsyncGenieClient, GenieClient
from genie_sdk.auth import PAT

# The suite loads the project's pytest plugin here rather than through its entry point, so that
# coverage, which starts after entry-point plugins are imported, sees the package imported.
pytest_plugins = ["genie_sdk.simulator.pytest_plugin"]

HOST = "https://example.cloud.databricks.com"
API = HOST + "/api/2.0/genie"


class FakeClock:
    """A monotonic clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Both:
    """One client of either kind, and a way to get plain values out of it in a sync test."""

    def __init__(self, kind: str, clock: FakeClock, **options: Any) -> None:
        self.kind = kind
        self.clock = clock
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        options.setdefault("auth", PAT("dapi-test-token"))
        if kind == "async":
            self.client: Any = AsyncGenieClient(
                HOST, sleep=clock.async_sleep, clock=clock, **options
            )
        else:
            self.client = GenieClient(HOST, sleep=clock.sleep, clock=clock, **options)

    def __call__(self, value: Any) -> Any:
        """Return ``value``, awaiting it first when it is awaitable."""
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        return value

    def items(self, pager: Any) -> list[Any]:
        """Collect every item of a sync or async pager."""
        if hasattr(pager, "__aiter__"):

            async def collect() -> list[Any]:
                return [item async for item in pager]

            return self(collect())
        return list(pager)

    def pages(self, pager: Any) -> list[Any]:
        """Collect every page of a sync or async pager."""
        pages = pager.pages()
        if hasattr(pages, "__aiter__"):

            async def collect() -> list[Any]:
                return [page async for page in pages]

            return self(collect())
        return list(pages)

    def events(self, iterator: Any) -> list[Any]:
        """Collect every event of a sync or async event iterator."""
        return self.items(iterator)

    def close(self) -> None:
        if self.kind == "async":
            self(self.client.aclose())
            assert self.loop is not None
            self.loop.close()
        else:
            self.client.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def genie(kind: str, clock: FakeClock) -> Iterator[Both]:
    both = Both(kind, clock)
    yield both
    both.close()


@pytest.fixture
def make_genie(kind: str, clock: FakeClock) -> Iterator[Any]:
    made: list[Both] = []

    def make(**options: Any) -> Both:
        both = Both(kind, clock, **options)
        made.append(both)
        return both

    yield make
    for both in made:
        both.close()
