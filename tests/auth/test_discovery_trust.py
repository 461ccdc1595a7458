"""OAuth credentials go only where the workspace's own discovery may point: the workspace origin
or its cloud's ``https://accounts.`` host. Anything else is refused, naming the endpoint."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from genie_sdk.auth import OAuthM2M, OAuthU2M, login
from genie_sdk.auth._destinations import may_receive_credentials
from genie_sdk.auth._oidc import clear_discovery_cache
from genie_sdk.errors import ConfigurationError
from tests.auth.oidc_server import CLIENT_ID, CLIENT_SECRET, OidcServer
from tests.auth.sending import Get

WORKSPACE = "https://example.cloud.databricks.com"


@pytest.fixture
def attacker() -> Iterator[OidcServer]:
    """Another origin on loopback that would gladly take any credential."""
    other = OidcServer().start()
    yield other
    other.stop()


def spaces(server: OidcServer) -> str:
    return f"{server.url}/api/2.0/genie/spaces"


@pytest.mark.parametrize(
    ("url", "workspace", "allowed"),
    [
        (f"{WORKSPACE}/oidc/v1/token", WORKSPACE, True),
        ("https://EXAMPLE.cloud.databricks.com:443/oidc/v1/token", WORKSPACE, True),
        ("http://example.cloud.databricks.com/oidc/v1/token", WORKSPACE, False),
        ("http://example.cloud.databricks.com:8080/oidc/v1/token", WORKSPACE, False),
        ("https://example.cloud.databricks.com:8443/oidc/v1/token", WORKSPACE, False),
        ("https://other.cloud.databricks.com/oidc/v1/token", WORKSPACE, False),
        ("https://accounts.cloud.databricks.com/oidc/accounts/a/v1/token", WORKSPACE, True),
        ("https://accounts.cloud.databricks.com:8443/oidc/v1/token", WORKSPACE, False),
        ("http://accounts.cloud.databricks.com/oidc/v1/token", WORKSPACE, False),
        ("https://accounts.azuredatabricks.net/oidc/v1/token", WORKSPACE, False),
        (
            "https://accounts.azuredatabricks.net/oidc/v1/token",
            "https://adb-1.2.azuredatabricks.net",
            True,
        ),
        ("https://accounts.cloud.databricks.com.evil.com/token", WORKSPACE, False),
        ("https://user:pw@example.cloud.databricks.com/oidc/v1/token", WORKSPACE, False),
        ("http://127.0.0.1:8000/oidc/v1/token", "http://127.0.0.1:8000", True),
        ("http://127.0.0.1:8001/oidc/v1/token", "http://127.0.0.1:8000", False),
        ("http://localhost:8000/oidc/v1/token", "http://127.0.0.1:8000", False),
        ("not a url", WORKSPACE, False),
    ],
)
def test_where_credentials_may_go(url: str, workspace: str, allowed: bool) -> None:
    assert may_receive_credentials(url, workspace) is allowed


def test_m2m_refuses_an_oidc_endpoint_on_another_origin(attacker: OidcServer, get: Get) -> None:
    workspace = OidcServer(databricks_config=True).start()
    workspace.announced_oidc = f"{attacker.url}/oidc"
    try:
        auth = OAuthM2M(CLIENT_ID, CLIENT_SECRET, host=workspace.url)
        with pytest.raises(ConfigurationError) as caught:
            get(auth, spaces(workspace))
    finally:
        workspace.stop()
    assert f"refusing to send credentials to {attacker.url}/oidc" in str(caught.value)
    assert CLIENT_SECRET not in str(caught.value)
    assert attacker.counts["token"] == 0
    assert workspace.counts["api"] == 0


@pytest.mark.parametrize("field", ["token_endpoint", "authorization_endpoint"])
def test_m2m_refuses_a_discovered_endpoint_on_another_origin(
    server: OidcServer, attacker: OidcServer, get: Get, field: str
) -> None:
    server.announced_endpoints = {field: f"{attacker.url}/oidc/v1/{field}"}
    with pytest.raises(ConfigurationError, match=f"the {field} named by OAuth discovery"):
        get(OAuthM2M(CLIENT_ID, CLIENT_SECRET, host=server.url), spaces(server))
    assert attacker.counts["token"] == server.counts["token"] == 0


def test_m2m_refuses_plain_http_on_another_port_of_an_https_workspace() -> None:
    with respx.mock(assert_all_called=False) as mock:
        mock.get(f"{WORKSPACE}/.well-known/databricks-config").respond(
            json={"oidc_endpoint": "http://example.cloud.databricks.com:8080/oidc"}
        )
        plain = mock.route(port=8080).respond(json={"access_token": "t", "expires_in": 3600})
        auth = OAuthM2M(CLIENT_ID, CLIENT_SECRET, host=WORKSPACE)
        with httpx.Client() as client, pytest.raises(ConfigurationError) as caught:
            client.get(f"{WORKSPACE}/api/2.0/genie/spaces", auth=auth)
    assert "http://example.cloud.databricks.com:8080/oidc" in str(caught.value)
    assert not plain.called


def test_an_accounts_host_of_the_same_cloud_is_trusted() -> None:
    accounts = "https://accounts.cloud.databricks.com/oidc/accounts/acc-1"
    with respx.mock(assert_all_called=False) as mock:
        mock.get(f"{WORKSPACE}/.well-known/databricks-config").respond(
            json={"oidc_endpoint": accounts}
        )
        mock.get(f"{accounts}/.well-known/oauth-authorization-server").respond(
            json={
                "authorization_endpoint": f"{accounts}/v1/authorize",
                "token_endpoint": f"{accounts}/v1/token",
            }
        )
        token = mock.post(f"{accounts}/v1/token").respond(
            json={"access_token": "acc-token", "expires_in": 3600}
        )
        api = mock.get(f"{WORKSPACE}/api/2.0/genie/spaces").respond(json={"spaces": []})
        auth = OAuthM2M(CLIENT_ID, CLIENT_SECRET, host=WORKSPACE)
        with httpx.Client() as client:
            assert client.get(f"{WORKSPACE}/api/2.0/genie/spaces", auth=auth).status_code == 200
    assert token.called
    assert api.calls.last.request.headers["Authorization"] == "Bearer acc-token"


def test_u2m_refresh_refuses_a_token_endpoint_on_another_origin(
    server: OidcServer, attacker: OidcServer, env: dict[str, str], isolated_home: Path, get: Get
) -> None:
    login(host=server.url, redirect_port=0, open_browser=_follow, env=env, timeout=30)
    cache = isolated_home / ".config" / "genie-sdk" / "token-cache.json"
    refresh_token = next(iter(json.loads(cache.read_text())["tokens"].values()))["refresh_token"]
    server.announced_endpoints = {"token_endpoint": f"{attacker.url}/oidc/v1/token"}
    later = time.time() + 2 * 3600
    clear_discovery_cache()  # the login discovered the honest endpoints
    with pytest.raises(ConfigurationError, match=attacker.url):
        get(OAuthU2M(host=server.url, clock=lambda: later), spaces(server))
    assert attacker.counts["token"] == 0
    assert all(form.get("refresh_token") != refresh_token for form in attacker.token_forms)


def test_u2m_login_refuses_an_authorization_endpoint_on_another_origin(
    server: OidcServer, attacker: OidcServer, env: dict[str, str]
) -> None:
    server.announced_endpoints = {"authorization_endpoint": f"{attacker.url}/oidc/v1/authorize"}
    opened: list[str] = []
    with pytest.raises(ConfigurationError, match=attacker.url):
        login(host=server.url, redirect_port=0, open_browser=opened.append, env=env, timeout=5)
    assert opened == []
    assert attacker.counts["authorize"] == 0


def _follow(url: str) -> bool:
    with httpx.Client(follow_redirects=True) as client:
        client.get(url)
    return True
