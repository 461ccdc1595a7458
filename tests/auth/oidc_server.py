"""A small Databricks-like OAuth server on 127.0.0.1 for the auth tests.

Serves discovery (whose endpoints a test may point elsewhere), ``/oidc/v1/authorize`` (auto-approves: 302 back to the redirect URI),
``/oidc/v1/token`` (client credentials, authorization code with PKCE, refresh with rotation) and a
protected ``/api/2.0/genie/spaces`` that checks the bearer token. It counts what it receives.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "sp-client-id"
CLIENT_SECRET = "sp-secret-value-123"
PUBLIC_CLIENT = "databricks-cli"


@dataclass
class Scripted:
    """A canned token endpoint answer."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str


class OidcServer:
    """The server state; ``url`` is ``http://127.0.0.1:<port>``."""

    def __init__(
        self,
        *,
        databricks_config: bool = False,
        metadata: bool | int = True,
        token_lifetime: int = 3600,
    ) -> None:
        self.databricks_config = databricks_config
        self.metadata = metadata
        self.token_lifetime = token_lifetime
        self.token_delay = 0.0
        self.rotate_refresh_tokens = True
        self.authorize_error: str | None = None
        self.state_override: str | None = None
        self.scripted: list[Scripted] = []
        self.announced_oidc: str | None = None
        self.announced_endpoints: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self.token_forms: list[dict[str, str]] = []
        self.authorize_params: list[dict[str, str]] = []
        self.api_authorizations: list[str | None] = []
        self.valid_tokens: set[str] = set()
        self.refresh_tokens: dict[str, str] = {}
        self.codes: dict[str, Grant] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> OidcServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def accept(self, token: str) -> None:
        """Make ``token`` valid for the protected API."""
        with self._lock:
            self.valid_tokens.add(token)

    def expire_all(self) -> None:
        """Reject every access token issued so far (as if they had expired)."""
        with self._lock:
            self.valid_tokens.clear()

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            self.refresh_tokens.clear()

    def _new(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    # -- token endpoint ---------------------------------------------------------------------

    def token(
        self, form: dict[str, str], authorization: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        grant = form.get("grant_type", "")
        with self._lock:
            self.counts["token"] += 1
            self.counts[f"token:{grant}"] += 1
            self.token_forms.append(form)
            scripted = self.scripted.pop(0) if self.scripted else None
        if self.token_delay:
            time.sleep(self.token_delay)
        if scripted is not None:
            return scripted.status, scripted.body, scripted.headers
        if grant == "client_credentials":
            if authorization != _basic(CLIENT_ID, CLIENT_SECRET):
                return (
                    401,
                    {
                        "error": "invalid_client",
                        "error_description": "Client authentication failed",
                    },
                    {},
                )
            return 200, self._issue(form.get("scope", ""), refresh=False), {}
        if grant == "authorization_code":
            with self._lock:
                issued = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                issued is None
                or issued.client_id != form.get("client_id")
                or issued.redirect_uri != form.get("redirect_uri")
                or issued.challenge != challenge
            ):
                return (
                    400,
                    {
                        "error": "invalid_grant",
                        "error_description": "Authorization code is invalid",
                    },
                    {},
                )
            return 200, self._issue(issued.scope, refresh=True, client_id=issued.client_id), {}
        if grant == "refresh_token":
            refresh = form.get("refresh_token", "")
            with self._lock:
                owner = self.refresh_tokens.get(refresh)
                if owner is not None and self.rotate_refresh_tokens:
                    del self.refresh_tokens[refresh]
            if owner is None or owner != form.get("client_id"):
                return (
                    400,
                    {"error": "invalid_grant", "error_description": "Refresh token is invalid"},
                    {},
                )
            body = self._issue(
                "all-apis offline_access", refresh=self.rotate_refresh_tokens, client_id=owner
            )
            return 200, body, {}
        return 400, {"error": "unsupported_grant_type"}, {}

    def _issue(self, scope: str, *, refresh: bool, client_id: str = "") -> dict[str, Any]:
        with self._lock:
            access = self._new("access")
            self.valid_tokens.add(access)
            body: dict[str, Any] = {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": self.token_lifetime,
                "scope": scope,
            }
            if refresh:
                token = self._new("refresh")
                self.refresh_tokens[token] = client_id
                body["refresh_token"] = token
        return body

    # -- authorize endpoint -----------------------------------------------------------------

    def authorize(self, params: dict[str, str]) -> str:
        with self._lock:
            self.counts["authorize"] += 1
            self.authorize_params.append(params)
        redirect = params["redirect_uri"]
        assert urlsplit(redirect).hostname == "localhost"
        if self.authorize_error:
            query = {
                "error": self.authorize_error,
                "error_description": "The user said no",
                "state": self.state_override or params["state"],
            }
        else:
            assert params["response_type"] == "code"
            assert params["code_challenge_method"] == "S256"
            code = self._new("code")
            with self._lock:
                self.codes[code] = Grant(
                    params["client_id"], redirect, params["code_challenge"], params["scope"]
                )
            query = {"code": code, "state": self.state_override or params["state"]}
        return f"{redirect}/?{urlencode(query)}"

    # -- protected API ----------------------------------------------------------------------

    def api(self, authorization: str | None) -> int:
        with self._lock:
            self.counts["api"] += 1
            self.api_authorizations.append(authorization)
            token = (authorization or "").removeprefix("Bearer ")
            return 200 if authorization and token in self.valid_tokens else 401


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # fifty clients connect at once


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _handler(state: OidcServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            base = state.url
            if parts.path == "/.well-known/databricks-config":
                state.counts["databricks-config"] += 1
                if state.databricks_config:
                    self._json(
                        200,
                        {
                            "oidc_endpoint": state.announced_oidc or f"{base}/oidc",
                            "workspace_id": "123",
                            "host_type": "workspace",
                        },
                    )
                else:
                    self._json(404, {"error_code": "NOT_FOUND"})
            elif parts.path == "/oidc/.well-known/oauth-authorization-server":
                state.counts["metadata"] += 1
                if state.metadata is True:
                    self._json(
                        200,
                        {
                            "issuer": f"{base}/oidc",
                            "authorization_endpoint": f"{base}/oidc/v1/authorize",
                            "token_endpoint": f"{base}/oidc/v1/token",
                            "code_challenge_methods_supported": ["S256"],
                            **state.announced_endpoints,
                        },
                    )
                else:
                    self._json(int(state.metadata) or 404, {"error_code": "NOT_FOUND"})
            elif parts.path == "/oidc/v1/authorize":
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                location = state.authorize(params)
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif parts.path == "/api/2.0/genie/spaces":
                status = state.api(self.headers.get("Authorization"))
                if status == 200:
                    self._json(200, {"spaces": []})
                else:
                    self._json(
                        401,
                        {"error_code": "UNAUTHENTICATED", "message": "Token is expired or invalid"},
                    )
            else:
                self._json(404, {"error_code": "NOT_FOUND"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            if urlsplit(self.path).path != "/oidc/v1/token":
                self._json(404, {"error_code": "NOT_FOUND"})
                return
            form = {k: v[0] for k, v in parse_qs(body).items()}
            status, answer, headers = state.token(form, self.headers.get("Authorization"))
            self._json(status, answer, headers)

    return Handler
