"""Helpers behind ``genie auth login`` and ``genie auth token``."""

from __future__ import annotations

import contextlib
import os
import webbrowser
from collections.abc import Callable, Mapping

import httpx

from genie_sdk.auth._base import BearerAuth
from genie_sdk.auth._cache import cli_cache_path, default_cache_path
from genie_sdk.auth._config import ResolvedConfig
from genie_sdk.auth._oidc import normalize_scopes
from genie_sdk.auth._settings import host_of, read_settings, seconds, truthy
from genie_sdk.auth._u2m import DEFAULT_CLIENT_ID, OAuthU2M, TokenInfo
from genie_sdk.errors import ConfigurationError

__all__ = ["get_token", "login"]


def login(
    host: str | None = None,
    *,
    profile: str | None = None,
    config_file: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    redirect_port: int = 8020,
    open_browser: Callable[[str], object] = webbrowser.open,
    cache_path: str | os.PathLike[str] | None = None,
    timeout: float = 3600.0,
    env: Mapping[str, str] | None = None,
    http_client: httpx.Client | None = None,
) -> TokenInfo:
    """Log a user in with the browser (OAuth U2M) and cache the tokens for later clients.

    The host comes from ``host``, ``DATABRICKS_HOST`` or the profile, as in
    `resolve_config`. ``client_id``/``client_secret`` select a custom OAuth app (a profile's
    ``client_id`` is used only when its ``auth_type`` is ``external-browser``); the default is the
    ``databricks-cli`` app, whose redirect port must be 8020.

    Raises:
        ConfigurationError: no host is configured.
        OAuthError: the login failed, was refused or timed out.
    """
    environment = os.environ if env is None else env
    arguments = {
        "host": host,
        "profile": profile,
        "config_file": config_file,
        "client_id": client_id,
        "client_secret": client_secret,
    }
    settings = read_settings(arguments, environment, explicit_auth=False)
    values = settings.values
    custom_app = client_id is not None or values.get("auth_type") == "external-browser"
    provider = OAuthU2M(
        host=host_of(settings, None).url,
        client_id=values.get("client_id", DEFAULT_CLIENT_ID) if custom_app else DEFAULT_CLIENT_ID,
        client_secret=values.get("client_secret") if custom_app else None,
        scopes=normalize_scopes(values.get("scopes")),
        redirect_port=redirect_port,
        cache_path=cache_path or default_cache_path(environment),
        open_browser=open_browser,
        profile=values.get("profile"),
        interactive=True,
        offline_access=not truthy(values.get("disable_oauth_refresh_token")),
        discovery_url=values.get("discovery_url"),
        cli_cache_path=cli_cache_path(environment),
        http_timeout=seconds(settings, "http_timeout_seconds", 30.0),
        login_timeout=timeout,
    )
    return provider.login(http_client)


def get_token(config: ResolvedConfig, *, http_client: httpx.Client | None = None) -> str:
    """Return a current access token for ``config`` (refreshing or fetching one if needed).

    Raises:
        ConfigurationError: ``config.auth`` is not a genie-sdk provider.
        OAuthError: no token could be obtained (``LoginRequiredError``: log in first).
    """
    auth = config.auth
    if not isinstance(auth, BearerAuth):
        raise ConfigurationError(f"cannot read a token from a {type(auth).__name__} provider")
    with contextlib.ExitStack() as stack:
        client = http_client or stack.enter_context(httpx.Client(timeout=30.0))
        return auth.access_token(client)
