"""No secret in logs (DEBUG), reprs, strings or exception text."""

from __future__ import annotations

import logging
import re
import time

import httpx
import pytest

from genie_sdk.auth import (
    PAT,
    BearerToken,
    OAuthError,
    OAuthM2M,
    OAuthU2M,
    TokenProvider,
    login,
    resolve_config,
)
from genie_sdk.errors import ConfigurationError
from tests.auth.oidc_server import CLIENT_ID, CLIENT_SECRET, OidcServer, Scripted

# Every token, refresh token and code the test server issues looks like this.
ISSUED = re.compile(r"\b(access|refresh|code)-\d+\b")


def follow(url: str) -> bool:
    with httpx.Client(follow_redirects=True) as client:
        client.get(url)
    return True


def test_secrets_never_reach_logs_reprs_or_errors(
    server: OidcServer, env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    spaces = f"{server.url}/api/2.0/genie/spaces"
    later = time.time() + 7200
    texts: list[str] = []

    config = resolve_config(
        env={
            **env,
            "DATABRICKS_HOST": server.url,
            "DATABRICKS_CLIENT_ID": CLIENT_ID,
            "DATABRICKS_CLIENT_SECRET": CLIENT_SECRET,
        }
    )
    texts += [repr(config), str(config), config.describe(), repr(config.auth)]
    with httpx.Client() as client:
        client.get(spaces, auth=config.auth)
        server.expire_all()
        client.get(spaces, auth=config.auth)  # 401 -> refresh -> replay

        texts.append(repr(login(host=server.url, redirect_port=0, open_browser=follow, env=env)))
        client.get(spaces, auth=OAuthU2M(host=server.url, clock=lambda: later))  # refresh grant

        server.scripted.append(
            Scripted(400, {"error": "invalid_grant", "error_description": "gone"})
        )
        with pytest.raises(OAuthError) as refresh_error:
            client.get(spaces, auth=OAuthU2M(host=server.url, clock=lambda: later + 7200))
        bad = OAuthM2M(CLIENT_ID, "wrong-secret-value", host=server.url)
        with pytest.raises(OAuthError) as m2m_error:
            client.get(spaces, auth=bad)
    texts += [str(refresh_error.value), str(m2m_error.value), repr(m2m_error.value), repr(bad)]

    with pytest.raises(ConfigurationError) as config_error:
        resolve_config(
            env={
                **env,
                "DATABRICKS_TOKEN": "dapi-env-secret",
                "DATABRICKS_CLIENT_SECRET": "x-secret",
            }
        )
    texts.append(str(config_error.value))
    texts += [
        repr(PAT("dapi-pat-secret")),
        repr(BearerToken("user-bearer-secret")),
        repr(TokenProvider(lambda: "callable-secret")),
        repr(OAuthU2M(host=server.url, client_secret="custom-app-secret")),
    ]

    ours = [r.getMessage() for r in caplog.records if r.name.startswith("genie_sdk")]
    assert ours  # the flows did log
    everything = "\n".join([*texts, caplog.text])
    secrets = [CLIENT_SECRET, "wrong-secret-value", "custom-app-secret", "dapi-pat-secret"]
    secrets += ["user-bearer-secret", "callable-secret", "dapi-env-secret", "x-secret"]
    secrets += [form["code_verifier"] for form in server.token_forms if "code_verifier" in form]
    assert server.counts["token:authorization_code"] == 1
    assert server.counts["token:refresh_token"] == 2
    for secret in secrets:
        assert secret not in everything
    # httpx's own log shows the test browser's redirect URL; our messages never show tokens/codes.
    assert ISSUED.search("\n".join([*texts, *ours])) is None
