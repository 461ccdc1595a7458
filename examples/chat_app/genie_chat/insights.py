"""Generate insights: a result, bounded in size, sent to a chat model serving endpoint."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import httpx

from genie_chat.table import format_cell, is_numeric
from genie_sdk import GenieClient
from genie_sdk.results import QueryResult

__all__ = ["InsightsError", "ask_model", "insights_request", "insights_text", "table_json"]

MAX_ROWS = 200
MAX_CHARS = 40_000
"""Characters of table JSON sent at most: well inside a model's context, cheap to send."""
MAX_REPLY_BYTES = 1_000_000
_ENDPOINT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
DEADLINE = 180.0
"""Seconds the whole call may take: a read timeout restarts at every byte of a trickling body."""
SYSTEM_PROMPT = (
    "You are a data analyst. You are given a question and the table that answered it, as JSON. "
    "Describe the main patterns, outliers and trends in a few short Markdown bullet points, "
    "citing the numbers. Do not invent data that is not in the table."
)


class InsightsError(Exception):
    """The endpoint could not be reached or sent an answer without text; ``str`` is for users."""


def _value(value: Any, numeric: bool) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    # Decimals keep every digit as text; dates and nested values as the table shows them.
    return str(value) if numeric else format_cell(value)


def table_json(result: QueryResult, max_rows: int = MAX_ROWS, max_chars: int = MAX_CHARS) -> str:
    """``{"columns", "rows", "rows_in_result"}`` as JSON, with as many rows as fit the bounds."""
    columns = [{"name": c.name, "type": c.sql_type} for c in result.columns]
    numeric = [is_numeric(c) for c in result.columns]
    total = result.total_row_count or result.row_count
    count = min(max_rows, result.row_count)
    while True:
        head = result[:count]
        rows = [[_value(v, n) for v, n in zip(row, numeric, strict=True)] for row in head]
        text = json.dumps(
            {"columns": columns, "rows": rows, "rows_in_result": total}, ensure_ascii=False
        )
        if len(text) <= max_chars or count == 0:
            return text
        count //= 2


def insights_request(question: str, result: QueryResult) -> dict[str, Any]:
    """The OpenAI-compatible chat request for ``result``, the answer to ``question``."""
    prompt = f"Question: {question}\n\nResult:\n```json\n{table_json(result)}\n```"
    return {
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": prompt},
        ],
        "max_tokens": 800,
    }


def insights_text(reply: Any) -> str:
    """The assistant's text in a ``chat.completion`` reply."""
    try:
        content = reply["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise InsightsError("The model's answer had no text.") from error
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(content, str) or not content.strip():
        raise InsightsError("The model's answer had no text.")
    return content.strip()


def ask_model(
    client: GenieClient,
    endpoint: str,
    request: dict[str, Any],
    *,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """POST ``request`` to the serving endpoint with the client's host and credentials."""
    if not _ENDPOINT_NAME.fullmatch(endpoint):
        raise InsightsError(f"{endpoint!r} is not a serving endpoint name.")
    path = f"/serving-endpoints/{endpoint}/invocations"
    deadline = clock() + DEADLINE
    try:
        with (
            httpx.Client(base_url=client.host, auth=client.config.auth, timeout=TIMEOUT) as http,
            http.stream("POST", path, json=request) as response,
        ):
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_REPLY_BYTES:
                    raise InsightsError("The model's answer was too long.")
                if clock() > deadline:
                    raise InsightsError("The model took too long to answer.")
    except httpx.HTTPError as error:
        raise InsightsError("The model serving endpoint could not be reached.") from error
    if response.status_code in (401, 403):
        raise InsightsError("This app may not query the serving endpoint (it needs CAN QUERY).")
    if response.status_code == 404:
        raise InsightsError(f"There is no serving endpoint named {endpoint!r}.")
    if response.status_code == 429:
        raise InsightsError("The serving endpoint is busy. Try again in a minute.")
    if response.status_code >= 400:
        raise InsightsError(f"The serving endpoint failed (HTTP {response.status_code}).")
    try:
        reply = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: nested past the parser
        raise InsightsError("The model's answer was not JSON.") from error
    return insights_text(reply)
