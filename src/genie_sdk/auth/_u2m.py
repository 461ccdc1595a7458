"""OAuth U2M: a user's browser login (authorization code + PKCE) and refresh-token grants."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import httpx

from genie_sdk.auth._base import RefreshingAuth
from genie_sdk.auth._cache import TokenCache, cache_key, default_cache_path, read_cli_token
from genie_sdk.auth._cache import cli_cache_path as default_cli_cache_path
from genie_sdk.auth._errors import LoginRequiredError, OAuthError
from genie_sdk.auth._file_lock import FileLock
from genie_sdk.auth._flow import Blocking, Flow, run_sync
from genie_sdk.auth._listener import CallbackListener
from genie_sdk.auth._oidc import (
    Endpoints,
    authorization_code_request,
    authorize_url,
    discover,
    fetch_with_retry,
    normalize_scopes,
    parse_token_response,
    refresh_token_request,
)
from genie_sdk.auth._pkce import new_pkce, new_state
from genie_sdk.auth._secrets import require_credential
from genie_sdk.auth._tokens import Token

__all__ = ["DEFAULT_CLIENT_ID", "OAuthU2M", "TokenInfo"]

logger = logging.getLogger("genie_sdk.auth")

DEFAULT_CLIENT_ID = "databricks-cli"
U2M_STALE_WINDOW = 5 * 60.0


@dataclass(frozen=True)
class TokenInfo:
    """What a login produced, without the tokens themselves."""

    host: str
    profile: str | None
    expiry: datetime | None
    scopes: tuple[str, ...]
    has_refresh_token: bool


def _stale_window(_token: Token) -> float:
    return U2M_STALE_WINDOW


def _is_newer(cached: Token, previous: Token | None) -> bool:
    if previous is None:
        return True
    if cached.access_token == previous.access_token:
        return False
    return (cached.expires_at or 0.0) > (previous.expires_at or 0.0)


def _open_in_browser(open_browser: Callable[[str], object], url: str) -> None:
    try:
        opened = open_browser(url)
    except Exception:
        opened = False
    if opened is False:
        sys.stderr.write(f"continue the authentication in your browser: {url}\n")


class OAuthU2M(RefreshingAuth):
    """Authenticate as a user who logged in with a browser (OAuth U2M).

    Tokens come from our token cache (or, read-only, from the Databricks CLI's plaintext cache)
    and are refreshed with the refresh token; rotated refresh tokens are saved at once. A browser
    is opened only by `login`, or on demand when ``interactive`` is true; otherwise a missing
    or revoked login raises `LoginRequiredError`.

    Args:
        host: Workspace URL.
        client_id: OAuth app id; ``databricks-cli`` (public, port 8020 only) or your own app.
        client_secret: Secret of a confidential custom app.
        scopes: Scopes to request; ``offline_access`` is added to obtain a refresh token.
        redirect_port: Port of the loopback redirect listener (``0`` picks a free port).
        cache_path: Our token cache file (default ``~/.config/genie-sdk/token-cache.json``).
        open_browser: Called with the login URL; return ``False`` (or raise) to have it printed.
        profile: Config profile name; keys the cache entry when given.
        interactive: Start the browser login by itself when no usable token exists.
        offline_access: Request ``offline_access`` (a refresh token).
        discovery_url: Explicit OAuth discovery document URL.
        cli_cache_path: The Databricks CLI's plaintext cache, read only
            (default ``~/.databricks/token-cache.json``).
        clock: Wall clock in epoch seconds.
        http_timeout: Timeout of token requests, in seconds.
        login_timeout: How long to wait for the browser login, in seconds.
    """

    auth_type = "external-browser"

    def __init__(
        self,
        *,
        host: str,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str | None = None,
        scopes: str | Sequence[str] = ("all-apis",),
        redirect_port: int = 8020,
        cache_path: str | os.PathLike[str] | None = None,
        open_browser: Callable[[str], object] = webbrowser.open,
        profile: str | None = None,
        interactive: bool = False,
        offline_access: bool = True,
        discovery_url: str | None = None,
        cli_cache_path: str | os.PathLike[str] | None = None,
        clock: Callable[[], float] = time.time,
        http_timeout: float = 30.0,
        login_timeout: float = 3600.0,
    ) -> None:
        super().__init__(host=host, clock=clock, stale_window=_stale_window, load=self._load)
        self._url = self.bind(host)
        self._client_id = require_credential("external-browser: client_id", client_id)
        self._client_secret = (
            require_credential("external-browser: client_secret", client_secret)
            if client_secret
            else None
        )
        self._scopes = normalize_scopes(scopes)
        self._redirect_port = redirect_port
        self._cache = TokenCache(Path(cache_path) if cache_path else default_cache_path())
        self._cli_cache = Path(cli_cache_path) if cli_cache_path else default_cli_cache_path()
        self._open_browser = open_browser
        self._profile = profile
        self._interactive = interactive
        self._offline_access = offline_access
        self._discovery_url = discovery_url
        self._clock = clock
        self._http_timeout = http_timeout
        self._login_timeout = login_timeout
        self._key = cache_key(
            host=self._url, client_id=self._client_id, scopes=self._scopes, profile=profile
        )

    def __repr__(self) -> str:
        secret = "***" if self._client_secret else None
        return (
            f"OAuthU2M(host={self._url!r}, client_id={self._client_id!r}, "
            f"client_secret={secret}, profile={self._profile!r})"
        )

    def login(self, http_client: httpx.Client | None = None) -> TokenInfo:
        """Run the browser login now, cache the tokens and return what was obtained."""
        with contextlib.ExitStack() as stack:
            client = http_client or stack.enter_context(httpx.Client(timeout=self._http_timeout))
            token = run_sync(self._browser_login(), client)
        self._cell.put(token)
        expiry = None
        if token.expires_at is not None:
            expiry = datetime.fromtimestamp(token.expires_at, tz=timezone.utc)
        return TokenInfo(
            host=self._url,
            profile=self._profile,
            expiry=expiry,
            scopes=self._scopes,
            has_refresh_token=token.refresh_token is not None,
        )

    def _load(self) -> Token | None:
        cached = self._cache.load(
            self._key, host=self._url, client_id=self._client_id, scopes=self._scopes
        )
        if cached is not None or self._client_id != DEFAULT_CLIENT_ID:
            return cached
        keys = [key for key in (self._profile, self._url) if key]
        return next((t for k in keys if (t := read_cli_token(self._cli_cache, k))), None)

    def _login_hint(self) -> str:
        target = f"--profile {self._profile}" if self._profile else f"--host {self._url}"
        return f"log in with `genie auth login {target}` (or genie_sdk.auth.login())"

    def _fetch_token(self, previous: Token | None, /) -> Flow[Token]:
        lock = yield from self._lock_cache()
        try:
            token = yield from self._refresh_newest(previous)
        finally:
            if lock is not None:
                lock.release()
        if token is not None:
            return token
        if not self._interactive:
            raise LoginRequiredError(
                f"external-browser: no valid login cached for {self._url}; {self._login_hint()}"
            )
        return (yield from self._browser_login())

    def _refresh_newest(self, previous: Token | None) -> Flow[Token | None]:
        """With the cache locked: take a login another process refreshed since ``previous``, or
        redeem the newest refresh token; ``None`` if there is none (or it is revoked and a
        browser login may follow)."""
        cached = self._cache.load(
            self._key, host=self._url, client_id=self._client_id, scopes=self._scopes
        )
        newest = previous
        if cached is not None and _is_newer(cached, previous):
            if cached.expires_at is None or self._clock() < cached.expires_at - U2M_STALE_WINDOW:
                logger.debug("external-browser: using the login another process refreshed")
                return cached
            newest = cached
        if newest is None or not newest.refresh_token:
            return None
        try:
            return (yield from self._redeem_refresh_token(newest.refresh_token))
        except LoginRequiredError:
            if not self._interactive:
                raise
            return None

    def _lock_cache(self) -> Flow[FileLock | None]:
        try:
            return (yield from self._cache.lock())
        except OSError as exc:
            logger.warning(
                "external-browser: could not lock the token cache %s, continuing without: %s",
                self._cache.path,
                exc.strerror or exc,
            )
            return None

    def _redeem_refresh_token(self, refresh_token: str) -> Flow[Token]:
        endpoints = yield from self._discover()
        issued_at = self._clock()
        request = refresh_token_request(
            endpoints,
            refresh_token=refresh_token,
            client_id=self._client_id,
            client_secret=self._client_secret,
            timeout=self._http_timeout,
        )
        response = yield from fetch_with_retry(request)
        try:
            token = parse_token_response(
                response,
                method=self.auth_type,
                issued_at=issued_at,
                sent_secrets=(refresh_token, self._client_secret),
            )
        except OAuthError as exc:
            if exc.error != "invalid_grant":
                raise
            raise LoginRequiredError(
                f"{exc}; the login has expired or was revoked: {self._login_hint()}",
                error=exc.error,
            ) from None
        if token.refresh_token is None:
            token = replace(token, refresh_token=refresh_token)
        self._persist(token)
        logger.debug("external-browser: refreshed the token for %s", self._url)
        return token

    def _browser_login(self) -> Flow[Token]:
        endpoints = yield from self._discover()
        pkce, state = new_pkce(), new_state()
        scopes = (*self._scopes, "offline_access") if self._offline_access else self._scopes
        listener = CallbackListener(self._redirect_port, state)
        try:
            redirect_uri = f"http://localhost:{listener.port}"
            url = authorize_url(
                endpoints,
                client_id=self._client_id,
                redirect_uri=redirect_uri,
                scopes=normalize_scopes(scopes),
                state=state,
                code_challenge=pkce.challenge,
            )
            yield Blocking(partial(_open_in_browser, self._open_browser, url))
            callback = yield Blocking(partial(listener.wait, self._login_timeout))
        finally:
            listener.close()
        if callback.code is None:
            raise OAuthError(f"external-browser: {callback.error}")
        issued_at = self._clock()
        request = authorization_code_request(
            endpoints,
            code=callback.code,
            redirect_uri=redirect_uri,
            code_verifier=pkce.verifier,
            client_id=self._client_id,
            client_secret=self._client_secret,
            timeout=self._http_timeout,
        )
        response = yield from fetch_with_retry(request)
        token = parse_token_response(
            response,
            method=self.auth_type,
            issued_at=issued_at,
            sent_secrets=(callback.code, pkce.verifier, self._client_secret),
        )
        lock = yield from self._lock_cache()
        try:
            self._persist(token)
        finally:
            if lock is not None:
                lock.release()
        logger.debug("external-browser: logged in to %s", self._url)
        return token

    def _discover(self) -> Flow[Endpoints]:
        return discover(
            self._url,
            method=self.auth_type,
            discovery_url=self._discovery_url,
            timeout=self._http_timeout,
        )

    def _persist(self, token: Token) -> None:
        """Save ``token`` at once (a rotated refresh token replaces the old one); hold the lock."""
        try:
            self._cache.store(
                self._key, token, host=self._url, client_id=self._client_id, scopes=self._scopes
            )
        except OSError as exc:
            logger.warning(
                "external-browser: could not save the login to %s: %s",
                self._cache.path,
                exc.strerror or exc,
            )
