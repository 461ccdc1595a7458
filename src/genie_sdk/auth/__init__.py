"""Authentication: configuration resolution and ``httpx.Auth`` providers for Databricks.

`resolve_config` finds the workspace host and credentials like the Databricks CLI and SDKs
(arguments, ``DATABRICKS_*`` environment variables, ``~/.databrickscfg`` profiles). Every provider
is an ``httpx.Auth`` usable with ``httpx.Client`` and ``httpx.AsyncClient`` that sends credentials
to the workspace origin only.
"""

from __future__ import annotations

from genie_sdk.auth._base import BearerAuth
from genie_sdk.auth._bearer import PAT, BearerToken, TokenProvider, forwarded_user_auth
from genie_sdk.auth._cli import DatabricksCliAuth
from genie_sdk.auth._config import ResolvedConfig, resolve_config
from genie_sdk.auth._errors import LoginRequiredError, OAuthError
from genie_sdk.auth._login import get_token, login
from genie_sdk.auth._m2m import OAuthM2M
from genie_sdk.auth._profiles import ProfileInfo, list_profiles
from genie_sdk.auth._u2m import OAuthU2M, TokenInfo

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
