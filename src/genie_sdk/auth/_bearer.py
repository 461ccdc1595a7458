"""Providers for tokens the caller already has: PATs, static bearer tokens, token callables."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from genie_sdk.auth._base import BearerAuth, RefreshingAuth
from genie_sdk.auth._flow import Blocking, Flow
from genie_sdk.auth._secrets import require_credential
from genie_sdk.auth._tokens import Token
from genie_sdk.errors import ConfigurationError

__all__ = ["PAT", "BearerToken", "TokenProvider", "forwarded_user_auth"]

FORWARDED_HEADER = "X-Forwarded-Access-Token"


class _StaticToken(BearerAuth):
    def __init__(self, token: str, *, host: str | None = None) -> None:
        if not isinstance(token, str) or not token.strip():
            raise ValueError("token must be a non-empty string")
        super().__init__(host=host)
        self._value = Token(access_token=require_credential(f"{self.auth_type}: the token", token))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token=***)"

    def _token(self) -> Flow[Token]:
        yield from ()
        return self._value

    def _fixed_token(self) -> Token:
        return self._value


class PAT(_StaticToken):
    """Authenticate with a Databricks personal access token.

    Args:
        token: The token (``dapi...``).
        host: Workspace URL the token may be sent to; defaults to the client's host.
    """

    auth_type = "pat"


class BearerToken(_StaticToken):
    """Authenticate with a bearer token the caller obtained elsewhere.

    For example a Databricks App user's ``X-Forwarded-Access-Token`` (see
    `forwarded_user_auth`) or an Azure Entra ID token. The token is never refreshed.
    """

    auth_type = "bearer"


class TokenProvider(RefreshingAuth):
    """Authenticate with tokens returned by ``get_token``, a synchronous callable.

    ``get_token`` returns either a token string, which is used for one request and not cached, or
    a ``(token, expires_on)`` pair, with ``expires_on`` in epoch seconds or an aware ``datetime``,
    which is cached until 40 s before its expiry (an ``azure.identity`` ``AccessToken`` is such a
    pair). One call runs at a time; async clients call it in a worker thread. A 401 answer
    triggers one more call and one replay.
    """

    auth_type = "token-provider"

    def __init__(
        self,
        get_token: Callable[[], Any],
        *,
        host: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not callable(get_token):
            raise TypeError("get_token must be a callable returning a token")
        super().__init__(host=host, clock=clock)
        self._get_token = get_token
        self._clock = clock

    def __repr__(self) -> str:
        name = getattr(self._get_token, "__qualname__", type(self._get_token).__name__)
        return f"TokenProvider(get_token={name})"

    def _fetch_token(self, _previous: Token | None, /) -> Flow[Token]:
        issued_at = self._clock()
        result = yield Blocking(self._get_token)
        pair = isinstance(result, tuple) and len(result) == 2
        value, expires_on = (result[0], result[1]) if pair else (result, None)
        if not isinstance(value, str) or not value.strip():
            raise TypeError("TokenProvider: get_token must return a non-empty token string")
        if isinstance(expires_on, datetime):
            expires_at = expires_on.timestamp()
        elif isinstance(expires_on, (int, float)) and not isinstance(expires_on, bool):
            expires_at = float(expires_on)
        else:
            expires_at = issued_at
        return Token(access_token=value.strip(), expires_at=expires_at, issued_at=issued_at)


def forwarded_user_auth(headers: Mapping[str, str]) -> BearerToken:
    """Authenticate as the Databricks App user who sent a request (on-behalf-of-user).

    Reads ``X-Forwarded-Access-Token`` (any case) from the incoming request's ``headers``. Use the
    result for that request only; it ignores the app's own client id and secret.

    Raises:
        ConfigurationError: the header is absent (user authorization is not enabled for the app).
    """
    wanted = FORWARDED_HEADER.lower()
    value = next((v for k, v in headers.items() if k.lower() == wanted and v.strip()), None)
    if value is None:
        raise ConfigurationError(
            f"the request has no {FORWARDED_HEADER} header: enable user authorization for "
            "the Databricks App and add the scopes Genie needs (dashboards.genie, sql), or use "
            "the app's service principal (DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET) instead"
        )
    return BearerToken(value)
