"""Host metadata, OAuth discovery, M2M and U2M (PKCE) token flows, refresh rotation, expiry."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from genie_sdk.auth import login
from genie_sdk.simulator import GenieSimulator, SimulatorSettings
from tests.simulator._helpers import API, Genie

REDIRECT = "http://localhost:8020"


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _authorize(http: httpx.Client, challenge: str, **overrides: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": "databricks-cli",
        "redirect_uri": REDIRECT,
        "scope": "all-apis offline_access",
        "state": "xyz-state",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **overrides,
    }
    return http.get("/oidc/v1/authorize", params=params)


def _redeem(http: httpx.Client, redirect: httpx.Response, verifier: str) -> dict[str, Any]:
    """The tokens for the code an authorize ``redirect`` carries."""
    code = parse_qs(urlsplit(redirect.headers["location"]).query)["code"][0]
    body: dict[str, Any] = http.post(
        "/oidc/v1/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
            "client_id": "databricks-cli",
        },
    ).json()
    return body


def _login(http: httpx.Client) -> dict[str, Any]:
    verifier, challenge = _pkce()
    return _redeem(http, _authorize(http, challenge), verifier)


def _spaces(sim: GenieSimulator, token: str) -> httpx.Response:
    return httpx.get(f"{sim.url}{API}/spaces", headers={"Authorization": f"Bearer {token}"})


def test_host_metadata_and_discovery(sim: GenieSimulator) -> None:
    meta = httpx.get(f"{sim.url}/.well-known/databricks-config").json()
    assert meta["oidc_endpoint"] == f"{sim.url}/oidc"
    assert meta["workspace_id"] == sim.workspace_id
    assert meta["host_type"] == "workspace"
    doc = httpx.get(f"{meta['oidc_endpoint']}/.well-known/oauth-authorization-server").json()
    assert doc["issuer"] == f"{sim.url}/oidc"
    assert doc["authorization_endpoint"] == f"{sim.url}/oidc/v1/authorize"
    assert doc["token_endpoint"] == f"{sim.url}/oidc/v1/token"
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert {"client_credentials", "authorization_code", "refresh_token"} <= set(
        doc["grant_types_supported"]
    )
    assert {"all-apis", "offline_access"} <= set(doc["scopes_supported"])
    assert httpx.get(doc["jwks_uri"]).json() == {"keys": []}


def test_client_credentials_with_basic_auth(sim: GenieSimulator, http: httpx.Client) -> None:
    response = http.post(
        "/oidc/v1/token",
        data={"grant_type": "client_credentials", "scope": "all-apis"},
        auth=(sim.client_id, sim.client_secret),
    )
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "all-apis"
    assert "refresh_token" not in body
    assert response.headers["cache-control"] == "no-store"
    assert _spaces(sim, body["access_token"]).status_code == 200
    assert sim.oauth_tokens_issued == 1


def test_client_credentials_with_form_secret(sim: GenieSimulator, http: httpx.Client) -> None:
    sim.add_service_principal("robot", "s3cret")
    body = http.post(
        "/oidc/v1/token",
        data={"grant_type": "client_credentials", "client_id": "robot", "client_secret": "s3cret"},
    ).json()
    assert _spaces(sim, body["access_token"]).status_code == 200


def test_bad_client_credentials(sim: GenieSimulator, http: httpx.Client) -> None:
    for auth in ((sim.client_id, "wrong"), ("nobody", "x")):
        response = http.post("/oidc/v1/token", data={"grant_type": "client_credentials"}, auth=auth)
        assert response.status_code == 401
        assert response.json() == {
            "error": "invalid_client",
            "error_description": "Client authentication failed",
        }
    unsupported = http.post(
        "/oidc/v1/token", data={"grant_type": "password"}, auth=(sim.client_id, sim.client_secret)
    )
    assert unsupported.json()["error"] == "unsupported_grant_type"


@pytest.mark.genie_simulator(token_lifetime=30)
def test_token_expires_mid_poll(sim: GenieSimulator) -> None:
    token = httpx.post(
        f"{sim.url}/oidc/v1/token",
        data={"grant_type": "client_credentials"},
        auth=(sim.client_id, sim.client_secret),
    ).json()
    assert token["expires_in"] == 30
    with httpx.Client(
        base_url=sim.url, headers={"Authorization": f"Bearer {token['access_token']}"}
    ) as client:
        genie = Genie(client, sim.space_id)
        message = genie.start("how many customers")["message"]
        assert genie.get(message)["status"] == "FILTERING_CONTEXT"
        sim.clock.advance(31)
        expired = client.get(genie.message_path(message))
        assert expired.status_code == 401
        assert expired.json()["error_code"] == "UNAUTHENTICATED"
    assert _spaces(sim, sim.token).status_code == 200


def test_authorization_code_with_pkce_and_refresh_rotation(
    sim: GenieSimulator, http: httpx.Client
) -> None:
    verifier, challenge = _pkce()
    redirect = _authorize(http, challenge)
    assert redirect.status_code == 302
    location = urlsplit(redirect.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["xyz-state"]
    code = query["code"][0]

    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        "client_id": "databricks-cli",
    }
    tokens = http.post("/oidc/v1/token", data=exchange).json()
    assert tokens["scope"] == "all-apis offline_access"
    assert _spaces(sim, tokens["access_token"]).status_code == 200
    reused = http.post("/oidc/v1/token", data=exchange)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"

    refresh = {"grant_type": "refresh_token", "client_id": "databricks-cli"}
    rotated = http.post(
        "/oidc/v1/token", data={**refresh, "refresh_token": tokens["refresh_token"]}
    ).json()
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert _spaces(sim, rotated["access_token"]).status_code == 200
    stale = http.post("/oidc/v1/token", data={**refresh, "refresh_token": tokens["refresh_token"]})
    assert stale.status_code == 400
    assert stale.json() == {
        "error": "invalid_grant",
        "error_description": "Refresh token is invalid.",
    }
    again = http.post("/oidc/v1/token", data={**refresh, "refresh_token": rotated["refresh_token"]})
    assert again.status_code == 200


def test_u2m_user_is_the_pat_user(sim: GenieSimulator, http: httpx.Client) -> None:
    token = _login(http)["access_token"]
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}) as client:
        body = Genie(client, sim.space_id).start("hello")
    assert body["conversation"]["user_id"] == sim.user_id


def test_pkce_and_redirect_are_verified(http: httpx.Client) -> None:
    verifier, challenge = _pkce()
    code = parse_qs(urlsplit(_authorize(http, challenge).headers["location"]).query)["code"][0]
    wrong_verifier = http.post(
        "/oidc/v1/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier + "x",
            "client_id": "databricks-cli",
        },
    )
    assert wrong_verifier.json()["error"] == "invalid_grant"
    code = parse_qs(urlsplit(_authorize(http, challenge).headers["location"]).query)["code"][0]
    wrong_redirect = http.post(
        "/oidc/v1/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://localhost:9999",
            "code_verifier": verifier,
            "client_id": "databricks-cli",
        },
    )
    assert wrong_redirect.json()["error"] == "invalid_grant"


def test_authorize_errors(http: httpx.Client) -> None:
    _, challenge = _pkce()
    assert _authorize(http, challenge, client_id="unknown").status_code == 400
    assert _authorize(http, challenge, redirect_uri="https://evil.example").status_code == 400
    plain = _authorize(http, challenge, code_challenge_method="plain")
    assert plain.status_code == 302
    query = parse_qs(urlsplit(plain.headers["location"]).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["xyz-state"]


def test_logins_need_the_login_code_unless_auto_approve_is_chosen() -> None:
    assert SimulatorSettings().oauth_auto_approve is False


def _login_page_fields(page: httpx.Response) -> dict[str, str]:
    assert page.status_code in (200, 403)
    assert page.headers["content-type"].startswith("text/html")
    assert "location" not in page.headers
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))


@pytest.mark.genie_simulator(oauth_auto_approve=False)
def test_authorize_asks_for_the_login_code(sim: GenieSimulator, http: httpx.Client) -> None:
    verifier, challenge = _pkce()
    fields = _login_page_fields(_authorize(http, challenge))
    assert fields["code_challenge"] == challenge
    assert fields["state"] == "xyz-state"

    for wrong in ("", "ABCD-EFGH-JKLM", sim.token):
        refused = http.post("/oidc/v1/authorize", data={**fields, "login_code": wrong})
        assert refused.status_code == 403
        assert _login_page_fields(refused) == fields
    assert sim.oauth_tokens_issued == 0

    denied = http.post("/oidc/v1/authorize", data={**fields, "action": "deny"})
    assert parse_qs(urlsplit(denied.headers["location"]).query) == {
        "error": ["access_denied"],
        "error_description": ["The user denied the request."],
        "state": ["xyz-state"],
    }

    typed = sim.login_code.lower().replace("-", " ")
    approved = http.post("/oidc/v1/authorize", data={**fields, "login_code": typed})
    assert approved.status_code == 302
    tokens = _redeem(http, approved, verifier)
    assert _spaces(sim, tokens["access_token"]).status_code == 200


@pytest.mark.genie_simulator(oauth_auto_approve=False)
def test_login_page_escapes_what_it_echoes(http: httpx.Client) -> None:
    _, challenge = _pkce()
    page = _authorize(http, challenge, state='"><script>alert(1)</script>')
    assert "<script>" not in page.text
    assert _login_page_fields(page)["state"] == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert _authorize(http, challenge, client_id="unknown").status_code == 400


@pytest.mark.genie_simulator(oauth_auto_approve=False)
def test_sdk_login_through_the_login_page(sim: GenieSimulator, tmp_path: Path) -> None:
    def person_at_the_browser(url: str) -> bool:
        with httpx.Client() as browser:
            fields = _login_page_fields(browser.get(url))
            typed = {**fields, "login_code": sim.login_code, "action": "approve"}
            approved = browser.post(f"{sim.url}/oidc/v1/authorize", data=typed)
            assert browser.get(approved.headers["location"]).status_code == 200
        return True

    info = login(
        host=sim.url,
        redirect_port=0,
        open_browser=person_at_the_browser,
        cache_path=tmp_path / "token-cache.json",
        timeout=30,
        env={"HOME": str(tmp_path), "PATH": ""},
    )
    assert info.host == sim.url
    assert info.has_refresh_token
    assert sim.oauth_tokens_issued == 1
