"""PKCE (RFC 7636, method S256) and ``state`` values for the browser login."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

__all__ = ["Pkce", "challenge_for", "new_pkce", "new_state"]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Pkce:
    """A code verifier and its S256 challenge."""

    verifier: str = field(repr=False)
    challenge: str


def challenge_for(verifier: str) -> str:
    """Return the S256 challenge of ``verifier``: base64url(SHA-256(verifier)) without padding."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def new_pkce() -> Pkce:
    """Create a verifier from 32 random bytes (43 characters) and its challenge."""
    verifier = _b64url(secrets.token_bytes(32))
    return Pkce(verifier=verifier, challenge=challenge_for(verifier))


def new_state() -> str:
    """Create an unguessable ``state`` value (16 random bytes, base64url)."""
    return _b64url(secrets.token_bytes(16))
