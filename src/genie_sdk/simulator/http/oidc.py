"""Workspace OAuth: discovery documents, the authorize and token endpoints, bearer checks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.clock import SimClock
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_login_code, new_secret
from genie_sdk.simulator.domain.settings import SimulatorSettings
from genie_sdk.simulator.http.login_page import login_page

__all__ = ["PUBLIC_CLIENT_ID", "OAuthProtocolError", "OidcRoutes", "ServicePrincipal", "TokenStore"]

PUBLIC_CLIENT_ID = "databricks-cli"
_CODE_TTL = 300.0
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
_SCOPES = ["all-apis", "sql", "dashboards.genie", "offline_access", "openid", "profile", "email"]


class OAuthProtocolError(Exception):
    """An OAuth error: becomes ``{"error", "error_description"}`` with ``status``."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        """The JSON error body."""
        return {"error": self.error, "error_description": self.description}


@dataclass(frozen=True)
class ServicePrincipal:
    """An OAuth client with a secret: a service principal (M2M) or a confidential U2M app."""

    client_id: str
    client_secret: str
    user_id: int


@dataclass(frozen=True)
class _Grant:
    user_id: int
    client_id: str
    scope: str
    expires_at: float


@dataclass(frozen=True)
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str
    user_id: int
    expires_at: float


class TokenStore:
    """Credentials the simulator accepts: its PAT, and the OAuth tokens it issued."""

    def __init__(self, *, clock: SimClock, settings: SimulatorSettings, pat: str, user_id: int):
        self._clock = clock
        self._settings = settings
        self.pat = pat
        self.user_id = user_id
        self.login_code = new_login_code()
        """What a person types on the login page to approve a browser (U2M) login."""
        self._lock = threading.Lock()
        self._principals: dict[str, ServicePrincipal] = {}
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._user_tokens: dict[str, int] = {}
        self.user_names: dict[int, str] = {}
        """Names of the users added with `add_user`, by user id."""
        self.tokens_issued = 0

    def add_service_principal(self, client_id: str, client_secret: str) -> ServicePrincipal:
        """Register (or replace) an OAuth client that authenticates with a secret."""
        with self._lock:
            user_id = 7_000_000_000_000_000 + len(self._principals) + 1
            principal = ServicePrincipal(client_id, client_secret, user_id)
            self._principals[client_id] = principal
        return principal

    def add_user(self, user_name: str, token: str) -> int:
        """Accept ``token`` as a personal access token of another user; returns the user id."""
        with self._lock:
            user_id = 2_000_000_000_000_000 + len(self.user_names) + 1
            self.user_names[user_id] = user_name
            self._user_tokens[token] = user_id
        return user_id

    def service_principal_of(self, user_id: int) -> str | None:
        """The client id of the service principal with this user id, if it is one."""
        with self._lock:
            for principal in self._principals.values():
                if principal.user_id == user_id:
                    return principal.client_id
        return None

    def reset(self) -> None:
        """Forget every client, code and issued token (the PAT and login code stay valid)."""
        with self._lock:
            self._user_tokens.clear()
            self.user_names.clear()
            self._principals.clear()
            self._codes.clear()
            self._access.clear()
            self._refresh.clear()
            self.tokens_issued = 0

    def authenticate(self, authorization: str | None) -> int:
        """The user id behind an ``Authorization`` header; 401 ``UNAUTHENTICATED`` otherwise."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise SimulatedApiError(
                401,
                "UNAUTHENTICATED",
                "Credential was not sent or was of an unsupported type for this API.",
            )
        token = token.strip()
        if hmac.compare_digest(token, self.pat):
            return self.user_id
        with self._lock:
            other_user = self._user_tokens.get(token)
            grant = self._access.get(token)
        if other_user is not None:
            return other_user
        if grant is None:
            raise SimulatedApiError(401, "UNAUTHENTICATED", "Invalid access token.")
        if self._clock.now() >= grant.expires_at:
            raise SimulatedApiError(401, "UNAUTHENTICATED", "The access token has expired.")
        return grant.user_id

    def authorize(
        self, query: dict[str, str], *, login_code: str | None = None, deny: bool = False
    ) -> str | None:
        """The redirect URL answering an authorize request, or ``None`` while it awaits login.

        The request is approved when auto-approve is on or ``login_code`` is right, and denied
        with ``deny``. An unknown client or unacceptable ``redirect_uri`` raises
        `OAuthProtocolError`: there is nowhere safe to redirect to.
        """
        client_id = query.get("client_id", "")
        redirect_uri = query.get("redirect_uri", "")
        if client_id != PUBLIC_CLIENT_ID and client_id not in self._principals:
            raise OAuthProtocolError(400, "invalid_client", f"Unknown client_id {client_id!r}.")
        parts = urlsplit(redirect_uri)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or (client_id == PUBLIC_CLIENT_ID and parts.hostname not in _LOOPBACK)
        ):
            raise OAuthProtocolError(
                400, "invalid_request", "redirect_uri is not allowed for this client."
            )
        error = self._authorize_error(query)
        if error:
            params = {"error": error[0], "error_description": error[1]}
        elif deny:
            params = {"error": "access_denied", "error_description": "The user denied the request."}
        elif self._settings.oauth_auto_approve or self._login_code_matches(login_code):
            params = {"code": self._new_code(query, client_id, redirect_uri)}
        else:
            return None
        if "state" in query:
            params["state"] = query["state"]
        separator = "&" if parts.query else "?"
        return f"{redirect_uri}{separator}{urlencode(params)}"

    def _login_code_matches(self, typed: str | None) -> bool:
        if not typed:
            return False
        normalized = "".join(typed.split()).replace("-", "").upper()
        return hmac.compare_digest(normalized, self.login_code.replace("-", ""))

    def _new_code(self, query: dict[str, str], client_id: str, redirect_uri: str) -> str:
        code = new_secret("code-")
        scope = " ".join(sorted(set(query.get("scope", "all-apis").split())))
        principal = self._principals.get(client_id)
        with self._lock:
            self._codes[code] = _Code(
                client_id,
                redirect_uri,
                query["code_challenge"],
                scope,
                principal.user_id if principal else self.user_id,
                self._clock.now() + _CODE_TTL,
            )
        return code

    @staticmethod
    def _authorize_error(query: dict[str, str]) -> tuple[str, str] | None:
        if query.get("response_type") != "code":
            return "unsupported_response_type", "response_type must be 'code'."
        if not query.get("code_challenge"):
            return "invalid_request", "PKCE code_challenge is required."
        if query.get("code_challenge_method") != "S256":
            return "invalid_request", "code_challenge_method must be S256."
        return None

    def token(self, form: dict[str, str], authorization: str | None) -> dict[str, Any]:
        """Handle a token request; raises `OAuthProtocolError` on failure."""
        client_id, secret = self._client_credentials(form, authorization)
        grant_type = form.get("grant_type", "")
        now = self._clock.now()
        with self._lock:
            if grant_type == "client_credentials":
                principal = self._check_secret(client_id, secret, required=True)
                assert principal is not None
                scope = " ".join(sorted(set(form.get("scope", "all-apis").split())))
                return self._issue(principal.user_id, client_id, scope, refresh=False)
            if grant_type == "authorization_code":
                self._check_secret(client_id, secret, required=client_id != PUBLIC_CLIENT_ID)
                code = self._codes.pop(form.get("code", ""), None)
                if code is None or code.expires_at <= now or code.client_id != client_id:
                    raise OAuthProtocolError(400, "invalid_grant", "Authorization code is invalid.")
                if form.get("redirect_uri") != code.redirect_uri:
                    raise OAuthProtocolError(400, "invalid_grant", "redirect_uri does not match.")
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
                if not hmac.compare_digest(challenge, code.challenge):
                    raise OAuthProtocolError(400, "invalid_grant", "PKCE verification failed.")
                refresh = "offline_access" in code.scope.split()
                return self._issue(code.user_id, client_id, code.scope, refresh=refresh)
            if grant_type == "refresh_token":
                self._check_secret(client_id, secret, required=client_id != PUBLIC_CLIENT_ID)
                grant = self._refresh.pop(form.get("refresh_token", ""), None)
                if grant is None or grant.client_id != client_id:
                    raise OAuthProtocolError(400, "invalid_grant", "Refresh token is invalid.")
                return self._issue(grant.user_id, client_id, grant.scope, refresh=True)
        raise OAuthProtocolError(
            400, "unsupported_grant_type", f"Unsupported grant_type {grant_type!r}."
        )

    def _issue(self, user_id: int, client_id: str, scope: str, *, refresh: bool) -> dict[str, Any]:
        lifetime = self._settings.token_lifetime
        access = new_secret("dsim-at-")
        self._access[access] = _Grant(user_id, client_id, scope, self._clock.now() + lifetime)
        self.tokens_issued += 1
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": int(lifetime),
            "scope": scope,
        }
        if refresh:
            token = new_secret("dsim-rt-")
            self._refresh[token] = _Grant(user_id, client_id, scope, float("inf"))
            body["refresh_token"] = token
        return body

    def _check_secret(
        self, client_id: str, secret: str | None, *, required: bool
    ) -> ServicePrincipal | None:
        principal = self._principals.get(client_id)
        if not required and principal is None and client_id == PUBLIC_CLIENT_ID:
            return None
        if (
            principal is None
            or secret is None
            or not hmac.compare_digest(secret, principal.client_secret)
        ):
            raise OAuthProtocolError(401, "invalid_client", "Client authentication failed")
        return principal

    @staticmethod
    def _client_credentials(
        form: dict[str, str], authorization: str | None
    ) -> tuple[str, str | None]:
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() == "basic":
            try:
                client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError) as exc:
                raise OAuthProtocolError(
                    401, "invalid_client", "Malformed Basic credentials."
                ) from exc
            return unquote(client_id), unquote(secret)
        return form.get("client_id", ""), form.get("client_secret")


class OidcRoutes:
    """Routes for host metadata, OAuth discovery, authorize and token."""

    def __init__(self, tokens: TokenStore, *, workspace_id: str) -> None:
        self._tokens = tokens
        self._workspace_id = workspace_id

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route("/.well-known/databricks-config", self.host_metadata, methods=["GET"]),
            Route("/oidc/.well-known/oauth-authorization-server", self.discovery, methods=["GET"]),
            Route("/oidc/jwks.json", self.jwks, methods=["GET"]),
            Route("/oidc/v1/authorize", self.authorize, methods=["GET"]),
            Route("/oidc/v1/authorize", self.submit_login, methods=["POST"]),
            Route("/oidc/v1/token", self.token, methods=["POST"]),
        ]

    async def host_metadata(self, request: Request) -> Response:
        """``GET /.well-known/databricks-config``."""
        return JSONResponse(
            {
                "oidc_endpoint": f"{_base(request)}/oidc",
                "workspace_id": self._workspace_id,
                "account_id": "00000000-0000-4000-8000-000000000000",
                "cloud": "aws",
                "host_type": "workspace",
            }
        )

    async def discovery(self, request: Request) -> Response:
        """``GET /oidc/.well-known/oauth-authorization-server`` (RFC 8414)."""
        issuer = f"{_base(request)}/oidc"
        return JSONResponse(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/v1/authorize",
                "token_endpoint": f"{issuer}/v1/token",
                "jwks_uri": f"{issuer}/jwks.json",
                "response_types_supported": ["code"],
                "grant_types_supported": [
                    "client_credentials",
                    "authorization_code",
                    "refresh_token",
                ],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                    "none",
                ],
                "scopes_supported": _SCOPES,
            }
        )

    async def jwks(self, _request: Request) -> Response:
        """``GET /oidc/jwks.json`` (tokens are opaque, so there are no keys)."""
        return JSONResponse({"keys": []})

    async def authorize(self, request: Request) -> Response:
        """``GET /oidc/v1/authorize``: the login page (or, auto-approving, back with a code)."""
        return self._answer_authorize(dict(request.query_params), login_code=None, deny=False)

    async def submit_login(self, request: Request) -> Response:
        """``POST /oidc/v1/authorize``: the login page's form, approved with the login code."""
        form = _form(await request.body())
        typed = form.pop("login_code", "")
        deny = form.pop("action", "approve") == "deny"
        return self._answer_authorize(form, login_code=typed, deny=deny)

    def _answer_authorize(
        self, query: dict[str, str], *, login_code: str | None, deny: bool
    ) -> Response:
        try:
            location = self._tokens.authorize(query, login_code=login_code, deny=deny)
        except OAuthProtocolError as exc:
            return JSONResponse(exc.body(), status_code=exc.status)
        if location is None:
            tried = login_code is not None
            page = login_page(query, wrong_code=tried)
            return HTMLResponse(page, status_code=403 if tried else 200)
        return RedirectResponse(location, status_code=302)

    async def token(self, request: Request) -> Response:
        """``POST /oidc/v1/token``: client credentials, authorization code, refresh token."""
        form = _form(await request.body())
        try:
            body = self._tokens.token(form, request.headers.get("authorization"))
        except OAuthProtocolError as exc:
            return JSONResponse(exc.body(), status_code=exc.status)
        return JSONResponse(body, headers={"Cache-Control": "no-store"})


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", "replace")))


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")
