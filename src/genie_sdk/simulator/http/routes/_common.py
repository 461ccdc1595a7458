"""Helpers shared by the route modules."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from genie_sdk.simulator.domain.errors import SimulatedApiError

__all__ = ["base_url", "flag", "json_body", "page_body", "required_text", "user_id"]


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (``{}`` when empty); 400 otherwise (bad JSON, lone surrogates)."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SimulatedApiError(
            400, "MALFORMED_REQUEST", "Invalid JSON given in the body."
        ) from exc
    if not isinstance(data, dict):
        raise SimulatedApiError(400, "MALFORMED_REQUEST", "The request body must be a JSON object.")
    try:
        # A lone surrogate ("\ud800") parses but cannot be sent back as UTF-8: refuse it here
        # rather than store text that would break every later response showing it.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SimulatedApiError.invalid(
            "The request body holds a lone surrogate, which is not valid Unicode text."
        ) from exc
    return data


def required_text(body: dict[str, Any], name: str) -> str:
    """A required, non-blank string field; 400 ``INVALID_PARAMETER_VALUE`` otherwise."""
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SimulatedApiError.invalid(
            f"Field '{name}' is required and must be a non-empty string."
        )
    return value


def flag(value: Any, name: str) -> bool | None:
    """An optional boolean from JSON (``true``) or a query string (``"true"``)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise SimulatedApiError.invalid(f"Field '{name}' must be a boolean.")


def user_id(request: Request) -> int:
    """The authenticated caller (set by the gateway)."""
    value: int = request.state.user_id
    return value


def base_url(request: Request) -> str:
    """The URL the client used to reach the simulator, without a trailing slash."""
    return str(request.base_url).rstrip("/")


def page_body(key: str, items: list[dict[str, Any]], token: str | None) -> dict[str, Any]:
    """A list response: the items under ``key`` (omitted when empty) and ``next_page_token``."""
    body: dict[str, Any] = {key: items} if items else {}
    if token:
        body["next_page_token"] = token
    return body
