"""Our U2M token cache, and read-only access to the Databricks CLI's plaintext token cache.

Our cache is one JSON file ``{"version": 1, "tokens": {key: entry}}`` whose entries hold
``access_token``, ``token_type``, ``refresh_token`` and ``expiry`` (RFC 3339) plus the ``host``,
``client_id`` and ``scopes`` they were issued for. Its directory is 0700 and the file is created
0600 from the start (temporary file in the same directory, fsync, atomic rename). A corrupt or
unknown-version file is ignored. Processes sharing the file take turns through ``<file>.lock``:
whoever refreshes a login or writes the file holds it (see `TokenCache.lock`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from genie_sdk.auth._file_lock import FileLock
from genie_sdk.auth._flow import Flow, Sleep
from genie_sdk.auth._secrets import credential_problem
from genie_sdk.auth._tokens import Token, format_rfc3339, parse_rfc3339

__all__ = [
    "TokenCache",
    "cache_key",
    "cli_cache_path",
    "cli_has_login",
    "default_cache_path",
    "home_dir",
    "read_cli_token",
]

logger = logging.getLogger("genie_sdk.auth")

CACHE_VERSION = 1
LOCK_TIMEOUT = 120.0
"""Longest wait for another process's refresh; longer than one refresh with its retries."""
_LOCK_POLL_MIN = 0.005
_LOCK_POLL_MAX = 0.1


def home_dir(env: Mapping[str, str] | None = None) -> Path:
    """Return the user's home directory, honouring ``HOME`` (or ``USERPROFILE``) in ``env``."""
    source = os.environ if env is None else env
    home = source.get("HOME") or source.get("USERPROFILE")
    return Path(home) if home else Path.home()


def default_cache_path(env: Mapping[str, str] | None = None) -> Path:
    """Return our token cache file, ``$XDG_CONFIG_HOME/genie-sdk/token-cache.json``.

    ``XDG_CONFIG_HOME`` defaults to ``~/.config``.
    """
    source = os.environ if env is None else env
    config_home = source.get("XDG_CONFIG_HOME")
    base = Path(config_home) if config_home else home_dir(env) / ".config"
    return base / "genie-sdk" / "token-cache.json"


def cli_cache_path(env: Mapping[str, str] | None = None) -> Path:
    """Return the Databricks CLI's plaintext token cache, ``~/.databricks/token-cache.json``."""
    return home_dir(env) / ".databricks" / "token-cache.json"


def cache_key(*, host: str, client_id: str, scopes: Sequence[str], profile: str | None) -> str:
    """Return the cache key: the profile name if a profile is used, else host, client and scopes."""
    if profile:
        return profile
    return f"{host}?client_id={client_id}&scopes={'+'.join(scopes)}"


def _read_tokens(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        logger.debug("ignoring unreadable token cache %s", path)
        return None
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, dict) or data.get("version") != CACHE_VERSION:
        logger.debug("ignoring token cache %s with an unknown layout", path)
        return None
    return tokens


def _token_from_entry(entry: object, *, with_refresh: bool) -> Token | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("access_token"), str):
        return None
    if credential_problem(entry["access_token"]) is not None:
        logger.debug("ignoring a cached access token that cannot be sent in a header")
        return None
    expiry, refresh = entry.get("expiry"), entry.get("refresh_token")
    try:
        expires_at = parse_rfc3339(expiry) if isinstance(expiry, str) else None
    except ValueError:
        return None
    return Token(
        access_token=entry["access_token"],
        expires_at=expires_at,
        refresh_token=refresh if with_refresh and isinstance(refresh, str) and refresh else None,
    )


class TokenCache:
    """Our U2M token cache file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lock(self, timeout: float = LOCK_TIMEOUT) -> Flow[FileLock]:
        """Take the cache's lock for this process, waiting in `Sleep` steps.

        Hold it from reading a refresh token until its successor is stored, so that two processes
        never redeem the same single-use refresh token, and around every `store`.

        Raises:
            OSError: the lock file cannot be created (``TimeoutError``: it stayed locked for
                ``timeout`` seconds).
        """
        _make_private_dir(self.path.parent)
        lock = FileLock(self.path.with_name(self.path.name + ".lock"))
        waited, pause = 0.0, _LOCK_POLL_MIN
        try:
            while not lock.try_acquire():
                if waited >= timeout:
                    raise TimeoutError(f"{lock.path} stayed locked for {timeout:.0f} s")
                yield Sleep(pause)
                waited += pause
                pause = min(pause * 2, _LOCK_POLL_MAX)
        except BaseException:
            lock.release()
            raise
        return lock

    def load(self, key: str, *, host: str, client_id: str, scopes: Sequence[str]) -> Token | None:
        """Return the token stored under ``key`` if it was issued for this host, client, scopes."""
        entry = (_read_tokens(self.path) or {}).get(key)
        if not isinstance(entry, dict):
            return None
        if (entry.get("host"), entry.get("client_id"), entry.get("scopes")) != (
            host,
            client_id,
            list(scopes),
        ):
            logger.debug("ignoring cached login %r issued for another host or client", key)
            return None
        return _token_from_entry(entry, with_refresh=True)

    def store(
        self, key: str, token: Token, *, host: str, client_id: str, scopes: Sequence[str]
    ) -> None:
        """Store ``token`` under ``key``, replacing the file atomically; hold `lock`.

        Raises:
            OSError: the file could not be written.
        """
        tokens = _read_tokens(self.path) or {}
        tokens[key] = {
            "host": host,
            "client_id": client_id,
            "scopes": list(scopes),
            "access_token": token.access_token,
            "token_type": "Bearer",
            "refresh_token": token.refresh_token,
            "expiry": None if token.expires_at is None else format_rfc3339(token.expires_at),
        }
        data = json.dumps({"version": CACHE_VERSION, "tokens": tokens}, indent=2).encode()
        _write_private(self.path, data)


def _make_private_dir(directory: Path) -> None:
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True)
        os.chmod(directory, 0o700)


def _write_private(path: Path, data: bytes) -> None:
    directory = path.parent
    _make_private_dir(directory)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".token-cache-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_cli_token(path: Path, key: str) -> Token | None:
    """Return the Databricks CLI's cached access token for ``key`` (never its refresh token)."""
    return _token_from_entry((_read_tokens(path) or {}).get(key), with_refresh=False)


def cli_has_login(path: Path, key: str) -> bool:
    """Return whether the Databricks CLI's plaintext cache holds a login for ``key``."""
    return isinstance((_read_tokens(path) or {}).get(key), dict)
