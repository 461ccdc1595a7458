"""Processes as people run them: ``genie simulator serve`` and ``genie index build``, and a kill."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from genie_sdk import GenieClient
from genie_sdk.index import MetadataIndex
from tests.index.test_index_e2e import snapshot

pytestmark = pytest.mark.slow
TOKEN = "dapi-index-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``genie simulator serve`` on a free port; its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "genie_sdk.cli", "simulator", "serve", "--port", str(port)]
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen([*command, "--token", TOKEN], stderr=log, stdout=log)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/.well-known/databricks-config")
                break
            except httpx.ConnectError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "GENIE_"))}
    return {**env, "DATABRICKS_HOST": url, "DATABRICKS_TOKEN": TOKEN, "COLUMNS": "200"}


def test_genie_index_build_works_against_genie_simulator_serve(served: str, tmp_path: Path) -> None:
    out = tmp_path / "index.db"
    result = subprocess.run(
        [sys.executable, "-m", "genie_sdk.cli", "index", "build", "--out", str(out)],
        env=_env(served),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "listed 8, fetched 8" in result.stdout
    with MetadataIndex.open(out) as index:
        assert len(index.table("assets")) == 8


def test_a_build_killed_half_way_resumes_to_the_index_of_an_uninterrupted_build(
    served: str, tmp_path: Path
) -> None:
    with (
        GenieClient(served, token=TOKEN) as client,
        MetadataIndex.open(tmp_path / "whole.db") as whole,
    ):
        whole.update(client)

    killed = tmp_path / "killed.db"
    process = subprocess.Popen(
        # Four requests a second: slow enough to be killed with some objects stored, not all.
        [
            sys.executable,
            "-m",
            "genie_sdk.cli",
            "index",
            "build",
            "--out",
            str(killed),
            "--max-rps",
            "4",
        ],
        env=_env(served),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _stored(killed) < 2:
            assert process.poll() is None, "the build finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=20)
    stored = _stored(killed)
    assert stored < 8

    with GenieClient(served, token=TOKEN) as client, MetadataIndex.open(killed) as index:
        run = index.update(client, full=True)
        assert run.resumed
        assert run.skipped >= stored  # what the killed run stored is not read again
        assert index.status().last_run["status"] == "finished"
    assert snapshot(killed) == snapshot(tmp_path / "whole.db")


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    db = sqlite3.connect(path, timeout=5)
    try:
        return int(db.execute("SELECT COUNT(*) FROM assets").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0
    finally:
        db.close()
