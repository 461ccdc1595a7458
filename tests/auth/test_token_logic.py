"""The pure parts: refresh windows, single flight, timestamps, PKCE, callbacks, token responses."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from genie_sdk.auth import OAuthError
from genie_sdk.auth._flow import Sleep
from genie_sdk.auth._listener import Callback, parse_callback
from genie_sdk.auth._oidc import (
    TOKEN_RETRY_BUDGET,
    fetch_with_retry,
    normalize_scopes,
    parse_token_response,
    retry_delay,
)
from genie_sdk.auth._pkce import challenge_for, new_pkce, new_state
from genie_sdk.auth._tokens import Flight, Refresh, Token, TokenCell, Use, Wait, parse_rfc3339
from tests.support.clocks import FakeClock


def hour_token(clock: FakeClock) -> Token:
    return Token("a", expires_at=clock.now + 3600, issued_at=clock.now)


def test_expired_token_one_refresher_others_wait() -> None:
    clock = FakeClock()
    cell = TokenCell(clock=clock)
    first = cell.acquire()
    assert isinstance(first, Refresh)
    assert first.fallback is None
    second = cell.acquire()
    assert isinstance(second, Wait)
    assert second.flight is first.flight
    token = hour_token(clock)
    cell.complete(first.flight, token)
    assert first.flight.token is token
    assert cell.acquire() == Use(token)


def test_stale_token_one_refresher_others_use_it() -> None:
    clock = FakeClock()
    cell = TokenCell(clock=clock)
    step = cell.acquire()
    assert isinstance(step, Refresh)
    token = hour_token(clock)
    cell.complete(step.flight, token)
    clock.now = 40 * 60 - 1
    assert cell.acquire() == Use(token)
    clock.now = 40 * 60 + 1
    refresh = cell.acquire()
    assert isinstance(refresh, Refresh)
    assert refresh.fallback is token
    assert cell.acquire() == Use(token)
    cell.fail(refresh.flight, OAuthError("down"))
    clock.now += 59
    assert cell.acquire() == Use(token)
    clock.now += 2
    assert isinstance(cell.acquire(), Refresh)


def test_expiry_is_forty_seconds_early() -> None:
    clock = FakeClock()
    cell = TokenCell(clock=clock)
    token = hour_token(clock)
    assert not cell.is_expired(token, 3600 - 41)
    assert cell.is_expired(token, 3600 - 40)


def test_invalidate_only_the_current_token() -> None:
    clock = FakeClock()
    cell = TokenCell(clock=clock, load=lambda: hour_token(clock))
    step = cell.acquire()
    assert isinstance(step, Use)
    cell.invalidate(Token("other"))
    assert cell.acquire() == step
    cell.invalidate(step.token)
    refresh = cell.acquire()
    assert isinstance(refresh, Refresh)
    assert refresh.previous is not None
    assert refresh.previous.access_token == "a"


def test_abandoned_flight_lets_a_waiter_retry() -> None:
    cell = TokenCell(clock=FakeClock())
    first = cell.acquire()
    assert isinstance(first, Refresh)
    cell.abandon(first.flight)
    assert (first.flight.token, first.flight.error) == (None, None)
    assert isinstance(cell.acquire(), Refresh)


async def test_flight_wakes_threads_and_tasks() -> None:
    flight = Flight()
    woken: list[str] = []

    def in_thread() -> None:
        flight.wait()
        woken.append("thread")

    thread = threading.Thread(target=in_thread)
    thread.start()

    async def task() -> None:
        await flight.wait_async()
        woken.append("task")

    waiting = asyncio.ensure_future(task())
    await asyncio.sleep(0.01)
    threading.Timer(0.01, flight.finish, kwargs={"token": Token("x")}).start()
    await asyncio.wait_for(waiting, 2)
    thread.join(2)
    assert sorted(woken) == ["task", "thread"]
    await flight.wait_async()  # already finished: returns at once


@pytest.mark.parametrize(
    ("text", "epoch"),
    [
        ("2024-01-01T00:00:00Z", 1704067200.0),
        ("2024-01-01T01:00:00+01:00", 1704067200.0),
        ("2024-01-01T00:00:00.123456789Z", 1704067200.123456),
        ("2024-01-01T00:00:00.5-0130", 1704072600.5),
    ],
)
def test_parse_rfc3339(text: str, epoch: float) -> None:
    assert parse_rfc3339(text) == pytest.approx(epoch)


def test_parse_rfc3339_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="RFC 3339"):
        parse_rfc3339("2024-01-01T00:00:00")


def test_pkce_s256_matches_rfc_7636() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert challenge_for(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    pkce = new_pkce()
    assert 43 <= len(pkce.verifier) <= 128
    assert pkce.challenge == challenge_for(pkce.verifier)
    assert pkce.verifier not in repr(pkce)
    assert len(new_state()) >= 22
    assert new_state() != new_state()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("code=c&state=s", Callback(code="c")),
        ("code=c&state=x", None),
        ("code=c", None),
        ("error=access_denied&error_description=no&state=s", Callback(error="access_denied: no")),
        ("error=server_error&state=s", Callback(error="server_error")),
        ("error=access_denied", None),
        ("error=access_denied&state=x", None),
        ("", None),
        ("foo=bar", None),
    ],
)
def test_parse_callback(query: str, expected: Callback | None) -> None:
    assert parse_callback(query, "s") == expected


def response(
    status: int, body: object = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


def test_parse_token_response() -> None:
    token = parse_token_response(
        response(200, {"access_token": "a", "expires_in": "3600", "refresh_token": "r"}),
        method="m",
        issued_at=100.0,
    )
    assert (token.access_token, token.expires_at, token.refresh_token) == ("a", 3700.0, "r")
    assert repr(token) == "Token(access_token=***, expires_at=3700.0, refresh_token=***)"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            response(400, {"error": "invalid_grant", "error_description": "bad"}),
            "m: invalid_grant: bad",
        ),
        (
            response(401, {"errorCode": "invalid_client", "errorSummary": "nope"}),
            "m: invalid_client: nope",
        ),
        (response(500, None), "m: token endpoint answered HTTP 500 without a token"),
        (response(200, {"token": "x"}), "m: token endpoint answered HTTP 200 without a token"),
    ],
)
def test_token_errors(answer: httpx.Response, message: str) -> None:
    with pytest.raises(OAuthError) as info:
        parse_token_response(answer, method="m", issued_at=0)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("status", "headers", "attempt", "delay"),
    [
        (429, {"Retry-After": "3"}, 0, 3.0),
        (503, {"Retry-After": "Thu, 01 Jan 1970 00:00:10 GMT"}, 0, 5.0),
        (502, {}, 0, 1.0),
        (504, {}, 3, 8.0),
        (504, {}, 9, 10.0),
        (500, {}, 0, None),
        (400, {"Retry-After": "1"}, 0, None),
        (429, {"Retry-After": "nan"}, 0, 1.0),
        (429, {"Retry-After": "-1"}, 2, 4.0),
        (429, {"Retry-After": "inf"}, 0, 1.0),
        (429, {"Retry-After": "1e400"}, 1, 2.0),
        (429, {"Retry-After": "soon"}, 0, 1.0),
        (429, {"Retry-After": "0"}, 0, 0.5),
        (503, {"Retry-After": "Thu, 01 Jan 1970 00:00:01 GMT"}, 0, 0.5),
    ],
)
def test_retry_delay(
    status: int, headers: dict[str, str], attempt: int, delay: float | None
) -> None:
    assert retry_delay(response(status, {}, headers), attempt, now=5.0) == delay


@pytest.mark.parametrize("value", ["nan", "-1", "0", "-inf", "garbage", "1e-9"])
def test_a_throttling_token_endpoint_is_never_retried_in_a_tight_loop(value: str) -> None:
    throttled = response(429, {"error": "slow_down"}, {"Retry-After": value})
    flow = fetch_with_retry(httpx.Request("POST", "https://example.test/oidc/v1/token"))
    sleeps: list[float] = []
    effect = next(flow)
    try:
        while True:
            if isinstance(effect, Sleep):
                sleeps.append(effect.seconds)
                effect = flow.send(None)
            else:
                effect = flow.send(throttled)
    except StopIteration as stop:
        final = stop.value
    assert sleeps
    assert min(sleeps) >= 0.5
    assert sum(sleeps) <= TOKEN_RETRY_BUDGET
    with pytest.raises(OAuthError, match="slow_down"):
        parse_token_response(final, method="m", issued_at=0)


def test_normalize_scopes() -> None:
    assert normalize_scopes("sql, all-apis sql") == ("all-apis", "sql")
    assert normalize_scopes(None) == ("all-apis",)
    assert normalize_scopes(["offline_access", "all-apis"]) == ("all-apis", "offline_access")
