"""Ways to run the simulator: in-process ASGI, start/stop, reset, the CLI, the pytest plugin."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from genie_sdk import GenieClient
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator, SimulatorSettings
from genie_sdk.simulator.http.gateway import SimulatedDisconnect
from tests.simulator._helpers import API, Genie


@pytest.fixture(scope="module")
def offline() -> GenieSimulator:
    """A simulator that is never started: used through its ASGI app only."""
    return GenieSimulator(token="dapi-in-process", rate_limit=None)


async def test_in_process_asgi(offline: GenieSimulator) -> None:
    transport = httpx.ASGITransport(app=offline.app)
    headers = {"Authorization": "Bearer dapi-in-process"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost", headers=headers
    ) as client:
        started = await client.post(
            f"{API}/spaces/{offline.space_id}/start-conversation", json={"content": "hi"}
        )
        assert started.status_code == 200
        meta = (await client.get("/.well-known/databricks-config")).json()
        assert meta["oidc_endpoint"] == "http://localhost/oidc"
        offline.faults.drop_connection(path="/spaces$")
        with pytest.raises(SimulatedDisconnect):
            await client.get(f"{API}/spaces")
    with pytest.raises(RuntimeError, match="not running"):
        _ = offline.url


def test_start_stop_and_fixed_credentials() -> None:
    sim = GenieSimulator(token="dapi-fixed", client_id="cid", client_secret="secret")
    with sim:
        assert sim.start() is sim
        assert sim.url.startswith("http://127.0.0.1:")
        response = httpx.get(
            f"{sim.url}{API}/spaces", headers={"Authorization": "Bearer dapi-fixed"}
        )
        assert response.status_code == 200
        assert response.headers["x-databricks-org-id"] == sim.workspace_id
        assert sim.client_id == "cid"
        assert sim.client_secret == "secret"
        url = sim.url
    with pytest.raises(httpx.ConnectError):
        httpx.get(url)
    sim.stop()


def test_default_settings_answer_a_default_client_within_seconds() -> None:
    # The README's snippet: default simulator, default polling (first poll after ~1 s).
    with (
        GenieSimulator(rate_limit=None) as sim,
        GenieClient(sim.url, auth=PAT(sim.token)) as client,
    ):
        started = time.monotonic()
        answer = client.ask(sim.space_id, "top 10 products")
        took = time.monotonic() - started
    assert answer.result is not None
    assert len(answer.result) == 10
    assert took < 5.0  # one-step-per-poll defaults took 15 s: polls at 1, 3, 7 and 15 s


def test_reset_forgets_everything(sim: GenieSimulator, genie: Genie, http: httpx.Client) -> None:
    sim.add_answer("custom", text="custom")
    sim.faults.http_error(500, path="nothing-matches-this")
    sim.execute_sql("CREATE TABLE scratch AS SELECT 1 AS x")
    sim.settings.download_format = "CSV"
    sim.clock.advance(100)
    genie.ask("custom")
    sim.reset(inline_row_limit=10)
    assert sim.messages_created == 0
    assert sim.requests == []
    assert sim.faults.pending == []
    assert sim.settings == SimulatorSettings(
        rate_limit=None, advance="poll", oauth_auto_approve=True, inline_row_limit=10
    )
    with pytest.raises(Exception, match="scratch"):
        sim.query_sql("SELECT * FROM scratch")
    assert http.get(f"{API}/spaces").json()["spaces"][0]["space_id"] == sim.space_id


@pytest.mark.genie_simulator(download_format="CSV", rate_limit=3)
def test_marker_sets_fixture_settings(genie_simulator: GenieSimulator) -> None:
    assert genie_simulator.settings.download_format == "CSV"
    assert genie_simulator.rate_limit == 3


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="download_format"):
        SimulatorSettings(download_format="XML")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        SimulatorSettings(link_ttl=-1)


def test_plugin_imports_nothing_heavy_and_skips_without_the_extra(tmp_path: Path) -> None:
    probe = (
        "import sys, genie_sdk.simulator.pytest_plugin; "
        "print(sorted(m for m in ('starlette', 'uvicorn', 'duckdb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    (tmp_path / "conftest.py").write_text("import sys\nsys.modules['duckdb'] = None\n")
    (tmp_path / "test_uses_fixture.py").write_text(
        textwrap.dedent(
            """
            def test_needs_simulator(genie_simulator):
                raise AssertionError("should have been skipped")
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert "1 skipped" in result.stdout, result.stdout + result.stderr
