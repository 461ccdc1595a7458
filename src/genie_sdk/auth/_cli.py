"""``auth_type = databricks-cli``: tokens from ``databricks auth token``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from genie_sdk.auth._base import RefreshingAuth
from genie_sdk.auth._errors import OAuthError
from genie_sdk.auth._flow import Blocking, Flow
from genie_sdk.auth._tokens import Token, parse_rfc3339
from genie_sdk.errors import ConfigurationError

__all__ = ["DatabricksCliAuth", "find_cli"]

CLI_TIMEOUT = 60.0
_STDERR_LIMIT = 500


def find_cli(cli_path: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """Return the Databricks CLI: ``cli_path`` if it is executable, else ``databricks`` on PATH."""
    if cli_path:
        path = Path(cli_path).expanduser()
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    source = os.environ if env is None else env
    return shutil.which("databricks", path=source.get("PATH"))


class DatabricksCliAuth(RefreshingAuth):
    """Authenticate with tokens printed by the Databricks CLI (``databricks auth token``).

    The CLI keeps the login (``databricks auth login``) and refreshes it; this provider re-runs the
    command when its token goes stale. Async clients run the command in a worker thread.

    Args:
        host: Workspace URL.
        profile: Config profile the CLI should use (``--profile``); otherwise ``--host`` is passed.
        cli_path: The ``databricks`` executable (default: found on PATH).
        config_file: Config file to point the CLI at (``DATABRICKS_CONFIG_FILE``).
        clock: Wall clock in epoch seconds.

    Raises:
        ConfigurationError: the CLI was not found.
    """

    auth_type = "databricks-cli"

    def __init__(
        self,
        *,
        host: str,
        profile: str | None = None,
        cli_path: str | None = None,
        config_file: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(host=host, clock=clock)
        self._url = self.bind(host)
        executable = find_cli(cli_path)
        if executable is None:
            where = cli_path or "PATH"
            raise ConfigurationError(
                f"databricks-cli: the Databricks CLI was not found ({where}); install it or set "
                "DATABRICKS_CLI_PATH"
            )
        target = ["--profile", profile] if profile else ["--host", self._url]
        self._argv = [executable, "auth", "token", *target]
        self._config_file = config_file
        self._clock = clock

    def __repr__(self) -> str:
        return f"DatabricksCliAuth(host={self._url!r}, argv={self._argv[1:]!r})"

    def _run(self) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        if self._config_file:
            env["DATABRICKS_CONFIG_FILE"] = self._config_file
        try:
            return subprocess.run(  # noqa: S603 - fixed argv, no shell
                self._argv,
                capture_output=True,
                text=True,
                timeout=CLI_TIMEOUT,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OAuthError(f"databricks-cli: could not run {self._argv[0]}: {exc}") from None

    def _fetch_token(self, _previous: Token | None, /) -> Flow[Token]:
        issued_at = self._clock()
        result: subprocess.CompletedProcess[str] = yield Blocking(self._run)
        if result.returncode != 0:
            stderr = result.stderr.strip()[:_STDERR_LIMIT] or f"exit status {result.returncode}"
            login = " ".join(["databricks auth login", *self._argv[3:]])
            raise OAuthError(f"databricks-cli: {stderr}; try `{login}`")
        try:
            body = json.loads(result.stdout)
            access_token = body["access_token"]
            expiry = body.get("expiry")
            expires_at = parse_rfc3339(expiry) if isinstance(expiry, str) else None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise OAuthError("databricks-cli: `databricks auth token` printed no token") from None
        if not isinstance(access_token, str) or not access_token:
            raise OAuthError("databricks-cli: `databricks auth token` printed no token")
        return Token(access_token=access_token, expires_at=expires_at, issued_at=issued_at)
