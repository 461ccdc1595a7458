"""The Databricks config file (``~/.databrickscfg``): parsing, profile choice, listing."""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from genie_sdk.auth._cache import home_dir
from genie_sdk.errors import ConfigurationError

__all__ = [
    "ConfigFile",
    "ProfileInfo",
    "config_file_path",
    "guess_auth_type",
    "list_profiles",
    "read_config_file",
    "select_profile",
]

SETTINGS_SECTION = "__settings__"
DEFAULT_PROFILE = "DEFAULT"
# configparser merges its "default section" into every other section; a name that no header line
# can produce (it contains a newline) turns that off, so [DEFAULT] is an ordinary profile.
_NO_DEFAULT_SECTION = "\n"


@dataclass(frozen=True)
class ConfigFile:
    """A parsed config file: profiles (keys lower-cased) and ``[__settings__] default_profile``."""

    path: Path
    profiles: dict[str, dict[str, str]]
    default_profile: str | None


@dataclass(frozen=True)
class ProfileInfo:
    """A profile of the config file, without secrets."""

    name: str
    host: str | None
    auth_type: str | None
    is_default: bool


def config_file_path(config_file: str | None, env: Mapping[str, str] | None = None) -> Path:
    """Return the config file to read: ``config_file`` (``~`` expanded) or ``~/.databrickscfg``."""
    home = home_dir(env)
    if not config_file:
        return home / ".databrickscfg"
    if config_file == "~" or config_file.startswith(("~/", "~" + os.sep)):
        return home / config_file[2:]
    return Path(config_file)


def _line_of(exc: configparser.Error) -> int | None:
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return exc.lineno
    if isinstance(exc, configparser.ParsingError):
        return exc.errors[0][0] if exc.errors else None
    if isinstance(exc, (configparser.DuplicateSectionError, configparser.DuplicateOptionError)):
        return exc.lineno
    return None


def _problem(exc: configparser.Error) -> str:
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return "a setting before the first [profile] header"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"profile [{exc.section}] appears twice"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"key {exc.option!r} appears twice in [{exc.section}]"
    return "a line that is neither a [profile] header, a key = value setting nor a comment"


def read_config_file(path: Path) -> ConfigFile | None:
    """Parse the config file at ``path``; ``None`` if it does not exist.

    Raises:
        ConfigurationError: the file is unreadable or malformed (the message names file and line).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"cannot read config file {path}: {exc}") from None
    parser = configparser.ConfigParser(
        interpolation=None,
        default_section=_NO_DEFAULT_SECTION,
        comment_prefixes=("#", ";"),
        inline_comment_prefixes=("#", ";"),
        strict=True,
    )
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        line = _line_of(exc)
        where = f"{path}, line {line}" if line is not None else str(path)
        raise ConfigurationError(f"malformed config file {where}: {_problem(exc)}") from None
    settings = dict(parser[SETTINGS_SECTION]) if parser.has_section(SETTINGS_SECTION) else {}
    profiles = {name: dict(parser[name]) for name in parser.sections() if name != SETTINGS_SECTION}
    return ConfigFile(
        path=path,
        profiles=profiles,
        default_profile=settings.get("default_profile", "").strip() or None,
    )


def select_profile(config: ConfigFile, name: str | None) -> tuple[str, dict[str, str]] | None:
    """Pick the profile to use: ``name``, else ``default_profile``, else a non-empty ``DEFAULT``.

    Raises:
        ConfigurationError: the chosen profile is missing or is the reserved ``__settings__``.
    """
    chosen = name or config.default_profile
    if chosen is None:
        default = config.profiles.get(DEFAULT_PROFILE)
        return (DEFAULT_PROFILE, default) if default else None
    if chosen == SETTINGS_SECTION:
        raise ConfigurationError(f"{SETTINGS_SECTION} is reserved and cannot be used as a profile")
    if chosen not in config.profiles:
        found = ", ".join(config.profiles) or "none"
        raise ConfigurationError(
            f"{config.path} has no {chosen} profile configured (profiles found: {found})"
        )
    return chosen, config.profiles[chosen]


def guess_auth_type(values: Mapping[str, str]) -> str | None:
    """Guess the method a profile configures: its ``auth_type``, else from the keys it has."""
    if values.get("auth_type"):
        return values["auth_type"]
    if values.get("token"):
        return "pat"
    if values.get("client_id") and values.get("client_secret"):
        return "oauth-m2m"
    if values.get("username") or values.get("password"):
        return "basic"
    return None


def list_profiles(
    config_file: str | None = None, *, env: Mapping[str, str] | None = None
) -> list[ProfileInfo]:
    """List the profiles of the config file (``DATABRICKS_CONFIG_FILE`` or ``~/.databrickscfg``).

    Raises:
        ConfigurationError: the file is malformed.
    """
    source = os.environ if env is None else env
    path = config_file_path(config_file or source.get("DATABRICKS_CONFIG_FILE"), env)
    config = read_config_file(path)
    if config is None:
        return []
    default = config.default_profile or (
        DEFAULT_PROFILE if config.profiles.get(DEFAULT_PROFILE) else None
    )
    return [
        ProfileInfo(
            name=name,
            host=values.get("host"),
            auth_type=guess_auth_type(values),
            is_default=name == default,
        )
        for name, values in config.profiles.items()
    ]
