"""Errors raised while obtaining OAuth tokens."""

from __future__ import annotations

from genie_sdk.errors import GenieError

__all__ = ["LoginRequiredError", "OAuthError"]


class OAuthError(GenieError):
    """Obtaining or refreshing a token failed.

    The message starts with the authentication method (``oauth-m2m: invalid_client: ...``).
    ``error`` is the OAuth error code when the server sent one; no secret is ever part of the text.
    """

    def __init__(self, message: str, *, error: str | None = None) -> None:
        super().__init__(message)
        self.error = error


class LoginRequiredError(OAuthError):
    """No usable user login: the cached login is missing or its refresh token is no longer valid."""
