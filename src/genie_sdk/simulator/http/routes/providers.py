"""What the simulated providers' routes share: errors as ``{"detail": ...}`` bodies, JSON input."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from genie_sdk.simulator.domain.providers import ProviderError

__all__ = ["Handler", "guarded", "json_object"]

Handler = Callable[[Request], Awaitable[Response]]


def guarded(handler: Handler) -> Handler:
    """Run ``handler``, turning a `ProviderError` into its JSON error response."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except ProviderError as error:
            return JSONResponse(
                {"detail": error.message}, status_code=error.status, headers=error.headers()
            )

    return run


async def json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object; 400 when it is not one."""
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        raise ProviderError(400, "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ProviderError(400, "The body must be a JSON object.")
    return data
