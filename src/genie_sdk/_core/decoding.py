"""Turn a response into the value a `Call` promises, or raise the matching error."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TypeVar

from pydantic import ValidationError

from genie_sdk._core.calls import Call
from genie_sdk._core.error_mapping import error_from_response
from genie_sdk.errors import DecodeError

T = TypeVar("T")

__all__ = ["decode_response", "shape_error"]


def decode_response(call: Call[T], status: int, headers: Mapping[str, str], content: bytes) -> T:
    """Return the decoded value of the body ``content`` of a response to ``call``.

    Raises:
        ApiError: the status is not 2xx (the subclass matches status and error code).
        DecodeError: the body is not the JSON the call expects (nested too deep included).
    """
    if not 200 <= status < 300:
        raise error_from_response(status, headers, content, method=call.method, path=call.full_path)
    if call.raw:
        return call.decode(content)
    if call.decode_json is not None and content.strip():
        try:
            return call.decode_json(content)
        except (ValueError, RecursionError, DecodeError):
            # Decoded again below, which gives the reference error, or accepts what the one-pass
            # parser refuses (lone surrogates in escapes, nesting beyond its depth limit).
            pass
    try:
        data = json.loads(content) if content.strip() else {}
    except (ValueError, RecursionError) as error:
        why = "nested too deep" if isinstance(error, RecursionError) else "not valid JSON"
        raise DecodeError(
            f"{call.method} {call.full_path}: response is {why} ({len(content)} bytes)",
            status_code=status,
        ) from None
    try:
        return call.decode(data)
    except ValidationError as error:
        raise shape_error(call, error, status) from None
    except DecodeError as error:
        if error.status_code is None:
            error.status_code = status
        raise
    except RecursionError:
        raise DecodeError(
            f"{call.method} {call.full_path}: response is nested too deep", status_code=status
        ) from None


def shape_error(call: Call[object], error: ValidationError, status: int | None) -> DecodeError:
    """The `DecodeError` of a JSON body whose shape the call's model refuses."""
    first = error.errors()[0]["loc"] if error.error_count() else ()
    return DecodeError(
        f"{call.method} {call.full_path}: unexpected response shape: "
        f"{error.error_count()} validation error(s), first at "
        f"{'.'.join(str(part) for part in first) or 'root'}",
        status_code=status,
    )
