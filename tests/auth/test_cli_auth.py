"""``auth_type = databricks-cli`` with a fake ``databricks`` executable on PATH."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx
import pytest

from genie_sdk.auth import DatabricksCliAuth, OAuthError, resolve_config
from genie_sdk.auth._tokens import format_rfc3339
from genie_sdk.errors import ConfigurationError
from tests.auth.oidc_server import OidcServer
from tests.auth.sending import Get

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX script as the CLI")

SCRIPT = """#!{python}
import json, pathlib, sys
here = pathlib.Path(__file__).parent
with open(here / "calls.log", "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
state = json.loads((here / "state.json").read_text())
if state.get("fail"):
    sys.stderr.write("Error: cannot get access token: refresh token is invalid\\n")
    sys.exit(1)
calls = len((here / "calls.log").read_text().splitlines())
print(json.dumps({{"access_token": f"cli-token-{{calls}}", "token_type": "Bearer",
                  "expiry": state["expiry"]}}))
"""


class FakeCli:
    def __init__(self, directory: Path) -> None:
        directory.mkdir()
        self.dir = directory
        self.path = directory / "databricks"
        self.path.write_text(SCRIPT.format(python=sys.executable))
        self.path.chmod(0o755)
        self.set(expiry=2_000_000_000.0)

    def set(self, *, expiry: float, fail: bool = False) -> None:
        state = {"expiry": format_rfc3339(expiry), "fail": fail}
        (self.dir / "state.json").write_text(json.dumps(state))

    @property
    def calls(self) -> list[str]:
        log = self.dir / "calls.log"
        return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def cli(tmp_path: Path, server: OidcServer) -> FakeCli:
    for n in range(1, 5):
        server.accept(f"cli-token-{n}")
    return FakeCli(tmp_path / "cli-bin")


def spaces(server: OidcServer) -> str:
    return f"{server.url}/api/2.0/genie/spaces"


def test_auth_type_databricks_cli_runs_auth_token_with_host(
    server: OidcServer, cli: FakeCli, env: dict[str, str], get: Get
) -> None:
    config = resolve_config(
        server.url, auth_type="databricks-cli", env={**env, "PATH": str(cli.dir)}
    )
    assert config.auth_type == "databricks-cli"
    assert get(config.auth, spaces(server)).status_code == 200
    assert get(config.auth, spaces(server)).status_code == 200
    assert cli.calls == [f"auth token --host {server.url}"]
    assert server.api_authorizations == ["Bearer cli-token-1"] * 2


def test_profile_is_passed_to_the_cli(
    server: OidcServer, cli: FakeCli, env: dict[str, str], tmp_path: Path, get: Get
) -> None:
    cfg = tmp_path / "databrickscfg"
    cfg.write_text(f"[me]\nhost = {server.url}\nauth_type = databricks-cli\n")
    config = resolve_config(
        profile="me",
        env={**env, "DATABRICKS_CONFIG_FILE": str(cfg), "DATABRICKS_CLI_PATH": str(cli.path)},
    )
    assert get(config.auth, spaces(server)).status_code == 200
    assert cli.calls == ["auth token --profile me"]


def test_stale_token_reruns_the_cli(server: OidcServer, cli: FakeCli) -> None:
    now = [1_000_000.0]
    cli.set(expiry=now[0] + 3600)
    auth = DatabricksCliAuth(host=server.url, cli_path=str(cli.path), clock=lambda: now[0])
    with httpx.Client() as client:
        assert auth.access_token(client) == "cli-token-1"
        now[0] += 30 * 60
        assert auth.access_token(client) == "cli-token-1"
        now[0] += 15 * 60
        assert auth.access_token(client) == "cli-token-2"
    assert len(cli.calls) == 2


def test_failing_cli_reports_stderr_and_suggests_login(
    server: OidcServer, cli: FakeCli, get: Get
) -> None:
    cli.set(expiry=0, fail=True)
    auth = DatabricksCliAuth(host=server.url, cli_path=str(cli.path))
    with pytest.raises(OAuthError) as info:
        get(auth, spaces(server))
    message = str(info.value)
    assert message.startswith("databricks-cli: Error: cannot get access token")
    assert f"databricks auth login --host {server.url}" in message


def test_missing_cli_is_a_configuration_error(server: OidcServer, env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match="Databricks CLI was not found"):
        resolve_config(server.url, auth_type="databricks-cli", env=env)


def test_cli_with_a_cached_login_is_picked_automatically(
    server: OidcServer, cli: FakeCli, env: dict[str, str], isolated_home: Path
) -> None:
    with_cli = {**env, "PATH": str(cli.dir)}
    with pytest.raises(ConfigurationError, match="cannot configure default credentials"):
        resolve_config(server.url, env=with_cli)  # CLI present but never logged in
    cache = isolated_home / ".databricks" / "token-cache.json"
    cache.parent.mkdir()
    cache.write_text(json.dumps({"version": 1, "tokens": {server.url: {"access_token": "x"}}}))
    assert resolve_config(server.url, env=with_cli).auth_type == "databricks-cli"
