"""Identifiers, signatures and opaque page tokens."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import uuid

from genie_sdk.simulator.domain.errors import SimulatedApiError

__all__ = [
    "Signer",
    "decode_page_token",
    "encode_page_token",
    "new_id",
    "new_login_code",
    "new_secret",
]

_LOGIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_id() -> str:
    """A fresh 32-hex-character id, like Genie's."""
    return uuid.uuid4().hex


def new_secret(prefix: str = "") -> str:
    """A fresh random token string."""
    return prefix + secrets.token_hex(16)


def new_login_code() -> str:
    """A fresh code a person can type: 12 characters (60 bits) in groups of four."""
    chars = "".join(secrets.choice(_LOGIN_CODE_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


class Signer:
    """HMAC-SHA256 signatures over strings with a per-simulator key."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def sign(self, value: str) -> str:
        """The hex signature of ``value``."""
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def verify(self, value: str, signature: str) -> bool:
        """Whether ``signature`` signs ``value``."""
        return hmac.compare_digest(self.sign(value), signature)


def encode_page_token(scope: str, offset: int) -> str:
    """An opaque token for the page starting at ``offset`` of the listing ``scope``."""
    raw = json.dumps({"s": scope, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_page_token(token: str, scope: str) -> int:
    """The offset a token points at; 400 if it is malformed or belongs to another listing."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise SimulatedApiError.invalid(f"Invalid page_token: {token!r}") from exc
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("o"), int):
        raise SimulatedApiError.invalid(f"Invalid page_token: {token!r}")
    offset: int = data["o"]
    if offset < 0:
        raise SimulatedApiError.invalid(f"Invalid page_token: {token!r}")
    return offset
