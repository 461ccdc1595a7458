"""Fixtures for the auth tests: an isolated home, the OIDC test server, sync-or-async sending."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from genie_sdk.auth._oidc import clear_discovery_cache
from tests.auth.oidc_server import OidcServer
from tests.auth.sending import GETS, Get


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME at a temporary directory and drop Databricks variables from the environment."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for name in list(os.environ):
        if name.startswith(("DATABRICKS_", "ARM_", "GOOGLE_", "XDG_")):
            monkeypatch.delenv(name)
    clear_discovery_cache()
    yield home
    clear_discovery_cache()


@pytest.fixture
def env(isolated_home: Path, tmp_path: Path) -> dict[str, str]:
    """A minimal injected environment: the temporary HOME and a PATH without a Databricks CLI."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    return {"HOME": str(isolated_home), "PATH": str(empty)}


@pytest.fixture
def server() -> Iterator[OidcServer]:
    oidc = OidcServer().start()
    yield oidc
    oidc.stop()


@pytest.fixture
def get(kind: str) -> Get:
    """GET a URL with the given auth through ``httpx.Client`` or ``httpx.AsyncClient``."""
    return GETS[kind]
