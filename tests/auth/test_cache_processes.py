"""Processes sharing the token cache take turns refreshing: none redeems a refresh token another
process already rotated, and a long-lived client follows rotations made by ``genie`` commands.

The OIDC server rotates refresh tokens and rejects a reused one; its access tokens live 30 s,
less than the 40 s expiry margin, so every process has to refresh before its first request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import genie_sdk
from genie_sdk.auth import OAuthU2M, login
from tests.auth.oidc_server import OidcServer
from tests.auth.sending import Get

pytestmark = pytest.mark.slow

SOURCE = str(Path(genie_sdk.__file__).resolve().parents[1])
REFRESH = """
import pathlib, sys, time
import httpx
from genie_sdk.auth import OAuthU2M

host, ready, go = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
auth = OAuthU2M(host=host)
ready.touch()
deadline = time.monotonic() + 30
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.001)
with httpx.Client() as client:
    print(auth.access_token(client))
"""


@pytest.fixture
def server() -> Iterator[OidcServer]:
    oidc = OidcServer(token_lifetime=30).start()
    yield oidc
    oidc.stop()


def child_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env, "PYTHONPATH": SOURCE}


def follow(url: str) -> bool:
    with httpx.Client(follow_redirects=True) as client:
        client.get(url)
    return True


def cached_refresh_token(home: Path) -> str:
    tokens = json.loads((home / ".config" / "genie-sdk" / "token-cache.json").read_text())
    (entry,) = tokens["tokens"].values()
    token: str = entry["refresh_token"]
    return token


def wait_for(paths: list[Path], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not all(p.exists() for p in paths):
        assert time.monotonic() < deadline, "the child processes did not start"
        time.sleep(0.01)


def test_two_processes_refreshing_at_once_both_succeed(
    server: OidcServer, env: dict[str, str], isolated_home: Path, tmp_path: Path
) -> None:
    login(host=server.url, redirect_port=0, open_browser=follow, env=env, timeout=30)
    server.token_delay = 0.3  # both refreshes would be in flight together
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(2)]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", REFRESH, server.url, str(flag), str(go)],
            env=child_env(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    try:
        wait_for(ready, 60)
        go.touch()
        outputs = [child.communicate(timeout=60) for child in children]
    finally:
        for child in children:
            child.kill()
    assert [child.returncode for child in children] == [0, 0], outputs
    redeemed = [f["refresh_token"] for f in server.token_forms if "refresh_token" in f]
    assert len(redeemed) == len(set(redeemed)) == 2  # the second used the first one's successor
    assert list(server.refresh_tokens) == [cached_refresh_token(isolated_home)]
    tokens = {out.strip() for out, _ in outputs}
    assert len(tokens) == 2
    assert tokens <= server.valid_tokens


def test_a_long_lived_client_survives_a_cli_command_rotating_the_refresh_token(
    server: OidcServer, env: dict[str, str], isolated_home: Path, get: Get
) -> None:
    login(host=server.url, redirect_port=0, open_browser=follow, env=env, timeout=30)
    notebook = OAuthU2M(host=server.url)
    assert get(notebook, f"{server.url}/api/2.0/genie/spaces").status_code == 200

    command = [sys.executable, "-m", "genie_sdk.cli", "--host", server.url, "auth", "token"]
    cli = subprocess.run(
        command, env=child_env(env), capture_output=True, text=True, timeout=60, check=False
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip() in server.valid_tokens

    assert get(notebook, f"{server.url}/api/2.0/genie/spaces").status_code == 200
    assert server.counts["token:refresh_token"] == 3
    assert list(server.refresh_tokens) == [cached_refresh_token(isolated_home)]
