"""Settings from arguments, environment variables and a config profile (unified configuration)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from genie_sdk._host import Host, normalize_host, redact_userinfo
from genie_sdk.auth._base import BearerAuth
from genie_sdk.auth._profiles import config_file_path, read_config_file, select_profile
from genie_sdk.auth._secrets import require_credential
from genie_sdk.errors import ConfigurationError

__all__ = [
    "SETTING_NAMES",
    "Settings",
    "format_summary",
    "host_of",
    "read_settings",
    "seconds",
    "truthy",
]


@dataclass(frozen=True)
class _Setting:
    name: str
    env: str | None = None
    secret: bool = False
    family: str | None = None
    url: bool = False


_SETTINGS = (
    _Setting("host", "DATABRICKS_HOST", url=True),
    _Setting("token", "DATABRICKS_TOKEN", secret=True, family="pat"),
    _Setting("client_id", "DATABRICKS_CLIENT_ID", family="oauth"),
    _Setting("client_secret", "DATABRICKS_CLIENT_SECRET", secret=True, family="oauth"),
    _Setting("profile", "DATABRICKS_CONFIG_PROFILE"),
    _Setting("config_file", "DATABRICKS_CONFIG_FILE"),
    _Setting("auth_type", "DATABRICKS_AUTH_TYPE"),
    _Setting("workspace_id", "DATABRICKS_WORKSPACE_ID"),
    _Setting("scopes"),
    _Setting("account_id", "DATABRICKS_ACCOUNT_ID"),
    _Setting("databricks_cli_path", "DATABRICKS_CLI_PATH"),
    _Setting("disable_oauth_refresh_token", "DATABRICKS_DISABLE_OAUTH_REFRESH_TOKEN"),
    _Setting("discovery_url", "DATABRICKS_DISCOVERY_URL", url=True),
    _Setting("http_timeout_seconds"),
    _Setting("retry_timeout_seconds"),
    _Setting("skip_verify"),
    # Recognised so that they are reported; not supported yet.
    _Setting("username", "DATABRICKS_USERNAME", family="basic"),
    _Setting("password", "DATABRICKS_PASSWORD", secret=True, family="basic"),
    _Setting("azure_workspace_resource_id", "DATABRICKS_AZURE_RESOURCE_ID", family="azure"),
    _Setting("azure_client_id", "ARM_CLIENT_ID", family="azure"),
    _Setting("azure_client_secret", "ARM_CLIENT_SECRET", secret=True, family="azure"),
    _Setting("azure_tenant_id", "ARM_TENANT_ID", family="azure"),
    _Setting("azure_use_msi", "ARM_USE_MSI", family="azure"),
    _Setting("azure_environment", "ARM_ENVIRONMENT"),
    _Setting("google_credentials", "GOOGLE_CREDENTIALS", secret=True, family="google"),
    _Setting("google_service_account", "DATABRICKS_GOOGLE_SERVICE_ACCOUNT", family="google"),
    _Setting("metadata_service_url", "DATABRICKS_METADATA_SERVICE_URL", secret=True),
    _Setting("oidc_token", "DATABRICKS_OIDC_TOKEN", secret=True),
    _Setting("oidc_token_env", "DATABRICKS_OIDC_TOKEN_ENV"),
    _Setting("oidc_token_filepath", "DATABRICKS_OIDC_TOKEN_FILEPATH"),
    _Setting("token_audience", "DATABRICKS_TOKEN_AUDIENCE"),
    _Setting("cloud", "DATABRICKS_CLOUD"),
    _Setting("group_id", "DATABRICKS_GROUP_ID"),
)
_BY_NAME = {setting.name: setting for setting in _SETTINGS}
SETTING_NAMES = tuple(_BY_NAME)
"""Every known setting, in display order."""
_SENT_CREDENTIALS = ("token", "client_id", "client_secret")
"""Settings that end up in an HTTP header."""
_FROM_ARGUMENT = "argument"


@dataclass
class Settings:
    """Settings gathered from arguments, environment and profile, with where each came from."""

    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    env_vars: list[str] = field(default_factory=list)

    def set(self, name: str, value: str, source: str) -> None:
        """Set ``name`` unless an earlier source already did."""
        if name not in self.values:
            self.values[name] = value
            self.sources[name] = source

    def families(self) -> list[str]:
        """Return the credential families present, sorted."""
        return sorted({f for n in self.values if (f := _BY_NAME[n].family) is not None})

    def masked(self) -> tuple[tuple[str, str], ...]:
        """Return ``(name, value)`` pairs in table order with secrets replaced by ``***``.

        A user name and password inside a URL (``https://user:pass@host``) are masked too.
        """
        return tuple(
            (s.name, _shown(s, self.values[s.name])) for s in _SETTINGS if s.name in self.values
        )

    def describe_source(self, name: str) -> str:
        """Say where setting ``name`` came from (``DATABRICKS_TOKEN``, ``argument``, ...)."""
        source = self.sources[name]
        env = _BY_NAME[name].env
        return env if source == "environment" and env else source

    def summary(self) -> str:
        """Return the debug summary appended to configuration errors."""
        return format_summary(self.masked(), tuple(self.env_vars))

    def error(self, message: str) -> ConfigurationError:
        """Return a configuration error whose message ends with the debug summary."""
        return ConfigurationError(f"{message}. {self.summary()}")


def _shown(setting: _Setting, value: str) -> str:
    if setting.secret:
        return "***"
    return redact_userinfo(value) if setting.url else value


def format_summary(settings: tuple[tuple[str, str], ...], env_vars: tuple[str, ...]) -> str:
    """Format ``Config: name=value, ... Env: VAR, ...`` (values already masked)."""
    config = ", ".join(f"{name}={value}" for name, value in settings) or "nothing set"
    text = f"Config: {config}."
    return f"{text} Env: {', '.join(env_vars)}." if env_vars else text


def read_settings(
    arguments: Mapping[str, str | None], env: Mapping[str, str], *, explicit_auth: bool
) -> Settings:
    """Gather settings: ``arguments``, then ``env``, then the config profile (auth-facts rules).

    The config file is read only when a profile is named or neither the host nor any credential
    came from arguments or environment.

    Raises:
        ConfigurationError: the config file is malformed, the named profile is missing, or a
            token, client id or client secret contains a line break or control character.
    """
    settings = Settings()
    for name, value in arguments.items():
        if value:
            settings.set(name, value, _FROM_ARGUMENT)
    for setting in _SETTINGS:
        value = env.get(setting.env) if setting.env else None
        if value and setting.name not in settings.values:
            settings.set(setting.name, value, "environment")
            settings.env_vars.append(str(setting.env))
    if "profile" in settings.values or not (
        "host" in settings.values or settings.families() or explicit_auth
    ):
        _apply_profile(settings, env)
    argument_families = {
        family
        for name, source in settings.sources.items()
        if source == _FROM_ARGUMENT and (family := _BY_NAME[name].family) is not None
    }
    if argument_families:
        for name in list(settings.values):
            family = _BY_NAME[name].family
            if family and family not in argument_families:
                del settings.values[name], settings.sources[name]
    for name in _SENT_CREDENTIALS:
        if name in settings.values:
            try:
                require_credential(
                    f"{name} ({settings.describe_source(name)})", settings.values[name]
                )
            except ConfigurationError as exc:
                raise settings.error(str(exc)) from None
    return settings


def _apply_profile(settings: Settings, env: Mapping[str, str]) -> None:
    path = config_file_path(settings.values.get("config_file"), env)
    named = settings.values.get("profile")
    try:
        config = read_config_file(path)
        if config is None:
            if named:
                raise ConfigurationError(f"profile {named} requested but {path} does not exist")
            return
        selected = select_profile(config, named)
    except ConfigurationError as exc:
        raise settings.error(str(exc)) from None
    if selected is None:
        return
    name, values = selected
    settings.set("profile", name, "config file")
    for key, value in values.items():
        if key in _BY_NAME and key not in ("profile", "config_file") and value:
            settings.set(key, value, f"profile {name}")


def host_of(settings: Settings, auth: httpx.Auth | None) -> Host:
    """Return the normalised host (with workspace id) from ``settings`` or a bound ``auth``.

    Raises:
        ConfigurationError: no host is configured or it is not a usable workspace URL.
    """
    raw = settings.values.get("host")
    if raw is None and isinstance(auth, BearerAuth) and auth.host:
        raw = auth.host
    if raw is None:
        raise settings.error(
            "no workspace host configured: pass host=..., set DATABRICKS_HOST, or use a "
            "config profile that has a host"
        )
    try:
        host = normalize_host(raw)
    except ValueError as exc:
        raise settings.error(str(exc)) from None
    workspace_id = settings.values.get("workspace_id") or host.workspace_id
    return Host(url=host.url, workspace_id=workspace_id)


def seconds(settings: Settings, name: str, default: float) -> float:
    """Return the positive number of seconds in setting ``name``, or ``default``."""
    raw = settings.values.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise settings.error(f"{name} must be a number of seconds, got {raw!r}") from None
    if value <= 0:
        raise settings.error(f"{name} must be positive, got {raw!r}")
    return value


def truthy(value: str | None) -> bool:
    """Return whether a boolean setting is on (``1``, ``true``, ``yes``, ``on``)."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
