"""Errors the simulator's handlers raise, and the Databricks error bodies they become."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["SimulatedApiError", "error_body"]

_ERROR_DOMAIN = "genie.simulator"


class SimulatedApiError(Exception):
    """A Databricks API error: becomes ``{"error_code", "message", "details"}`` with ``status``."""

    def __init__(
        self, status: int, error_code: str, message: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.retry_after = retry_after

    @classmethod
    def not_found(cls, kind: str, resource_id: str) -> SimulatedApiError:
        """404 ``RESOURCE_DOES_NOT_EXIST`` for an unknown id."""
        return cls(404, "RESOURCE_DOES_NOT_EXIST", f"{kind} {resource_id} does not exist.")

    @classmethod
    def invalid(cls, message: str) -> SimulatedApiError:
        """400 ``INVALID_PARAMETER_VALUE``."""
        return cls(400, "INVALID_PARAMETER_VALUE", message)

    @classmethod
    def invalid_state(cls, message: str) -> SimulatedApiError:
        """400 ``INVALID_STATE``: the resource is not in a state that allows the call."""
        return cls(400, "INVALID_STATE", message)

    def headers(self) -> dict[str, str]:
        """Extra response headers (``Retry-After`` when set)."""
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(max(1, math.ceil(self.retry_after)))}

    def body(self, request_id: str) -> dict[str, Any]:
        """The JSON error body."""
        return error_body(self.error_code, self.message, request_id, retry_after=self.retry_after)


def error_body(
    error_code: str, message: str, request_id: str, *, retry_after: float | None = None
) -> dict[str, Any]:
    """A Databricks error body with ``ErrorInfo``, ``RequestInfo`` and optional ``RetryInfo``."""
    details: list[dict[str, Any]] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": error_code,
            "domain": _ERROR_DOMAIN,
            "metadata": {},
        },
        {
            "@type": "type.googleapis.com/google.rpc.RequestInfo",
            "request_id": request_id,
            "serving_data": "",
        },
    ]
    if retry_after is not None:
        details.append(
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retry_delay": f"{retry_after}s"}
        )
    return {"error_code": error_code, "message": message, "details": details}
