"""A token with a line break or control character, or a host URL with ``user:token@``, is refused
with an error that does not show it, and never reaches a log line, an error or the CLI's output.

The HTTP libraries refuse such a header and quote it in their exception and DEBUG log, so the
value must be stopped before a request is built.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from genie_sdk import GenieClient
from genie_sdk._core.error_mapping import transport_error
from genie_sdk.auth import (
    PAT,
    BearerToken,
    OAuthError,
    OAuthM2M,
    OAuthU2M,
    TokenProvider,
    forwarded_user_auth,
    login,
    resolve_config,
)
from genie_sdk.cli.app import app
from genie_sdk.errors import ConfigurationError
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import MakeClient

SECRET = "dapi-s3cret-0123456789"
MALFORMED = {
    "line feed": f"{SECRET}\nX-Injected: 1",
    "carriage return": f"{SECRET}\r\nX-Injected: 1",
    "nul": f"{SECRET}\x00",
    "tab": f"{SECRET}\tmore",
    "unicode line separator": f"{SECRET}\u2028more",
    "escape": f"{SECRET}\x1b[2J",
}
HOST = "https://example.cloud.databricks.com"
NOWHERE = "http://127.0.0.1:9"  # for flows that would reach the network before the fix
LOGGERS = ("genie_sdk", "httpx", "httpcore")


def env_with(**values: str) -> dict[str, str]:
    return {"HOME": "/nonexistent", "PATH": "", **values}


CONFIGURATIONS: dict[str, Callable[[str], object]] = {
    "PAT": lambda value: PAT(value),
    "BearerToken": lambda value: BearerToken(value),
    "forwarded user token": lambda value: forwarded_user_auth({"X-Forwarded-Access-Token": value}),
    "M2M client secret": lambda value: OAuthM2M("client-id", value, host=HOST),
    "M2M client id": lambda value: OAuthM2M(value, "client-secret", host=HOST),
    "U2M client secret": lambda value: OAuthU2M(host=NOWHERE, client_secret=value),
    "token argument": lambda value: resolve_config(HOST, token=value, env=env_with()),
    "DATABRICKS_TOKEN": lambda value: resolve_config(
        env=env_with(DATABRICKS_HOST=HOST, DATABRICKS_TOKEN=value)
    ),
    "DATABRICKS_CLIENT_SECRET": lambda value: resolve_config(
        env=env_with(
            DATABRICKS_HOST=HOST, DATABRICKS_CLIENT_ID="id", DATABRICKS_CLIENT_SECRET=value
        )
    ),
    "profile token": lambda value: resolve_config(profile="p", config_file=value),
    "login client secret": lambda value: login(
        NOWHERE,
        client_id="app",
        client_secret=value,
        env=env_with(),
        open_browser=lambda url: False,
        timeout=1,
    ),
}


@pytest.fixture
def profile_file(tmp_path: Path) -> Callable[[str], str]:
    def write(token: str) -> str:
        path = tmp_path / "databrickscfg"
        path.write_bytes(f"[p]\nhost = {HOST}\ntoken = {token}\n".encode())
        return str(path)

    return write


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize("where", CONFIGURATIONS)
def test_malformed_credentials_are_refused_when_configured(
    where: str, kind: str, profile_file: Callable[[str], str]
) -> None:
    value = MALFORMED[kind]
    if where == "profile token":
        if any(c in value for c in "\r\n\u2028"):
            pytest.skip("a config file line cannot hold a line break")
        value = profile_file(value)
    with pytest.raises(ConfigurationError) as caught:
        CONFIGURATIONS[where](value)
    message = str(caught.value)
    assert "contains" in message
    assert SECRET not in message
    assert SECRET not in repr(caught.value)


def test_surrounding_whitespace_is_still_trimmed() -> None:
    config = resolve_config(env=env_with(DATABRICKS_HOST=HOST, DATABRICKS_TOKEN=f" {SECRET}\n"))
    assert config.auth_type == "pat"


@pytest.mark.parametrize(
    "host",
    [
        f"https://user:{SECRET}@example.cloud.databricks.com",
        f"https://token:{SECRET}@example.cloud.databricks.com:abc",
        f"user:{SECRET}@example.cloud.databricks.com",
        f"http://x:{SECRET}@10.0.0.1",
        f"https://{SECRET}@example.cloud.databricks.com/?o=1",
    ],
)
def test_a_host_with_user_and_password_is_refused_without_echo(
    host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[ConfigurationError] = []
    for configure in (
        lambda: GenieClient(host, auth=PAT("dapi-other")),
        lambda: PAT("dapi-other", host=host),
        lambda: resolve_config(env=env_with(DATABRICKS_HOST=host, DATABRICKS_TOKEN="dapi-x")),
    ):
        with pytest.raises(ConfigurationError) as caught:
            configure()
        errors.append(caught.value)
    for error in errors:
        assert SECRET not in str(error)
        assert "***@" in str(error) or "user name or password" in str(error)


def test_transport_errors_do_not_quote_header_values() -> None:
    failure = httpx.LocalProtocolError(f"Illegal header value b'Bearer {SECRET}\\n'")
    error = transport_error(failure, "GET", "/api/2.0/genie/spaces")
    assert SECRET not in str(error)
    assert str(error).startswith("GET /api/2.0/genie/spaces failed: LocalProtocolError: ")


def tampered_cache(path: Path, host: str) -> Path:
    """A token cache whose entry for ``host`` holds a malformed access token."""
    entry = {
        "host": host,
        "client_id": "databricks-cli",
        "scopes": ["all-apis"],
        "access_token": MALFORMED["line feed"],
        "token_type": "Bearer",
        "refresh_token": None,
        "expiry": "2999-01-01T00:00:00+00:00",
    }
    key = f"{host}?client_id=databricks-cli&scopes=all-apis"
    path.write_text(json.dumps({"version": 1, "tokens": {key: entry}}))
    return path


def malformed_providers(sim: GenieSimulator, tmp_path: Path) -> dict[str, httpx.Auth]:
    """Providers whose token turns out malformed only once a request is made."""
    cache = tampered_cache(tmp_path / "cache.json", sim.url)
    return {
        "token callable": TokenProvider(lambda: MALFORMED["line feed"]),
        "expiring token callable": TokenProvider(
            lambda: (MALFORMED["carriage return"], time.time() + 3600)
        ),
        "cached login": OAuthU2M(host=sim.url, cache_path=cache, cli_cache_path=cache),
    }


def _chain(error: BaseException) -> list[Any]:
    causes: list[Any] = []
    cause = error.__cause__ or error.__context__
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    return causes


@pytest.mark.parametrize("provider", ["token callable", "expiring token callable", "cached login"])
def test_a_malformed_token_obtained_at_run_time_never_reaches_logs_or_errors(
    provider: str,
    make_live: MakeClient,
    sim: GenieSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    live = make_live(auth=malformed_providers(sim, tmp_path)[provider])

    error = live.outcome(lambda: live.items(live.client.spaces.list()))

    assert isinstance(error, OAuthError)
    assert not [r for r in sim.requests if r.path.startswith("/api/")]
    texts = [str(error), repr(error), caplog.text, *(str(e) for e in _chain(error))]
    assert not [text for text in texts if SECRET in text]


def test_the_cli_error_line_does_not_show_a_malformed_token(
    sim: GenieSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_HOST", sim.url)
    monkeypatch.setenv("DATABRICKS_TOKEN", MALFORMED["line feed"])
    monkeypatch.setenv("COLUMNS", "200")

    result = CliRunner().invoke(app, ["spaces", "list"])

    assert result.exit_code == 2
    assert "token (DATABRICKS_TOKEN) contains a line break" in result.output
    assert SECRET not in result.output
    assert sim.requests == []


def test_the_cli_error_line_does_not_show_a_host_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABRICKS_HOST", f"https://me:{SECRET}@example.cloud.databricks.com")
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-other")

    result = CliRunner().invoke(app, ["spaces", "list"])

    assert result.exit_code == 2
    assert SECRET not in result.output
    assert "https://***@example.cloud.databricks.com" in result.output
