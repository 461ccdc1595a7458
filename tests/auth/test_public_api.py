"""The public surface of ``genie_sdk.auth``."""

from __future__ import annotations

import httpx

import genie_sdk.auth as auth
from genie_sdk.errors import GenieError

EXPECTED = [
    "PAT",
    "BearerAuth",
    "BearerToken",
    "DatabricksCliAuth",
    "LoginRequiredError",
    "OAuthError",
    "OAuthM2M",
    "OAuthU2M",
    "ProfileInfo",
    "ResolvedConfig",
    "TokenInfo",
    "TokenProvider",
    "forwarded_user_auth",
    "get_token",
    "list_profiles",
    "login",
    "resolve_config",
]


def test_all_is_pinned() -> None:
    assert auth.__all__ == EXPECTED
    for name in EXPECTED:
        assert getattr(auth, name) is not None


def test_providers_are_httpx_auth_with_an_auth_type() -> None:
    providers = [auth.PAT, auth.BearerToken, auth.TokenProvider, auth.OAuthM2M, auth.OAuthU2M]
    providers.append(auth.DatabricksCliAuth)
    assert [p.auth_type for p in providers] == [
        "pat",
        "bearer",
        "token-provider",
        "oauth-m2m",
        "external-browser",
        "databricks-cli",
    ]
    for provider in providers:
        assert issubclass(provider, httpx.Auth)


def test_errors_derive_from_genie_error() -> None:
    assert issubclass(auth.LoginRequiredError, auth.OAuthError)
    assert issubclass(auth.OAuthError, GenieError)
