"""OAuth M2M on the loopback OIDC server: discovery, expiry, refresh, concurrency, 401 replay."""

from __future__ import annotations

import asyncio
import logging
import threading

import httpx
import pytest

from genie_sdk.auth import OAuthError, OAuthM2M
from tests.auth.oidc_server import CLIENT_ID, CLIENT_SECRET, OidcServer, Scripted
from tests.auth.sending import Get
from tests.support.clocks import FakeClock


def spaces(server: OidcServer) -> str:
    return f"{server.url}/api/2.0/genie/spaces"


def m2m(
    server: OidcServer, clock: FakeClock | None = None, secret: str = CLIENT_SECRET
) -> OAuthM2M:
    if clock is None:
        return OAuthM2M(CLIENT_ID, secret, host=server.url)
    return OAuthM2M(CLIENT_ID, secret, host=server.url, clock=clock)


def test_fetches_a_token_with_basic_client_auth(server: OidcServer, get: Get) -> None:
    auth = m2m(server)
    assert get(auth, spaces(server)).status_code == 200
    assert get(auth, spaces(server)).status_code == 200
    assert server.counts["token:client_credentials"] == 1
    assert server.token_forms[0] == {"grant_type": "client_credentials", "scope": "all-apis"}
    assert server.counts["databricks-config"] == 1
    assert server.counts["metadata"] == 1


def test_discovery_is_cached_per_host(server: OidcServer) -> None:
    with httpx.Client() as client:
        for _ in range(2):
            client.get(spaces(server), auth=m2m(server))
    assert server.counts["token"] == 2
    assert server.counts["metadata"] == 1


def test_discovery_via_databricks_config() -> None:
    server = OidcServer(databricks_config=True).start()
    try:
        with httpx.Client() as client:
            assert client.get(spaces(server), auth=m2m(server)).status_code == 200
        assert server.counts["databricks-config"] == 1
        assert server.counts["metadata"] == 1
    finally:
        server.stop()


def test_discovery_falls_back_to_default_endpoints() -> None:
    server = OidcServer(metadata=500).start()
    try:
        with httpx.Client() as client:
            assert client.get(spaces(server), auth=m2m(server)).status_code == 200
        assert server.counts["token"] == 1
    finally:
        server.stop()


def test_discovery_404_means_oauth_unsupported() -> None:
    server = OidcServer(metadata=False).start()
    try:
        with (
            httpx.Client() as client,
            pytest.raises(OAuthError, match="not supported for this host"),
        ):
            client.get(spaces(server), auth=m2m(server))
        assert server.counts["token"] == 0
    finally:
        server.stop()


def test_expiry_and_refresh_follow_the_injected_clock(server: OidcServer) -> None:
    clock = FakeClock(1_000_000.0)
    auth = m2m(server, clock)
    with httpx.Client() as client:
        client.get(spaces(server), auth=auth)
        clock.now += 39 * 60  # fresh: 1 h token goes stale after 40 min
        client.get(spaces(server), auth=auth)
        assert server.counts["token"] == 1
        clock.now += 2 * 60  # stale: refreshed inline by this request
        client.get(spaces(server), auth=auth)
        assert server.counts["token"] == 2
        clock.now += 3600 - 39  # expired 40 s early
        assert client.get(spaces(server), auth=auth).status_code == 200
        assert server.counts["token"] == 3
    tokens = [a for a in server.api_authorizations]
    assert tokens[0] == tokens[1] != tokens[2] != tokens[3]


def test_failed_stale_refresh_keeps_the_token_and_waits_a_minute(
    server: OidcServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(1_000_000.0)
    auth = m2m(server, clock)
    with httpx.Client() as client:
        client.get(spaces(server), auth=auth)
        clock.now += 41 * 60
        server.scripted.append(Scripted(500, {"error": "temporarily_unavailable"}))
        with caplog.at_level(logging.WARNING, logger="genie_sdk.auth"):
            assert client.get(spaces(server), auth=auth).status_code == 200
        assert "token refresh failed" in caplog.text
        clock.now += 30
        client.get(spaces(server), auth=auth)
        assert server.counts["token"] == 2
        clock.now += 31
        client.get(spaces(server), auth=auth)
        assert server.counts["token"] == 3


def test_expired_token_and_failed_refresh_raise(server: OidcServer, get: Get) -> None:
    auth = m2m(server, secret="wrong-secret-456")
    with pytest.raises(OAuthError) as info:
        get(auth, spaces(server))
    assert str(info.value) == "oauth-m2m: invalid_client: Client authentication failed"
    assert info.value.error == "invalid_client"
    assert "wrong-secret-456" not in repr(info.value)
    assert server.counts["api"] == 0


def test_a_secret_echoed_by_the_token_endpoint_is_masked(server: OidcServer, get: Get) -> None:
    echo = f"client secret {CLIENT_SECRET} is not valid"
    server.scripted.append(Scripted(401, {"error": "invalid_client", "error_description": echo}))
    with pytest.raises(OAuthError) as info:
        get(m2m(server), spaces(server))
    assert str(info.value) == "oauth-m2m: invalid_client: client secret *** is not valid"


def test_throttled_token_requests_are_retried(server: OidcServer, get: Get) -> None:
    server.scripted.append(Scripted(429, {"error": "slow_down"}, {"Retry-After": "0"}))
    server.scripted.append(Scripted(503, {}, {"Retry-After": "0"}))
    assert get(m2m(server), spaces(server)).status_code == 200
    assert server.counts["token"] == 3


@pytest.mark.parametrize("value", ["nan", "-1"])
def test_unusable_retry_after_is_treated_as_absent(
    server: OidcServer, get: Get, value: str
) -> None:
    server.scripted.append(Scripted(429, {"error": "slow_down"}, {"Retry-After": value}))
    assert get(m2m(server), spaces(server)).status_code == 200
    assert server.counts["token"] == 2


def test_401_triggers_one_refresh_and_one_replay(server: OidcServer, get: Get) -> None:
    auth = m2m(server)
    assert get(auth, spaces(server)).status_code == 200
    server.expire_all()
    assert get(auth, spaces(server)).status_code == 200
    assert server.counts["token"] == 2
    assert server.counts["api"] == 3


def test_a_second_401_is_returned_not_retried(server: OidcServer, get: Get) -> None:
    auth = m2m(server)
    assert get(auth, spaces(server)).status_code == 200
    original = server.api

    def always_401(authorization: str | None) -> int:
        original(authorization)
        return 401

    server.api = always_401  # type: ignore[method-assign]
    assert get(auth, spaces(server)).status_code == 401
    assert server.counts["token"] == 2
    assert server.counts["api"] == 3


def test_fifty_threads_make_one_token_request(server: OidcServer) -> None:
    server.token_delay = 0.3
    auth = m2m(server)
    barrier = threading.Barrier(50)
    statuses: list[int] = []
    with httpx.Client(limits=httpx.Limits(max_connections=60)) as client:

        def call() -> None:
            barrier.wait()
            statuses.append(client.get(spaces(server), auth=auth).status_code)

        threads = [threading.Thread(target=call) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 50
    assert server.counts["token"] == 1


async def test_fifty_tasks_make_one_token_request(server: OidcServer) -> None:
    server.token_delay = 0.3
    auth = m2m(server)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=60)) as client:
        responses = await asyncio.gather(
            *(client.get(spaces(server), auth=auth) for _ in range(50))
        )
    assert [r.status_code for r in responses] == [200] * 50
    assert server.counts["token"] == 1


async def test_threads_and_tasks_share_one_refresh(server: OidcServer) -> None:
    server.token_delay = 0.3
    auth = m2m(server)

    def in_thread() -> int:
        with httpx.Client() as client:
            return client.get(spaces(server), auth=auth).status_code

    async def in_task(client: httpx.AsyncClient) -> int:
        return (await client.get(spaces(server), auth=auth)).status_code

    async with httpx.AsyncClient() as client:
        results = await asyncio.gather(
            *(asyncio.to_thread(in_thread) for _ in range(5)),
            *(in_task(client) for _ in range(5)),
        )
    assert results == [200] * 10
    assert server.counts["token"] == 1


def test_waiters_get_the_error_of_a_failed_refresh(server: OidcServer) -> None:
    # Long enough for all ten threads to join the one refresh even on a loaded machine.
    server.token_delay = 1.0
    auth = m2m(server, secret="bad-secret")
    errors: list[str] = []
    with httpx.Client() as client:

        def call() -> None:
            try:
                client.get(spaces(server), auth=auth)
            except OAuthError as exc:
                errors.append(str(exc))

        threads = [threading.Thread(target=call) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == ["oauth-m2m: invalid_client: Client authentication failed"] * 10
    assert server.counts["token"] == 1


def test_credentials_go_only_to_the_workspace_origin(server: OidcServer, get: Get) -> None:
    other = OidcServer().start()
    try:
        auth = m2m(server)
        assert get(auth, spaces(other)).status_code == 401
        assert other.api_authorizations == [None]
        assert server.counts["token"] == 0
    finally:
        other.stop()


def test_a_connection_error_does_not_wedge_the_provider() -> None:
    auth = OAuthM2M(CLIENT_ID, CLIENT_SECRET, host="http://127.0.0.1:9", http_timeout=1.0)
    with httpx.Client() as client:
        for _ in range(2):
            with pytest.raises(httpx.ConnectError):
                client.get("http://127.0.0.1:9/api/2.0/genie/spaces", auth=auth)


def test_repr_masks_the_secret(server: OidcServer) -> None:
    auth = m2m(server)
    assert CLIENT_SECRET not in repr(auth)
    assert "client_secret=***" in repr(auth)
