"""Turn a response into the value a `Call` promises, or raise the matching error."""

from __future__ import annotations

import json
from typing import TypeVar

import httpx
from pydantic import ValidationError

from genie_sdk._core.calls import Call
from genie_sdk._core.error_mapping import error_from_response
from genie_sdk.errors import DecodeError

T = TypeVar("T")

__all__ = ["decode_response"]


def decode_response(call: Call[T], response: httpx.Response) -> T:
    """Return the decoded value of a read ``response`` to ``call``.

    Raises:
        ApiError: the status is not 2xx (the subclass matches status and error code).
        DecodeError: the body is not the JSON the call expects.
    """
    status = response.status_code
    if not 200 <= status < 300:
        raise error_from_response(status, response.headers, response.content)
    if call.raw:
        return call.decode(response.content)
    content = response.content
    try:
        data = json.loads(content) if content.strip() else {}
    except ValueError:
        raise DecodeError(
            f"{call.method} {call.full_path}: response is not valid JSON ({len(content)} bytes)",
            status_code=status,
        ) from None
    try:
        return call.decode(data)
    except ValidationError as exc:
        raise DecodeError(
            f"{call.method} {call.full_path}: unexpected response shape: "
            f"{exc.error_count()} validation error(s), first at "
            f"{'.'.join(str(p) for p in exc.errors()[0]['loc']) or 'root'}",
            status_code=status,
        ) from None
