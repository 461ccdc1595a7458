"""``genie auth login`` runs the browser login and later commands use the cached tokens."""

from __future__ import annotations

import functools

import httpx
import pytest

from genie_sdk.auth import login
from genie_sdk.cli.commands import auth
from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie


def browser(url: str) -> bool:
    """Follow the login page like a browser whose user approves at once."""
    with httpx.Client(follow_redirects=True) as client:
        client.get(url)
    return True


def test_login_then_use_the_cached_tokens(
    genie_simulator: GenieSimulator,
    clean_env: object,
    genie: Genie,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        auth, "login", functools.partial(login, redirect_port=0, open_browser=browser)
    )

    logged_in = genie("--host", genie_simulator.url, "auth", "login")
    listed = genie("--host", genie_simulator.url, "spaces", "list")

    assert logged_in.exit_code == 0, logged_in.output
    assert f"Logged in to {genie_simulator.url}" in logged_in.stdout
    assert listed.exit_code == 0, listed.output
    assert "Retail Sales (demo)" in listed.stdout
    assert genie_simulator.oauth_tokens_issued == 1
