"""Load smoke test: many concurrent questions on one client, with a bounded connection pool.

The full-size run (1,000 questions) is ``benchmarks/load.py``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from genie_sdk import Answer, AsyncAnswer, PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import (
    SALES,
    ConnectionSampler,
    can_count_connections,
    http_client,
    open_connections,
)
from tests.support.clients import Client, MakeClient

QUESTIONS = 50
FAST = PollingPolicy(initial=0.01, maximum=0.05, timeout=60.0)
ANSWERS = (Answer, AsyncAnswer)
needs_proc = pytest.mark.skipif(not can_count_connections(), reason="counts via /proc/net/tcp")


def port(sim: GenieSimulator) -> int:
    return urlsplit(sim.url).port or 80


def ask_all(live: Client, sim: GenieSimulator, questions: int, concurrency: int) -> list[object]:
    batch = [f"{SALES} #{n}" for n in range(questions)]
    outcomes = live(live.client.ask_many(sim.space_id, batch, concurrency=concurrency))
    assert all(isinstance(o, ANSWERS) for o in outcomes), Counter(map(type, outcomes))
    assert Counter(m["content"] for m in sim.messages) == Counter(batch)
    return list(outcomes)


@needs_proc
def test_concurrent_asks_share_a_bounded_pool(
    kind: str, make_live: MakeClient, sim: GenieSimulator
) -> None:
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    live = make_live(polling=FAST, http_client=http_client(kind, limits=limits))

    with ConnectionSampler(port(sim)) as sampler:
        ask_all(live, sim, 20, concurrency=20 if kind == "async" else 8)

    assert 1 <= sampler.peak <= 4


@needs_proc
def test_the_default_pool_is_released_on_close(make_live: MakeClient, sim: GenieSimulator) -> None:
    live = make_live(polling=FAST)
    with ConnectionSampler(port(sim)) as sampler:
        ask_all(live, sim, QUESTIONS, concurrency=QUESTIONS if live.kind == "async" else 8)
    live.close()

    assert sampler.peak >= 1
    assert open_connections(port(sim)) == 0


HTTPX_POOL = 100
"""httpx's default pool size (``httpx.Limits().max_connections``), which the client's pool uses."""


def test_async_requests_in_flight_stay_within_the_pool(
    sim: GenieSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_flight = peak = 0
    send = httpx.AsyncClient.send

    async def counting_send(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> Any:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await send(self, request, **kwargs)
        finally:
            in_flight -= 1

    monkeypatch.setattr(httpx.AsyncClient, "send", counting_send)
    live = Client("async", sim.url, auth=PAT(sim.token), polling=FAST)
    try:
        ask_all(live, sim, 150, concurrency=150)
    finally:
        live.close()

    assert peak <= HTTPX_POOL, f"{peak} requests were handed to httpx at once"
