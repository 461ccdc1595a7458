"""Fault injection, the POST rate limit and the request journal."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import API, Genie

START = "/start-conversation$"


def _start(genie: Genie, content: str = "how many customers") -> httpx.Response:
    return genie.http.post(f"{genie.space}/start-conversation", json={"content": content})


@pytest.mark.parametrize("retry_after", [3, None])
def test_429_with_and_without_retry_after(
    sim: GenieSimulator, genie: Genie, retry_after: int | None
) -> None:
    sim.faults.too_many_requests(method="POST", path=START, retry_after=retry_after)
    refused = _start(genie)
    assert refused.status_code == 429
    assert refused.json()["error_code"] == "REQUEST_LIMIT_EXCEEDED"
    assert refused.headers.get("retry-after") == (None if retry_after is None else "3")
    assert sim.messages_created == 0
    assert _start(genie).status_code == 200
    assert sim.faults.pending == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("body", ["json", "html", "empty"])
def test_server_errors_with_each_body(
    sim: GenieSimulator, http: httpx.Client, status: int, body: str
) -> None:
    sim.faults.http_error(status, body=body, method="GET", path="/spaces$")  # type: ignore[arg-type]
    response = http.get(f"{API}/spaces")
    assert response.status_code == status
    if body == "json":
        assert set(response.json()) == {"error_code", "message", "details"}
    elif body == "html":
        assert response.headers["content-type"].startswith("text/html")
        assert f"<title>{status} " in response.text
    else:
        assert response.content == b""
    assert http.get(f"{API}/spaces").status_code == 200


def test_faults_skip_and_repeat(sim: GenieSimulator, http: httpx.Client) -> None:
    fault = sim.faults.http_error(503, path="/spaces$", skip=1, times=2)
    statuses = [http.get(f"{API}/spaces").status_code for _ in range(4)]
    assert statuses == [200, 503, 503, 200]
    assert fault.fired == 2
    sim.faults.http_error(500, path="/spaces$", times=None)
    assert [http.get(f"{API}/spaces").status_code for _ in range(3)] == [500] * 3
    sim.faults.clear()
    assert http.get(f"{API}/spaces").status_code == 200


def test_slow_response(sim: GenieSimulator, http: httpx.Client) -> None:
    sim.faults.slow(0.3, path="/spaces$")
    started = time.perf_counter()
    assert http.get(f"{API}/spaces").status_code == 200
    assert time.perf_counter() - started >= 0.3
    sim.faults.slow(1.0, path="/spaces$")
    with pytest.raises(httpx.ReadTimeout):
        http.get(f"{API}/spaces", timeout=0.2)


def test_drop_before_processing(sim: GenieSimulator, genie: Genie) -> None:
    sim.faults.drop_connection(method="POST", path=START)
    # A dropped connection reaches the client as a close (RemoteProtocolError) or, when the
    # kernel resets it first, as a reset (ReadError): both say the request got no answer.
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        _start(genie)
    assert sim.messages_created == 0
    assert sim.requests[-1].status is None
    assert sim.requests[-1].fault == "drop_before"


def test_drop_after_processing_still_acts(sim: GenieSimulator, genie: Genie) -> None:
    sim.faults.drop_connection(after_processing=True, method="POST", path=START)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        _start(genie, "sales by channel")
    assert sim.messages_created == 1
    assert sim.messages[0]["content"] == "sales by channel"


@pytest.mark.parametrize("truncate", [True, False])
def test_malformed_json_after_processing(sim: GenieSimulator, genie: Genie, truncate: bool) -> None:
    sim.faults.malformed_json(truncate=truncate, method="POST", path=START)
    response = _start(genie)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert sim.messages_created == 1


def test_faults_hit_the_token_endpoint_too(sim: GenieSimulator, http: httpx.Client) -> None:
    sim.faults.http_error(503, path="^/oidc/v1/token$")
    token = http.post(
        "/oidc/v1/token",
        data={"grant_type": "client_credentials"},
        auth=(sim.client_id, sim.client_secret),
    )
    assert token.status_code == 503


@pytest.mark.genie_simulator(rate_limit=5)
def test_five_posts_per_minute(sim: GenieSimulator, genie: Genie, http: httpx.Client) -> None:
    for index in range(5):
        assert _start(genie, f"q{index}").status_code == 200
    refused = _start(genie)
    assert refused.status_code == 429
    assert refused.json()["error_code"] == "REQUEST_LIMIT_EXCEEDED"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert http.get(f"{API}/spaces").status_code == 200
    assert sim.messages_created == 5
    sim.clock.advance(60)
    assert _start(genie).status_code == 200
    sim.rate_limit = None
    assert all(_start(genie).status_code == 200 for _ in range(6))


def test_requests_are_recorded_without_credentials(sim: GenieSimulator, genie: Genie) -> None:
    genie.ask("how many customers")
    first = sim.requests[0]
    assert (first.method, first.status) == ("POST", 200)
    assert first.path.endswith("/start-conversation")
    assert first.headers["authorization"] == "Bearer ***"
    assert sim.token not in repr(sim.requests)
    assert sim.count_requests("GET", "/messages/") == len(sim.requests) - 1
    assert all(r.time > 0 for r in sim.requests)
