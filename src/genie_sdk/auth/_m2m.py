"""OAuth M2M: a service principal's client credentials."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from genie_sdk.auth._base import RefreshingAuth
from genie_sdk.auth._flow import Flow
from genie_sdk.auth._oidc import (
    client_credentials_request,
    discover,
    fetch_with_retry,
    normalize_scopes,
    parse_token_response,
)
from genie_sdk.auth._secrets import require_credential
from genie_sdk.auth._tokens import Token

__all__ = ["OAuthM2M"]


class OAuthM2M(RefreshingAuth):
    """Authenticate as a service principal with OAuth client credentials (M2M).

    Tokens (one hour) are requested from the workspace's discovered token endpoint with HTTP Basic
    client authentication, counted as expired 40 s early and refreshed ahead of expiry; one request
    at a time fetches a token, across threads and asyncio tasks.

    Args:
        client_id: The service principal's application id.
        client_secret: Its OAuth secret.
        host: Workspace URL.
        scopes: Scopes to request (default ``all-apis``).
        discovery_url: Explicit OAuth discovery document URL.
        clock: Wall clock in epoch seconds.
        http_timeout: Timeout of discovery and token requests, in seconds.
    """

    auth_type = "oauth-m2m"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        host: str,
        scopes: str | Sequence[str] = ("all-apis",),
        discovery_url: str | None = None,
        clock: Callable[[], float] = time.time,
        http_timeout: float = 30.0,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("client_id and client_secret must be non-empty")
        super().__init__(host=host, clock=clock)
        self._url = self.bind(host)
        self._client_id = require_credential("oauth-m2m: client_id", client_id)
        self._client_secret = require_credential("oauth-m2m: client_secret", client_secret)
        self._scopes = normalize_scopes(scopes)
        self._discovery_url = discovery_url
        self._clock = clock
        self._http_timeout = http_timeout

    def __repr__(self) -> str:
        return f"OAuthM2M(host={self._url!r}, client_id={self._client_id!r}, client_secret=***)"

    def _fetch_token(self, _previous: Token | None, /) -> Flow[Token]:
        endpoints = yield from discover(
            self._url,
            method=self.auth_type,
            discovery_url=self._discovery_url,
            timeout=self._http_timeout,
        )
        issued_at = self._clock()
        request = client_credentials_request(
            endpoints,
            client_id=self._client_id,
            client_secret=self._client_secret,
            scopes=self._scopes,
            timeout=self._http_timeout,
        )
        response = yield from fetch_with_retry(request)
        return parse_token_response(
            response,
            method=self.auth_type,
            issued_at=issued_at,
            sent_secrets=(self._client_secret,),
        )
