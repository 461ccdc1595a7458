"""One unchanged script, run with a PAT, OAuth M2M, OAuth U2M and as a Databricks App.

Credentials come only from the environment or a config profile; the simulator is the workspace
and its OIDC server.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from genie_sdk.auth import login
from genie_sdk.simulator import GenieSimulator

pytestmark = pytest.mark.slow

SCRIPT = """
from genie_sdk import GenieClient, PollingPolicy

with GenieClient(polling=PollingPolicy(initial=0.01, maximum=0.05)) as client:
    answer = client.ask("{space}", "how many customers")
    print(client.config.auth_type, answer.result.rows[0][0])
"""


def run_script(sim: GenieSimulator, env: dict[str, str], home: Path) -> tuple[str, int]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "ARM_"))}
    full = {**clean, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), **env}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(space=sim.space_id)],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    auth_type, customers = result.stdout.split()
    return auth_type, int(customers)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def test_pat_from_environment(sim: GenieSimulator, home: Path) -> None:
    env = {"DATABRICKS_HOST": sim.url, "DATABRICKS_TOKEN": sim.token}
    auth_type, customers = run_script(sim, env, home)
    assert auth_type == "pat"
    assert customers > 0


def test_m2m_from_a_profile(sim: GenieSimulator, home: Path) -> None:
    (home / ".databrickscfg").write_text(
        f"[prod-sp]\nhost = {sim.url}\nclient_id = {sim.client_id}\nclient_secret = {sim.client_secret}\n"
    )
    issued = sim.oauth_tokens_issued
    auth_type, _ = run_script(sim, {"DATABRICKS_CONFIG_PROFILE": "prod-sp"}, home)
    assert auth_type == "oauth-m2m"
    assert sim.oauth_tokens_issued == issued + 1


def test_databricks_app_environment(sim: GenieSimulator, home: Path) -> None:
    env = {
        "DATABRICKS_HOST": sim.url,
        "DATABRICKS_CLIENT_ID": sim.client_id,
        "DATABRICKS_CLIENT_SECRET": sim.client_secret,
        "DATABRICKS_APP_NAME": "sales-assistant",
        "DATABRICKS_APP_PORT": "8000",
        "DATABRICKS_WORKSPACE_ID": sim.workspace_id,
    }
    auth_type, _ = run_script(sim, env, home)
    assert auth_type == "oauth-m2m"
    assert any(r.headers.get("x-databricks-workspace-id") == sim.workspace_id for r in sim.requests)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_u2m_login_then_the_same_script_from_the_cache(sim: GenieSimulator, home: Path) -> None:
    (home / ".databrickscfg").write_text(f"[me]\nhost = {sim.url}\nauth_type = external-browser\n")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}

    def browser(url: str) -> bool:
        httpx.get(url, follow_redirects=True, timeout=10)
        return True

    info = login(
        profile="me",
        config_file=str(home / ".databrickscfg"),
        redirect_port=free_port(),
        open_browser=browser,
        timeout=30,
        env=env,
    )
    assert info.has_refresh_token
    cache = next((home / ".config").rglob("*.json"))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    auth_type, customers = run_script(sim, {"DATABRICKS_CONFIG_PROFILE": "me"}, home)
    assert auth_type == "external-browser"
    assert customers > 0
