"""Authentication: configuration resolution and ``httpx.Auth`` providers for Databricks.

`resolve_config` finds the workspace host and credentials like the Databricks CLI and SDKs
(arguments, ``DATABRICKS_*`` environment variables, ``~/.databrickscfg`` profiles). Every provider
is an ``httpx.Auth`` usable with ``httpx.Client`` and ``httpx.AsyncClient`` that sends credentials
to the workspace origin only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Each provider is imported on first use (PEP 562): a client given a token never loads the OAuth
# flows. Type checkers and editors read the imports below.
if TYPE_CHECKING:
    from genie_sdk.auth._base import BearerAuth
    from genie_sdk.auth._bearer import PAT, BearerToken, TokenProvider, forwarded_user_auth
    from genie_sdk.auth._cli import DatabricksCliAuth
    from genie_sdk.auth._config import ResolvedConfig, resolve_config
    from genie_sdk.auth._errors import LoginRequiredError, OAuthError
    from genie_sdk.auth._login import get_token, login
    from genie_sdk.auth._m2m import OAuthM2M
    from genie_sdk.auth._profiles import ProfileInfo, list_profiles
    from genie_sdk.auth._u2m import OAuthU2M, TokenInfo

_MODULES = {
    "PAT": "_bearer",
    "BearerAuth": "_base",
    "BearerToken": "_bearer",
    "DatabricksCliAuth": "_cli",
    "LoginRequiredError": "_errors",
    "OAuthError": "_errors",
    "OAuthM2M": "_m2m",
    "OAuthU2M": "_u2m",
    "ProfileInfo": "_profiles",
    "ResolvedConfig": "_config",
    "TokenInfo": "_u2m",
    "TokenProvider": "_bearer",
    "forwarded_user_auth": "_bearer",
    "get_token": "_login",
    "list_profiles": "_profiles",
    "login": "_login",
    "resolve_config": "_config",
}
"""Where each public name lives, relative to this package."""

__all__ = [
    "PAT",
    "BearerAuth",
    "BearerToken",
    "DatabricksCliAuth",
    "LoginRequiredError",
    "OAuthError",
    "OAuthM2M",
    "OAuthU2M",
    "ProfileInfo",
    "ResolvedConfig",
    "TokenInfo",
    "TokenProvider",
    "forwarded_user_auth",
    "get_token",
    "list_profiles",
    "login",
    "resolve_config",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
