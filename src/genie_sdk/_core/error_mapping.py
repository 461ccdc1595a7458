"""Map error responses to typed exceptions, whatever shape their body has."""

from __future__ import annotations

import email.utils
import html
import json
import re
import time
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from genie_sdk.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FeatureDisabledError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
)

__all__ = ["error_from_response", "parse_retry_after", "transport_error"]

_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}
_BY_CODE: dict[str, type[ApiError]] = {
    "INVALID_PARAMETER_VALUE": BadRequestError,
    "UNAUTHENTICATED": AuthenticationError,
    "PERMISSION_DENIED": PermissionDeniedError,
    "RESOURCE_DOES_NOT_EXIST": NotFoundError,
    "RESOURCE_CONFLICT": ConflictError,
    "ALREADY_EXISTS": ConflictError,
    "RESOURCE_ALREADY_EXISTS": ConflictError,
    "REQUEST_LIMIT_EXCEEDED": RateLimitError,
    "RESOURCE_EXHAUSTED": RateLimitError,
    "RATE_LIMIT_EXCEEDED": RateLimitError,
    "FEATURE_DISABLED": FeatureDisabledError,
    "ABORTED": ConflictError,
}
_HINTS: dict[str, str] = {
    "ABORTED": (
        "the resource changed since it was read (its etag is stale): get it again, reapply the "
        "change and retry with the new etag"
    ),
}
_CODE_PREFIX = re.compile(r"^([A-Z][A-Z_]+): (.+)$", re.DOTALL)
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_RETRY_DELAY = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")
# h11 and h2 quote the offending header line as a bytes literal (b'Bearer ...').
_BYTES_LITERAL = re.compile(r"\bb'(?:[^'\\]|\\.)*'|\bb\"(?:[^\"\\]|\\.)*\"")
_EXCERPT = 200


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "HTTP error"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Return the delay a ``Retry-After`` header asks for (seconds or an HTTP date), or ``None``."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _parse_body(
    status: int, content: bytes, content_type: str
) -> tuple[str | None, str, list[Any]]:
    text = content.decode("utf-8", errors="replace").strip()
    if not text:
        return None, _reason(status), []
    if "json" in content_type or text[:1] in "{[":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            message = data.get("message") or data.get("error") or data.get("detail")
            code = data.get("error_code")
            if code is None and "scimType" in data:
                code = f"SCIM_{data.get('status', status)}"
                message = f"{data.get('scimType')} {data.get('detail', '')}".strip()
            details = data.get("details")
            return (
                str(code) if code else None,
                str(message) if message else "request failed",
                details if isinstance(details, list) else [],
            )
    match = _CODE_PREFIX.match(text)
    if match:
        return match.group(1), match.group(2).strip(), []
    if "<html" in text.lower() or "<!doctype" in text.lower():
        found = _PRE.search(text) or _TITLE.search(text)
        inner = html.unescape(_TAGS.sub("", found.group(1))).strip() if found else ""
        code = _reason(status).upper().replace(" ", "_")
        return code, inner or _reason(status), []
    excerpt = text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else "")
    return None, f"{_reason(status)}: {excerpt}", []


def _detail_value(details: list[Any], suffix: str, key: str) -> Any:
    for entry in details:
        if isinstance(entry, Mapping) and str(entry.get("@type", "")).endswith(suffix):
            return entry.get(key)
    return None


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    method: str | None = None,
    path: str | None = None,
) -> ApiError:
    """Build the typed `ApiError` for an error response to ``method`` ``path``.

    The class comes from the ``error_code`` when it names one, else from the HTTP status.
    """
    code, message, details = _parse_body(status, content, headers.get("content-type", ""))
    request_id = _detail_value(details, "RequestInfo", "request_id") or headers.get("x-request-id")
    retry_after = parse_retry_after(headers.get("retry-after"))
    if retry_after is None:
        hint = _detail_value(details, "RetryInfo", "retry_delay")
        found = _RETRY_DELAY.match(hint) if isinstance(hint, str) else None
        retry_after = float(found.group(1)) if found else None
    advice = _HINTS.get(code or "")
    if advice:
        message = f"{message} ({advice})"
    cls = _BY_CODE.get(code or "") or _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else ApiError
    return cls(
        status,
        code,
        message,
        request_id=str(request_id) if request_id else None,
        retry_after=retry_after,
        details=[d for d in details if isinstance(d, Mapping)],
        body=content.decode("utf-8", "replace"),
        method=method,
        path=path,
    )


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def transport_error(exc: httpx.TransportError, method: str, path: str) -> TransportError:
    """Wrap a network failure; ``request_sent`` is ``False`` only when it certainly never left.

    Header values quoted by the HTTP library (they may hold a token) are left out of the message.
    """
    sent = not isinstance(exc, _NOT_SENT)
    kind = type(exc).__name__
    detail = _BYTES_LITERAL.sub("(value not shown)", str(exc))
    return TransportError(
        f"{method} {path} failed: {kind}" + (f": {detail}" if detail else ""),
        method=method,
        path=path,
        request_sent=sent,
    )
