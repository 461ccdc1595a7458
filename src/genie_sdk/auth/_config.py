"""Unified configuration: host and credentials from arguments, environment and config profile."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from genie_sdk._host import Host
from genie_sdk.auth._base import BearerAuth
from genie_sdk.auth._bearer import PAT
from genie_sdk.auth._cache import TokenCache, cache_key, cli_cache_path, cli_has_login
from genie_sdk.auth._cache import default_cache_path as default_token_cache_path
from genie_sdk.auth._profiles import config_file_path
from genie_sdk.auth._settings import (
    SETTING_NAMES,
    Settings,
    format_summary,
    host_of,
    read_settings,
    seconds,
    truthy,
)
from genie_sdk.errors import ConfigurationError

# The OAuth and CLI providers are imported where they are built: a token needs none of them.
if TYPE_CHECKING:
    from genie_sdk.auth._u2m import OAuthU2M

__all__ = ["ResolvedConfig", "resolve_config"]

DOCS_URL = (
    "https://docs.databricks.com/en/dev-tools/auth.html#databricks-client-unified-authentication"
)
SUPPORTED_AUTH_TYPES = ("pat", "oauth-m2m", "external-browser", "databricks-cli")
UNSUPPORTED_AUTH_TYPES = frozenset(
    {
        "basic",
        "azure-client-secret",
        "azure-cli",
        "azure-msi",
        "azure-devops-oidc",
        "github-oidc",
        "github-oidc-azure",
        "env-oidc",
        "file-oidc",
        "google-credentials",
        "google-id",
        "metadata-service",
        "runtime",
        "model-serving",
    }
)


@dataclass(frozen=True)
class ResolvedConfig:
    """The workspace host and credentials a client uses.

    Attributes:
        host: Normalised workspace host (with its workspace id when known).
        auth: The ``httpx.Auth`` provider to send requests with.
        auth_type: Method name for the User-Agent (``auth/<auth_type>``).
        workspace_id: Value for ``X-Databricks-Workspace-Id``, when known.
        profile: Config profile used, if any.
        settings: The settings in use, secrets shown as ``***``.
        env_vars: Environment variables that were read.
    """

    host: Host
    auth: httpx.Auth
    auth_type: str
    workspace_id: str | None = None
    profile: str | None = None
    settings: tuple[tuple[str, str], ...] = ()
    env_vars: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.workspace_id is None and self.host.workspace_id is not None:
            object.__setattr__(self, "workspace_id", self.host.workspace_id)

    def describe(self) -> str:
        """Return a one-line summary of the configuration (secrets masked) for error messages."""
        shown = dict(self.settings)
        shown["host"] = self.host.url
        shown["auth_type"] = self.auth_type
        if self.profile:
            shown["profile"] = self.profile
        order = [name for name in SETTING_NAMES if name in shown]
        return format_summary(tuple((name, shown[name]) for name in order), self.env_vars)

    def __repr__(self) -> str:
        return (
            f"ResolvedConfig(host={self.host.url!r}, auth_type={self.auth_type!r}, "
            f"auth={type(self.auth).__name__}, workspace_id={self.workspace_id!r}, "
            f"profile={self.profile!r})"
        )


def _u2m(settings: Settings, host: Host, env: Mapping[str, str], *, interactive: bool) -> OAuthU2M:
    from genie_sdk.auth._oidc import normalize_scopes
    from genie_sdk.auth._u2m import DEFAULT_CLIENT_ID, OAuthU2M

    values = settings.values
    return OAuthU2M(
        host=host.url,
        client_id=values.get("client_id", DEFAULT_CLIENT_ID),
        client_secret=values.get("client_secret"),
        scopes=normalize_scopes(values.get("scopes")),
        cache_path=default_token_cache_path(env),
        profile=values.get("profile"),
        interactive=interactive,
        offline_access=not truthy(values.get("disable_oauth_refresh_token")),
        discovery_url=values.get("discovery_url"),
        cli_cache_path=cli_cache_path(env),
        http_timeout=seconds(settings, "http_timeout_seconds", 30.0),
    )


def _build(method: str, settings: Settings, host: Host, env: Mapping[str, str]) -> BearerAuth:
    values = settings.values
    if method == "pat":
        if "token" not in values:
            raise settings.error("pat: no token: pass token=... or set DATABRICKS_TOKEN")
        return PAT(values["token"], host=host.url)
    if method == "oauth-m2m":
        if "client_id" not in values or "client_secret" not in values:
            raise settings.error(
                "oauth-m2m: client_id and client_secret are required: set DATABRICKS_CLIENT_ID "
                "and DATABRICKS_CLIENT_SECRET"
            )
        from genie_sdk.auth._m2m import OAuthM2M
        from genie_sdk.auth._oidc import normalize_scopes

        return OAuthM2M(
            values["client_id"],
            values["client_secret"],
            host=host.url,
            scopes=normalize_scopes(values.get("scopes")),
            discovery_url=values.get("discovery_url"),
            http_timeout=seconds(settings, "http_timeout_seconds", 30.0),
        )
    if method == "databricks-cli":
        from genie_sdk.auth._cli import DatabricksCliAuth, find_cli

        cli = find_cli(values.get("databricks_cli_path"), env)
        if cli is None:
            raise settings.error(
                "databricks-cli: the Databricks CLI was not found on PATH; install it or set "
                "DATABRICKS_CLI_PATH"
            )
        config_file = values.get("config_file")
        return DatabricksCliAuth(
            host=host.url,
            profile=values.get("profile"),
            cli_path=cli,
            config_file=str(config_file_path(config_file, env)) if config_file else None,
        )
    return _u2m(settings, host, env, interactive=True)


def _check_auth_type(settings: Settings, auth_type: str) -> None:
    if auth_type in SUPPORTED_AUTH_TYPES:
        return
    supported = ", ".join(SUPPORTED_AUTH_TYPES)
    if auth_type in UNSUPPORTED_AUTH_TYPES:
        raise settings.error(
            f"auth_type {auth_type!r} is not supported yet (supported: {supported}); "
            "a token callable can be passed as auth=TokenProvider(...)"
        )
    raise settings.error(f"unknown auth_type {auth_type!r} (supported: {supported})")


def _default_provider(settings: Settings, host: Host, env: Mapping[str, str]) -> BearerAuth | None:
    values = settings.values
    if "token" in values:
        return _build("pat", settings, host, env)
    if "client_id" in values and "client_secret" in values:
        return _build("oauth-m2m", settings, host, env)
    unsupported = [f for f in settings.families() if f not in ("pat", "oauth")]
    if unsupported:
        raise settings.error(
            f"{unsupported[0]} authentication is not supported yet; use a personal access token, "
            "OAuth, or a token callable passed as auth=TokenProvider(...)"
        )
    from genie_sdk.auth._cli import find_cli
    from genie_sdk.auth._oidc import normalize_scopes
    from genie_sdk.auth._u2m import DEFAULT_CLIENT_ID

    profile = values.get("profile")
    cli_keys = [key for key in (profile, host.url) if key]
    if find_cli(values.get("databricks_cli_path"), env) is not None and any(
        cli_has_login(cli_cache_path(env), key) for key in cli_keys
    ):
        return _build("databricks-cli", settings, host, env)
    client_id = values.get("client_id", DEFAULT_CLIENT_ID)
    scopes = normalize_scopes(values.get("scopes"))
    key = cache_key(host=host.url, client_id=client_id, scopes=scopes, profile=profile)
    cache = TokenCache(default_token_cache_path(env))
    if cache.load(key, host=host.url, client_id=client_id, scopes=scopes) is not None:
        return _u2m(settings, host, env, interactive=False)
    return None


def _no_credentials(settings: Settings, env: Mapping[str, str]) -> ConfigurationError:
    hints = [
        "set DATABRICKS_TOKEN (a personal access token)",
        "set DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (a service principal)",
        "or log in with `genie auth login` (or `databricks auth login`)",
    ]
    extra = ""
    if "client_id" in settings.values and "client_secret" not in settings.values:
        extra = " client_id is set but client_secret is missing."
    if env.get("DATABRICKS_RUNTIME_VERSION"):
        extra += " Notebook (runtime) authentication is not supported yet."
    return settings.error(
        "cannot configure default credentials, please check "
        f"{DOCS_URL} to configure credentials for your preferred authentication method: "
        f"{'; '.join(hints)}.{extra}"
    )


def resolve_config(
    host: str | None = None,
    *,
    auth: httpx.Auth | None = None,
    profile: str | None = None,
    config_file: str | None = None,
    auth_type: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    token: str | None = None,
    env: Mapping[str, str] | None = None,
) -> ResolvedConfig:
    """Resolve the workspace host and credentials the way the Databricks CLI and SDKs do.

    Explicit arguments first, then ``DATABRICKS_*`` environment variables (``env``, default
    ``os.environ``), then the config file profile. An explicit ``auth`` provider (or ``token``) is
    authoritative: credentials of other kinds found in the environment are ignored.

    Raises:
        ConfigurationError: host or credentials are missing, contradictory or unsupported; the
            message ends with the settings in use (secrets shown as ``***``).
    """
    environment = os.environ if env is None else env
    arguments = {
        "host": host,
        "profile": profile,
        "config_file": config_file,
        "auth_type": auth_type,
        "client_id": client_id,
        "client_secret": client_secret,
        "token": token,
    }
    settings = read_settings(arguments, environment, explicit_auth=auth is not None)
    resolved_host = host_of(settings, auth)
    if auth is not None:
        if isinstance(auth, BearerAuth):
            try:
                auth.bind(resolved_host.url)
            except ConfigurationError as exc:
                raise settings.error(str(exc)) from None
        return _resolved(settings, resolved_host, auth, getattr(auth, "auth_type", "custom"))
    method = settings.values.get("auth_type")
    if method is not None:
        _check_auth_type(settings, method)
        provider: BearerAuth | None = _build(method, settings, resolved_host, environment)
    else:
        families = settings.families()
        if len(families) > 1:
            raise settings.error(
                f"more than one authorization method configured: {' and '.join(families)}"
            )
        provider = _default_provider(settings, resolved_host, environment)
    if provider is None:
        raise _no_credentials(settings, environment)
    return _resolved(settings, resolved_host, provider, provider.auth_type)


def _resolved(settings: Settings, host: Host, auth: httpx.Auth, auth_type: str) -> ResolvedConfig:
    return ResolvedConfig(
        host=host,
        auth=auth,
        auth_type=auth_type,
        workspace_id=host.workspace_id,
        profile=settings.values.get("profile"),
        settings=settings.masked(),
        env_vars=tuple(settings.env_vars),
    )
