"""The crawl's request pacing: a rate cap, bounded concurrency, pauses on 429."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from genie_sdk.errors import RateLimitError
from genie_sdk.index.calls import ClientCalls, Throttle


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))


def test_the_throttle_spaces_request_starts_by_the_rate_cap() -> None:
    time = FakeTime()
    throttle = Throttle(10, clock=time, sleep=time.sleep)

    async def five() -> None:
        for _ in range(5):
            await throttle.wait()

    asyncio.run(five())
    assert time.sleeps == [0.1, 0.2, 0.3, 0.4]


def test_a_pause_delays_every_later_request() -> None:
    time = FakeTime()
    throttle = Throttle(None, clock=time, sleep=time.sleep)
    throttle.pause(3.0)
    asyncio.run(throttle.wait())
    assert time.sleeps == [3.0]


def test_no_cap_never_waits() -> None:
    time = FakeTime()
    throttle = Throttle(None, clock=time, sleep=time.sleep)

    async def many() -> None:
        for _ in range(100):
            await throttle.wait()

    asyncio.run(many())
    assert time.sleeps == []


def fake_client(get: Any) -> Any:
    return SimpleNamespace(host="https://example.com/", spaces=SimpleNamespace(get=get))


@pytest.mark.parametrize("concurrency", [1, 3])
def test_at_most_concurrency_requests_are_in_flight(concurrency: int) -> None:
    in_flight = peak = 0

    async def get(space_id: str) -> str:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        in_flight -= 1
        return space_id

    async def crawl() -> list[Any]:
        calls = ClientCalls(fake_client(get), concurrency=concurrency, max_rps=None)
        return await asyncio.gather(
            *(calls.call(lambda c, i=i: c.spaces.get(str(i))) for i in range(10))
        )

    assert asyncio.run(crawl()) == [str(i) for i in range(10)]
    assert peak == concurrency


def test_a_sync_client_runs_on_worker_threads_within_the_bound() -> None:
    import threading

    lock = threading.Lock()
    state = {"in": 0, "peak": 0}
    release = threading.Event()

    def get(space_id: str) -> str:
        with lock:
            state["in"] += 1
            state["peak"] = max(state["peak"], state["in"])
        release.wait(0.05)
        with lock:
            state["in"] -= 1
        return space_id

    async def crawl() -> list[Any]:
        calls = ClientCalls(fake_client(get), concurrency=2, max_rps=None)
        try:
            return await asyncio.gather(
                *(calls.call(lambda c, i=i: c.spaces.get(str(i))) for i in range(6))
            )
        finally:
            calls.close()

    assert asyncio.run(crawl()) == [str(i) for i in range(6)]
    assert state["peak"] == 2


def test_a_429_that_outlasts_the_client_retries_is_tried_again_after_its_retry_after() -> None:
    answers: list[Any] = [
        RateLimitError(429, "REQUEST_LIMIT_EXCEEDED", "slow down", retry_after=0.01),
        "ok",
    ]

    async def get(space_id: str) -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    async def crawl() -> tuple[str, int]:
        calls = ClientCalls(fake_client(get), concurrency=1, max_rps=None)
        result = await calls.call(lambda c: c.spaces.get("x"))
        return result, calls.requests

    assert asyncio.run(crawl()) == ("ok", 2)


def test_a_429_every_time_is_raised_in_the_end() -> None:
    async def get(space_id: str) -> str:
        raise RateLimitError(429, "REQUEST_LIMIT_EXCEEDED", "slow down", retry_after=0.001)

    calls = ClientCalls(fake_client(get), concurrency=1, max_rps=None)
    with pytest.raises(RateLimitError):
        asyncio.run(calls.call(lambda c: c.spaces.get("x")))
    assert calls.requests == 5
