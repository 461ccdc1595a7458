"""What the simulated Secoda and Workato APIs share: their errors and their bearer keys."""

from __future__ import annotations

import hmac
import math

__all__ = ["ProviderError", "check_bearer"]


class ProviderError(Exception):
    """An error a simulated provider answers with: ``{"detail": message}`` and ``status``."""

    def __init__(self, status: int, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        """Extra response headers (``Retry-After`` when set)."""
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(max(1, math.ceil(self.retry_after)))}


def check_bearer(header: str | None, key: str) -> None:
    """Accept ``Authorization: Bearer <key>``; 401 otherwise."""
    scheme, _, value = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip(), key):
        raise ProviderError(401, "Invalid or missing API key.")
