"""``python -m genie_sdk.simulator`` and ``genie simulator serve`` as a person runs them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

import genie_sdk.simulator
from genie_sdk.auth import resolve_config
from genie_sdk.cli.app import app
from tests.simulator._helpers import API


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _simulator(
    tmp_path: Path, *args: str
) -> Iterator[tuple[subprocess.Popen[bytes], str, list[str]]]:
    """``python -m genie_sdk.simulator`` serving on a free port: the process, URL and banner."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "genie_sdk.simulator", "--port", str(port), *args],
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/.well-known/databricks-config")
                break
            except httpx.ConnectError:
                assert process.poll() is None, errors.read_text()
                assert time.monotonic() < deadline
                time.sleep(0.05)
        yield process, url, errors.read_text().splitlines()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=20)


def _exported(banner: list[str]) -> dict[str, str]:
    """The environment after running the banner's ``export``/``unset`` lines in order."""
    env: dict[str, str] = {}
    for line in banner:
        command, _, rest = line.strip().partition(" ")
        if command == "export":
            name, _, value = rest.partition("=")
            env[name] = value
        elif command == "unset":
            env.pop(rest, None)
    return env


@pytest.mark.parametrize("show_oauth", [False, True])
def test_banner_exports_one_working_credential_set(show_oauth: bool, tmp_path: Path) -> None:
    flags = ["--token", "dapi-cli", *(["--show-oauth"] if show_oauth else [])]
    with _simulator(tmp_path, *flags) as (_, url, banner):
        env = _exported(banner)
        config = resolve_config(env=env, config_file=str(tmp_path / "none.cfg"))
        assert config.host.url == url
        spaces = httpx.get(f"{url}{API}/spaces", auth=config.auth)
    assert spaces.status_code == 200
    text = "\n".join(banner)
    if show_oauth:
        assert set(env) == {"DATABRICKS_HOST", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"}
        assert config.auth_type == "oauth-m2m"
        assert "login code" in text
    else:
        assert env == {"DATABRICKS_HOST": url, "DATABRICKS_TOKEN": "dapi-cli"}
        assert "--show-oauth" in text
        assert "CLIENT_SECRET" not in text


@pytest.mark.skipif(os.name != "posix", reason="SIGINT")
def test_ctrl_c_stops_it_quietly(tmp_path: Path) -> None:
    with _simulator(tmp_path) as (process, _, _):
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    err = (tmp_path / "stderr.txt").read_text()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err


def test_allow_host_widens_the_served_names(tmp_path: Path) -> None:
    flags = ("--token", "dapi-cli", "--allow-host", "genie.internal")
    with _simulator(tmp_path, *flags) as (_, url, _):
        headers = {"Authorization": "Bearer dapi-cli"}
        served = httpx.get(f"{url}{API}/spaces", headers={**headers, "Host": "genie.internal"})
        refused = httpx.get(f"{url}{API}/spaces", headers={**headers, "Host": "evil.example"})
    assert (served.status_code, refused.status_code) == (200, 400)


def test_genie_simulator_serve_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(genie_sdk.simulator, "serve", lambda *a, **kw: calls.append((a, kw)))
    args = ["simulator", "serve", "--port", "0", "--show-oauth", "--workspace", "large"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert calls == [
        (
            ("127.0.0.1", 0),
            {
                "token": None,
                "rate_limit": 5,
                "stage_seconds": 0.2,
                "show_oauth": True,
                "workspace": "large",
            },
        )
    ]


def test_the_served_socket_takes_connections_once_the_banner_says_listening() -> None:
    from genie_sdk.simulator.http.server import _bind

    sock = _bind("127.0.0.1", 0)
    try:
        socket.create_connection(sock.getsockname(), timeout=2).close()
    finally:
        sock.close()
