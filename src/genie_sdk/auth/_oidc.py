"""Databricks OAuth endpoints: discovery, token requests and token responses.

Requests are built and responses parsed by pure functions; `discover` and
`fetch_with_retry` are flows (see `genie_sdk.auth._flow`) that yield them.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from genie_sdk.auth._destinations import may_receive_credentials, shown_endpoint
from genie_sdk.auth._errors import OAuthError
from genie_sdk.auth._flow import Fetch, Flow, Sleep
from genie_sdk.auth._tokens import Token
from genie_sdk.errors import ConfigurationError

__all__ = [
    "Endpoints",
    "authorization_code_request",
    "authorize_url",
    "client_credentials_request",
    "discover",
    "fetch_with_retry",
    "normalize_scopes",
    "parse_token_response",
    "refresh_token_request",
    "retry_delay",
]

logger = logging.getLogger("genie_sdk.auth")

DISCOVERY_TIMEOUT = 10.0
TOKEN_RETRY_BUDGET = 60.0
RETRYABLE_STATUS = frozenset({429, 502, 503, 504})
MIN_RETRY_DELAY = 0.5
"""No token request is repeated sooner than this, whatever ``Retry-After`` says."""
MAX_BACKOFF = 10.0


@dataclass(frozen=True)
class Endpoints:
    """The OAuth endpoints of a workspace."""

    authorization_endpoint: str
    token_endpoint: str


_discovered: dict[tuple[str, str | None], Endpoints] = {}
_discovered_lock = threading.Lock()


def normalize_scopes(scopes: str | Sequence[str] | None) -> tuple[str, ...]:
    """Split comma- or space-separated scopes, de-duplicate and sort them; default ``all-apis``."""
    items = scopes.replace(",", " ").split() if isinstance(scopes, str) else list(scopes or ())
    cleaned = sorted({s.strip() for s in items if s.strip()})
    return tuple(cleaned) or ("all-apis",)


def _get(url: str, timeout: float) -> httpx.Request:
    return httpx.Request(
        "GET",
        url,
        headers={"Accept": "application/json"},
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )


def _post_form(
    url: str, form: Mapping[str, str], timeout: float, basic: tuple[str, str] | None = None
) -> httpx.Request:
    headers = {"Accept": "application/json"}
    if basic is not None:
        pair = f"{basic[0]}:{basic[1]}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    return httpx.Request(
        "POST",
        url,
        data=dict(form),
        headers=headers,
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _parse_metadata(response: httpx.Response) -> Endpoints | None:
    if response.status_code != 200:
        return None
    body = _json_object(response) or {}
    authorize, token = body.get("authorization_endpoint"), body.get("token_endpoint")
    if not (_is_url(authorize) and _is_url(token)):
        return None
    return Endpoints(authorization_endpoint=str(authorize), token_endpoint=str(token))


def _require_trusted(url: str, what: str, host: str, method: str) -> None:
    """Refuse an endpoint that is neither on the workspace nor on its Databricks accounts host."""
    if not may_receive_credentials(url, host):
        raise ConfigurationError(
            f"{method}: refusing to send credentials to {shown_endpoint(url)}: the {what} named "
            f"by OAuth discovery is neither on the workspace ({host}) nor on its Databricks "
            "accounts host (https)"
        )


def _retry_after(header: str, now: float) -> float | None:
    """Seconds a ``Retry-After`` value asks for; ``None`` if it is no finite, non-negative number
    or HTTP date."""
    try:
        seconds = float(header)
    except ValueError:
        try:
            return max(parsedate_to_datetime(header).timestamp() - now, 0.0)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def retry_delay(response: httpx.Response, attempt: int, now: float) -> float | None:
    """Return seconds to wait before retrying a token request, or ``None`` if it is final.

    429, 502, 503 and 504 are retried after ``Retry-After`` (seconds or HTTP date) or, when it
    is absent or unusable (``nan``, negative, garbage), an exponential back-off (1, 2, 4, ...
    capped at 10 s). Never sooner than ``MIN_RETRY_DELAY``.
    """
    if response.status_code not in RETRYABLE_STATUS:
        return None
    header = response.headers.get("Retry-After", "").strip()
    asked = _retry_after(header, now) if header else None
    delay = asked if asked is not None else float(min(2**attempt, MAX_BACKOFF))
    return max(delay, MIN_RETRY_DELAY)


def fetch_with_retry(
    request: httpx.Request, *, budget: float = TOKEN_RETRY_BUDGET, attempts: int = 10
) -> Flow[httpx.Response]:
    """Send ``request``, retrying throttled or unavailable answers within ``budget`` seconds."""
    waited, attempt = 0.0, 0
    while True:
        response: httpx.Response = yield Fetch(request)
        delay = retry_delay(response, attempt, time.time())
        attempt += 1
        if delay is None or attempt >= attempts or waited + delay > budget:
            return response
        logger.debug("token endpoint answered %s; retrying in %.1f s", response.status_code, delay)
        yield Sleep(delay)
        waited += delay


def discover(
    host: str, *, method: str, discovery_url: str | None = None, timeout: float = DISCOVERY_TIMEOUT
) -> Flow[Endpoints]:
    """Find the OAuth endpoints of ``host``; the result is cached per host for the process.

    Tries ``/.well-known/databricks-config``, then ``/oidc/.well-known/oauth-authorization-server``,
    then assumes ``/oidc/v1/authorize`` and ``/oidc/v1/token``. An explicit ``discovery_url`` is
    used alone. The endpoints found must be on the workspace origin or on its accounts host.

    Raises:
        OAuthError: the host does not support Databricks OAuth, or ``discovery_url`` is unusable.
        ConfigurationError: discovery named an endpoint elsewhere (the message names it).
    """
    key = (host, discovery_url)
    with _discovered_lock:
        cached = _discovered.get(key)
    if cached is not None:
        return cached
    timeout = min(timeout, DISCOVERY_TIMEOUT)
    if discovery_url is not None:
        response = yield from fetch_with_retry(_get(discovery_url, timeout), budget=5, attempts=3)
        endpoints = _parse_metadata(response)
        if endpoints is None:
            raise OAuthError(
                f"{method}: discovery URL answered HTTP {response.status_code} without usable "
                "authorization_endpoint and token_endpoint"
            )
    else:
        oidc = f"{host}/oidc"
        config = yield Fetch(_get(f"{host}/.well-known/databricks-config", timeout))
        announced = (_json_object(config) or {}).get("oidc_endpoint") if config.is_success else None
        if _is_url(announced):
            oidc = str(announced).rstrip("/")
            _require_trusted(oidc, "oidc_endpoint", host, method)
        response = yield from fetch_with_retry(
            _get(f"{oidc}/.well-known/oauth-authorization-server", timeout), budget=5, attempts=3
        )
        if response.status_code == 404:
            raise OAuthError(f"{method}: Databricks OAuth is not supported for this host ({host})")
        endpoints = _parse_metadata(response) or Endpoints(
            f"{oidc}/v1/authorize", f"{oidc}/v1/token"
        )
    _require_trusted(endpoints.token_endpoint, "token_endpoint", host, method)
    _require_trusted(endpoints.authorization_endpoint, "authorization_endpoint", host, method)
    logger.debug("%s: OAuth token endpoint for %s is %s", method, host, endpoints.token_endpoint)
    with _discovered_lock:
        _discovered[key] = endpoints
    return endpoints


def clear_discovery_cache() -> None:
    """Forget every discovered endpoint (used by tests)."""
    with _discovered_lock:
        _discovered.clear()


def client_credentials_request(
    endpoints: Endpoints,
    *,
    client_id: str,
    client_secret: str,
    scopes: Sequence[str],
    timeout: float,
) -> httpx.Request:
    """Build the M2M ``client_credentials`` token request (client authenticated with Basic)."""
    form = {"grant_type": "client_credentials", "scope": " ".join(scopes)}
    return _post_form(endpoints.token_endpoint, form, timeout, basic=(client_id, client_secret))


def authorize_url(
    endpoints: Endpoints,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: Sequence[str],
    state: str,
    code_challenge: str,
) -> str:
    """Build the URL that starts the user's browser login (authorization code with PKCE S256)."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in endpoints.authorization_endpoint else "?"
    return f"{endpoints.authorization_endpoint}{separator}{query}"


def authorization_code_request(
    endpoints: Endpoints,
    *,
    code: str,
    redirect_uri: str,
    code_verifier: str,
    client_id: str,
    client_secret: str | None,
    timeout: float,
) -> httpx.Request:
    """Build the request that exchanges an authorization code for tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
        "client_id": client_id,
    }
    basic = (client_id, client_secret) if client_secret else None
    return _post_form(endpoints.token_endpoint, form, timeout, basic=basic)


def refresh_token_request(
    endpoints: Endpoints,
    *,
    refresh_token: str,
    client_id: str,
    client_secret: str | None,
    timeout: float,
) -> httpx.Request:
    """Build the ``refresh_token`` grant request."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}
    basic = (client_id, client_secret) if client_secret else None
    return _post_form(endpoints.token_endpoint, form, timeout, basic=basic)


def _expires_in(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def parse_token_response(
    response: httpx.Response,
    *,
    method: str,
    issued_at: float,
    sent_secrets: Sequence[str | None] = (),
) -> Token:
    """Turn a token endpoint response into a `Token`.

    ``sent_secrets`` (client secret, refresh token, code, verifier) are masked in an error text
    the server may have echoed them in.

    Raises:
        OAuthError: the endpoint answered an error (``<error>: <error_description>``) or no token.
    """
    body = _json_object(response)
    if response.status_code == 200 and body and isinstance(body.get("access_token"), str):
        expires_in = _expires_in(body.get("expires_in"))
        refresh = body.get("refresh_token")
        return Token(
            access_token=body["access_token"],
            expires_at=None if expires_in is None else issued_at + expires_in,
            issued_at=issued_at,
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
        )
    body = body or {}
    error = body.get("error") or body.get("errorCode")
    description = body.get("error_description") or body.get("errorSummary")
    if isinstance(error, str) and error:
        detail = (
            f"{error}: {description}" if isinstance(description, str) and description else error
        )
        for secret in filter(None, sent_secrets):
            detail, error = detail.replace(secret, "***"), error.replace(secret, "***")
        raise OAuthError(f"{method}: {detail}", error=error)
    raise OAuthError(
        f"{method}: token endpoint answered HTTP {response.status_code} without a token"
    )
