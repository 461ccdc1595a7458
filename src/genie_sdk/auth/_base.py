"""The base of every genie-sdk auth provider: bearer header, origin check, 401 replay."""

from __future__ import annotations

import abc
import copy
import logging
import threading
from collections.abc import AsyncGenerator, Callable, Generator
from typing import ClassVar

import httpx

from genie_sdk._host import normalize_host
from genie_sdk.auth._errors import OAuthError
from genie_sdk.auth._flow import Flow, drive_async, drive_sync, run_sync
from genie_sdk.auth._secrets import credential_problem
from genie_sdk.auth._tokens import Refresh, Token, TokenCell, Use, default_stale_window
from genie_sdk.errors import ConfigurationError

__all__ = ["BearerAuth", "RefreshingAuth"]

logger = logging.getLogger("genie_sdk.auth")

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _send_once(request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
    yield request


async def _send_once_async(
    request: httpx.Request,
) -> AsyncGenerator[httpx.Request, httpx.Response]:
    yield request


class BearerAuth(httpx.Auth, abc.ABC):
    """Send ``Authorization: Bearer <token>`` to the workspace origin only.

    The workspace is ``host`` when given; otherwise the provider binds to the origin of the first
    request it authenticates (the client binds it to the configured host). Requests to any other
    scheme, host or port are sent without credentials.
    """

    auth_type: ClassVar[str]
    _replays_on_401: ClassVar[bool] = False
    """Whether `_replacement` may return a token, so the request body must be replayable."""

    def __init__(self, *, host: str | None = None) -> None:
        self._host: str | None = None
        self._bound_origin: tuple[str, str, int | None] | None = None
        self._bind_lock = threading.Lock()
        if host is not None:
            self.bind(host)

    @property
    def host(self) -> str | None:
        """The workspace URL this provider sends credentials to, once known."""
        return self._host

    def bind(self, host: str) -> str:
        """Restrict the credentials to ``host`` (a workspace URL) and return its normalised URL.

        Raises:
            ConfigurationError: the provider is already bound to another host.
        """
        try:
            url = normalize_host(host).url
        except ValueError as exc:
            raise ConfigurationError(f"{self.auth_type}: {exc}") from None
        with self._bind_lock:
            if self._host is None:
                self._bound_origin = _origin(httpx.URL(url))
                self._host = url
        if self._host != url:
            raise ConfigurationError(
                f"{self.auth_type}: this provider is bound to {self._host}, not to {url}"
            )
        return url

    def _sends_credentials_to(self, request: httpx.Request) -> bool:
        if self._bound_origin is None:
            self.bind(f"{request.url.scheme}://{request.url.netloc.decode()}")
        return _origin(request.url) == self._bound_origin

    @abc.abstractmethod
    def _token(self) -> Flow[Token]:
        """Return the token to send (a flow: it may fetch one)."""

    def _replacement(self, _rejected: Token, /) -> Flow[Token | None]:
        """Return a token to replay with after a 401 answer to the given one (static: none)."""
        yield from ()
        return None

    def _flow(self, request: httpx.Request) -> Flow[None]:
        if not self._sends_credentials_to(request):
            logger.debug("%s: no credentials for a request to another origin", self.auth_type)
            yield request
            return
        token = yield from self._token()
        request.headers["Authorization"] = f"Bearer {token.access_token}"
        response: httpx.Response = yield request
        if response.status_code != 401:
            return
        fresh = yield from self._replacement(token)
        if fresh is None or fresh.access_token == token.access_token:
            return
        logger.debug("%s: token rejected with 401; retrying once with a new token", self.auth_type)
        request.headers["Authorization"] = f"Bearer {fresh.access_token}"
        yield request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Authenticate ``request`` (blocking; used by sync clients)."""
        return drive_sync(self._flow(request))

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Authenticate ``request`` for ``httpx.Client``."""
        if self._stamp_fixed_token(request):
            return _send_once(request)
        replayable = request if self._replays_on_401 else None
        return drive_sync(self._flow(request), replayable=replayable)

    def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Authenticate ``request`` for ``httpx.AsyncClient`` without blocking the event loop."""
        if self._stamp_fixed_token(request):
            return _send_once_async(request)
        replayable = request if self._replays_on_401 else None
        return drive_async(self._flow(request), replayable=replayable)

    def _fixed_token(self) -> Token | None:
        """The token, when no flow can change it (static providers); ``None`` otherwise."""
        return None

    def _stamp_fixed_token(self, request: httpx.Request) -> bool:
        """Do what `_flow` does for a fixed token to the workspace without running a flow:
        set its header (a 401 answer has no replacement to replay with). ``False`` when the
        flow is needed."""
        token = self._fixed_token()
        if token is None or not self._sends_credentials_to(request):
            return False
        request.headers["Authorization"] = f"Bearer {token.access_token}"
        return True

    def access_token(self, http_client: httpx.Client) -> str:
        """Return a current access token, fetching one with ``http_client`` if needed."""
        return run_sync(self._token(), http_client).access_token


class RefreshingAuth(BearerAuth):
    """A provider whose tokens expire: one refresh at a time, refresh ahead, replay once on 401."""

    _replays_on_401 = True

    def __init__(
        self,
        *,
        host: str | None,
        clock: Callable[[], float],
        stale_window: Callable[[Token], float] = default_stale_window,
        load: Callable[[], Token | None] | None = None,
    ) -> None:
        super().__init__(host=host)
        self._cell = TokenCell(clock=clock, stale_window=stale_window, load=load)

    @abc.abstractmethod
    def _fetch_token(self, previous: Token | None, /) -> Flow[Token]:
        """Obtain a new token; ``previous`` is the current one (possibly expired), if any."""

    def _token(self) -> Flow[Token]:
        while True:
            step = self._cell.acquire()
            if isinstance(step, Use):
                return step.token
            if isinstance(step, Refresh):
                return (yield from self._refresh(step))
            yield step
            if step.flight.token is not None:
                return step.flight.token
            if step.flight.error is not None:
                raise copy.copy(step.flight.error) from step.flight.error

    def _refresh(self, step: Refresh) -> Flow[Token]:
        try:
            token = yield from self._fetch_token(step.previous)
            problem = credential_problem(token.access_token)
            if problem is not None:
                raise OAuthError(f"{self.auth_type}: the new access token {problem}; not sent")
        except Exception as exc:
            self._cell.fail(step.flight, exc)
            if step.fallback is None:
                raise
            logger.warning(
                "%s: token refresh failed; using the current token: %s", self.auth_type, exc
            )
            return step.fallback
        except BaseException:
            self._cell.abandon(step.flight)
            raise
        self._cell.complete(step.flight, token)
        if token.expires_at is not None and token.issued_at is not None:
            lifetime = token.expires_at - token.issued_at
            logger.debug("%s: new token valid for %.0f s", self.auth_type, lifetime)
        return token

    def _replacement(self, rejected: Token, /) -> Flow[Token | None]:
        self._cell.invalidate(rejected)
        return (yield from self._token())
