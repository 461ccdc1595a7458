"""Static tokens and token callables."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from genie_sdk.auth import PAT, BearerToken, TokenProvider, get_token, resolve_config
from genie_sdk.errors import ConfigurationError
from tests.auth.oidc_server import OidcServer
from tests.auth.sending import Get


def spaces(server: OidcServer) -> str:
    return f"{server.url}/api/2.0/genie/spaces"


@pytest.mark.parametrize("cls", [PAT, BearerToken])
def test_static_token_is_sent_as_bearer(server: OidcServer, get: Get, cls: type[PAT]) -> None:
    server.accept("static-token")
    auth = cls(" static-token ")
    assert get(auth, spaces(server)).status_code == 200
    assert server.api_authorizations == ["Bearer static-token"]
    assert repr(auth) == f"{cls.__name__}(token=***)"


def test_static_token_is_never_replayed(server: OidcServer, get: Get) -> None:
    assert get(PAT("not-valid"), spaces(server)).status_code == 401
    assert server.counts["api"] == 1


def test_unbound_provider_binds_to_its_first_origin(server: OidcServer, get: Get) -> None:
    other = OidcServer().start()
    try:
        server.accept("t")
        auth = PAT("t")
        get(auth, spaces(server))
        get(auth, spaces(other))
        assert auth.host == server.url
        assert other.api_authorizations == [None]
    finally:
        other.stop()


def test_empty_tokens_are_rejected() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        PAT("  ")


def test_string_tokens_are_not_cached(server: OidcServer, get: Get) -> None:
    calls: list[int] = []

    def fetch() -> str:
        calls.append(1)
        server.accept(f"t{len(calls)}")
        return f"t{len(calls)}"

    auth = TokenProvider(fetch)
    for _ in range(3):
        assert get(auth, spaces(server)).status_code == 200
    assert server.api_authorizations == ["Bearer t1", "Bearer t2", "Bearer t3"]


def test_tokens_with_expiry_are_cached(server: OidcServer, get: Get) -> None:
    calls: list[int] = []
    later = datetime(2999, 1, 1, tzinfo=timezone.utc)

    def fetch() -> tuple[str, datetime]:
        calls.append(1)
        server.accept(f"t{len(calls)}")
        return f"t{len(calls)}", later

    auth = TokenProvider(fetch)
    assert get(auth, spaces(server)).status_code == 200
    assert get(auth, spaces(server)).status_code == 200
    assert len(calls) == 1
    server.expire_all()
    assert get(auth, spaces(server)).status_code == 200  # 401 -> one more call -> replay
    assert len(calls) == 2
    assert (
        repr(auth) == "TokenProvider(get_token=test_tokens_with_expiry_are_cached.<locals>.fetch)"
    )


def test_epoch_expiry_like_azure_access_token(server: OidcServer, get: Get) -> None:
    server.accept("azure-token")
    auth = TokenProvider(lambda: ("azure-token", 32_503_680_000))
    assert get(auth, spaces(server)).status_code == 200
    assert get(auth, spaces(server)).status_code == 200


def test_bad_return_value(server: OidcServer, get: Get) -> None:
    with pytest.raises(TypeError, match="non-empty token string"):
        get(TokenProvider(lambda: None), spaces(server))


def test_get_token(server: OidcServer, env: dict[str, str]) -> None:
    config = resolve_config(server.url, token="dapi-cli", env=env)
    assert get_token(config) == "dapi-cli"
    with httpx.Client() as client:
        assert get_token(config, http_client=client) == "dapi-cli"
    foreign = resolve_config(server.url, auth=httpx.BasicAuth("u", "p"), env=env)
    assert foreign.auth_type == "custom"
    with pytest.raises(ConfigurationError, match="cannot read a token from a BasicAuth"):
        get_token(foreign)
