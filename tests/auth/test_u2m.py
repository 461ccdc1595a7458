"""OAuth U2M end to end: the test is the browser, the OIDC server approves, tokens are cached."""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from genie_sdk.auth import LoginRequiredError, OAuthError, OAuthU2M, login, resolve_config
from genie_sdk.auth._u2m import _open_in_browser
from genie_sdk.errors import ConfigurationError
from tests.auth.oidc_server import OidcServer, Scripted
from tests.auth.sending import Get

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


class Browser:
    """Follows the login URL like a browser would; optionally requests /favicon.ico first."""

    def __init__(self, *, stray: bool = False) -> None:
        self.stray = stray
        self.pages: list[httpx.Response] = []

    def __call__(self, url: str) -> bool:
        redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        with httpx.Client(follow_redirects=True) as client:
            if self.stray:
                self.pages.append(client.get(f"{redirect}/favicon.ico"))
            self.pages.append(client.get(url))
        return True


def spaces(server: OidcServer) -> str:
    return f"{server.url}/api/2.0/genie/spaces"


def cache_file(home: Path) -> Path:
    return home / ".config" / "genie-sdk" / "token-cache.json"


def cached_entry(home: Path) -> dict[str, str]:
    tokens = json.loads(cache_file(home).read_text())["tokens"]
    assert len(tokens) == 1
    return next(iter(tokens.values()))


def do_login(
    server: OidcServer, env: dict[str, str], browser: Browser | None = None, timeout: float = 30
) -> None:
    login(
        host=server.url,
        redirect_port=0,
        open_browser=browser or Browser(),
        env=env,
        timeout=timeout,
    )


def test_login_then_reuse_from_the_cache(
    server: OidcServer, env: dict[str, str], isolated_home: Path, get: Get
) -> None:
    browser = Browser()
    info = login(host=server.url, redirect_port=0, open_browser=browser, env=env)
    assert info.host == server.url
    assert info.has_refresh_token
    assert info.expiry is not None
    assert info.expiry.timestamp() > time.time() + 3000
    assert [page.status_code for page in browser.pages] == [200]
    assert "Login complete" in browser.pages[0].text
    assert server.counts["token:authorization_code"] == 1

    params = server.authorize_params[0]
    assert params["client_id"] == "databricks-cli"
    assert params["scope"] == "all-apis offline_access"
    assert params["code_challenge_method"] == "S256"
    assert params["redirect_uri"].startswith("http://localhost:")
    assert len(params["state"]) >= 22

    config = resolve_config(server.url, env=env)  # a later run: the cache is found
    assert config.auth_type == "external-browser"
    assert get(config.auth, spaces(server)).status_code == 200
    assert server.counts["token"] == 1
    assert server.counts["authorize"] == 1


@posix_only
def test_cache_file_is_private(
    server: OidcServer, env: dict[str, str], isolated_home: Path
) -> None:
    do_login(server, env)
    path = cache_file(isolated_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    lock = path.with_name("token-cache.json.lock")
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, lock.name]


def test_expired_access_token_is_refreshed_and_rotation_persisted(
    server: OidcServer, env: dict[str, str], isolated_home: Path, get: Get
) -> None:
    do_login(server, env)
    first = cached_entry(isolated_home)["refresh_token"]
    later = time.time() + 2 * 3600

    auth = OAuthU2M(host=server.url, clock=lambda: later)
    assert get(auth, spaces(server)).status_code == 200
    assert server.counts["token:refresh_token"] == 1
    rotated = cached_entry(isolated_home)["refresh_token"]
    assert rotated != first
    assert list(server.refresh_tokens) == [rotated]

    much_later = later + 2 * 3600  # a new process uses the rotated refresh token
    assert (
        get(OAuthU2M(host=server.url, clock=lambda: much_later), spaces(server)).status_code == 200
    )
    assert server.counts["token:refresh_token"] == 2
    assert server.counts["authorize"] == 1


def test_revoked_refresh_token_asks_to_log_in_again(
    server: OidcServer, env: dict[str, str], get: Get
) -> None:
    do_login(server, env)
    server.revoke_refresh_tokens()
    later = time.time() + 2 * 3600
    with pytest.raises(LoginRequiredError, match="log in with `genie auth login --host") as info:
        get(OAuthU2M(host=server.url, clock=lambda: later), spaces(server))
    assert "invalid_grant: Refresh token is invalid" in str(info.value)
    assert info.value.error == "invalid_grant"


def test_a_refresh_token_echoed_by_the_token_endpoint_is_masked(
    server: OidcServer, env: dict[str, str], isolated_home: Path, get: Get
) -> None:
    do_login(server, env)
    refresh = cached_entry(isolated_home)["refresh_token"]
    server.scripted.append(
        Scripted(400, {"error": "invalid_grant", "error_description": f"{refresh} was revoked"})
    )
    later = time.time() + 2 * 3600
    with pytest.raises(LoginRequiredError) as info:
        get(OAuthU2M(host=server.url, clock=lambda: later), spaces(server))
    assert "invalid_grant: *** was revoked" in str(info.value)
    assert refresh not in str(info.value)


def test_interactive_provider_logs_in_on_first_use(server: OidcServer, get: Get) -> None:
    browser = Browser()
    auth = OAuthU2M(host=server.url, redirect_port=0, open_browser=browser, interactive=True)
    assert get(auth, spaces(server)).status_code == 200
    assert get(auth, spaces(server)).status_code == 200
    assert server.counts["authorize"] == 1
    assert len(browser.pages) == 1


def test_never_opens_a_browser_implicitly(server: OidcServer, get: Get) -> None:
    opened: list[str] = []
    auth = OAuthU2M(host=server.url, redirect_port=0, open_browser=opened.append)
    with pytest.raises(LoginRequiredError, match="no valid login cached"):
        get(auth, spaces(server))
    assert opened == []
    assert server.counts["api"] == 0


def test_redirect_with_a_wrong_state_is_ignored(server: OidcServer, env: dict[str, str]) -> None:
    server.state_override = "forged-state"
    browser = Browser()
    with pytest.raises(OAuthError, match="no login redirect within"):
        do_login(server, env, browser, timeout=0.5)
    assert browser.pages[0].status_code == 404
    assert server.counts["token"] == 0


@pytest.mark.parametrize("forged", ["error=access_denied", "error=access_denied&state=guess"])
def test_forged_error_redirect_does_not_end_the_login(
    server: OidcServer, env: dict[str, str], forged: str
) -> None:
    class ForgingBrowser(Browser):
        """Another page hits the redirect URI first; then the real login completes."""

        def __call__(self, url: str) -> bool:
            redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
            self.pages.append(httpx.get(f"{redirect}/?{forged}"))
            return super().__call__(url)

    browser = ForgingBrowser()
    do_login(server, env, browser)
    assert [page.status_code for page in browser.pages] == [404, 200]
    assert server.counts["token:authorization_code"] == 1


def test_error_callback_is_reported(server: OidcServer, env: dict[str, str]) -> None:
    server.authorize_error = "access_denied"
    browser = Browser()
    with pytest.raises(OAuthError, match="access_denied: The user said no"):
        do_login(server, env, browser)
    assert browser.pages[0].status_code == 400
    assert server.counts["token"] == 0


def test_stray_requests_are_ignored(server: OidcServer, env: dict[str, str]) -> None:
    browser = Browser(stray=True)
    do_login(server, env, browser)
    assert [page.status_code for page in browser.pages] == [404, 200]


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not has_ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_the_redirect_arrives_over_ipv6_loopback(server: OidcServer, env: dict[str, str]) -> None:
    class IPv6Browser(Browser):
        """A browser that resolves ``localhost`` to ``::1``."""

        def __call__(self, url: str) -> bool:
            with httpx.Client() as client:
                approved = client.get(url)
                location = approved.headers["Location"].replace("//localhost:", "//[::1]:", 1)
                self.pages.append(client.get(location))
            return True

    browser = IPv6Browser()
    do_login(server, env, browser, timeout=5)
    assert [page.status_code for page in browser.pages] == [200]
    assert server.authorize_params[0]["redirect_uri"].startswith("http://localhost:")


def test_login_times_out_without_a_redirect(server: OidcServer, env: dict[str, str]) -> None:
    with pytest.raises(OAuthError, match="no login redirect within"):
        login(host=server.url, redirect_port=0, open_browser=lambda url: True, timeout=0.2, env=env)


def test_busy_redirect_port_is_reported(server: OidcServer, env: dict[str, str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OAuthError, match=f"cannot listen on localhost:{port}"):
            login(host=server.url, redirect_port=port, open_browser=Browser(), env=env)


def test_corrupt_cache_is_ignored_and_replaced(
    server: OidcServer, env: dict[str, str], isolated_home: Path
) -> None:
    path = cache_file(isolated_home)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(ConfigurationError, match="cannot configure default credentials"):
        resolve_config(server.url, env=env)
    do_login(server, env)
    assert cached_entry(isolated_home)["host"] == server.url


def test_unknown_cache_version_is_ignored(
    server: OidcServer, env: dict[str, str], isolated_home: Path
) -> None:
    do_login(server, env)
    path = cache_file(isolated_home)
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "version": 99}))
    with pytest.raises(LoginRequiredError), httpx.Client() as client:
        OAuthU2M(host=server.url).access_token(client)


def test_reads_the_databricks_cli_plaintext_cache_without_writing_it(
    server: OidcServer, isolated_home: Path, get: Get
) -> None:
    cli_cache = isolated_home / ".databricks" / "token-cache.json"
    cli_cache.parent.mkdir()
    content = json.dumps(
        {
            "version": 1,
            "tokens": {
                server.url: {
                    "access_token": "cli-access-token",
                    "token_type": "Bearer",
                    "refresh_token": "cli-refresh-token",
                    "expiry": "2999-01-01T00:00:00.123456789+01:00",
                }
            },
        }
    )
    cli_cache.write_text(content)
    server.accept("cli-access-token")
    assert get(OAuthU2M(host=server.url), spaces(server)).status_code == 200
    assert server.api_authorizations == ["Bearer cli-access-token"]
    assert server.counts["token"] == 0
    assert cli_cache.read_text() == content
    assert not cache_file(isolated_home).exists()


def test_browser_open_failure_prints_the_url(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(url: str) -> bool:
        raise RuntimeError("no display")

    _open_in_browser(broken, "https://example.test/authorize?x=1")
    _open_in_browser(lambda url: False, "https://example.test/authorize?x=2")
    err = capsys.readouterr().err
    assert "continue the authentication in your browser: https://example.test/authorize?x=1" in err
    assert "authorize?x=2" in err


def test_unwritable_cache_only_warns(
    server: OidcServer, tmp_path: Path, caplog: pytest.LogCaptureFixture, get: Get
) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    auth = OAuthU2M(
        host=server.url,
        redirect_port=0,
        open_browser=Browser(),
        interactive=True,
        cache_path=blocker / "cache.json",
    )
    assert get(auth, spaces(server)).status_code == 200
    assert "could not save the login" in caplog.text
    assert os.path.isfile(blocker)
