"""A model serving endpoint without a model: a deterministic analysis of the rows it is sent.

The endpoint speaks the OpenAI-compatible chat API of Databricks model serving. The rows come in
the last user message as a JSON object ``{"columns": [{"name", "type"}], "rows": [[...]]}``,
alone or in a fenced code block; the reply describes totals, extremes, shares and trends of the
numeric columns, so tests can assert on what an "LLM" says about a result.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id

__all__ = ["MAX_INPUT_CHARS", "Table", "analyse", "chat_completion", "find_table", "user_prompt"]

MAX_INPUT_CHARS = 200_000
"""Characters of message content a request may carry (a model's context is bounded too)."""
_ROLES = ("system", "user", "assistant", "tool", "developer")
_FENCED = re.compile(r"```(?:json)?\s*\n(?P<body>.*?)\n\s*```", re.DOTALL)
_MONTH_OR_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?(?:[T ]|$)")
_MAX_MEASURES = 3


@dataclass(frozen=True)
class Table:
    """The rows an analysis is about."""

    columns: list[str]
    rows: list[list[Any]]


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise SimulatedApiError.invalid("Content parts must be objects of type 'text'.")
            text = part.get("text")
            if not isinstance(text, str):
                raise SimulatedApiError.invalid("A text content part needs a string 'text'.")
            parts.append(text)
        return "\n".join(parts)
    raise SimulatedApiError.invalid("Message content must be a string or a list of parts.")


def user_prompt(body: dict[str, Any]) -> str:
    """The text of the last user message of a chat request; 400 for a malformed request."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise SimulatedApiError.invalid("Field 'messages' is required and must be a list.")
    texts: list[tuple[str, str]] = []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in _ROLES:
            raise SimulatedApiError.invalid(f"Each message needs a role, one of {_ROLES}.")
        texts.append((message["role"], _content_text(message.get("content"))))
    if sum(len(text) for _, text in texts) > MAX_INPUT_CHARS:
        raise SimulatedApiError(
            400, "BAD_REQUEST", f"The input is longer than {MAX_INPUT_CHARS:,} characters."
        )
    max_tokens = body.get("max_tokens")
    if max_tokens is not None and (
        not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1
    ):
        raise SimulatedApiError.invalid("max_tokens must be a positive integer.")
    users = [text for role, text in texts if role == "user"]
    if not users:
        raise SimulatedApiError.invalid("The request has no user message.")
    return users[-1]


def find_table(prompt: str) -> Table | None:
    """The ``{"columns", "rows"}`` object in ``prompt`` (fenced or whole), if there is one."""
    candidates = [match.group("body") for match in _FENCED.finditer(prompt)] + [prompt]
    for candidate in candidates:
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        columns, rows = data.get("columns"), data.get("rows")
        if not isinstance(columns, list) or not isinstance(rows, list):
            continue
        raw = [c.get("name") if isinstance(c, dict) else c for c in columns]
        names: list[str] = [name for name in raw if isinstance(name, str)]
        if len(names) != len(columns):
            continue
        if all(isinstance(row, list) and len(row) == len(names) for row in rows):
            return Table(names, rows)
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _fmt(number: Decimal) -> str:
    return f"{number:,.2f}" if number != number.to_integral_value() else f"{number:,.0f}"


def _label(value: Any) -> str:
    return "(null)" if value is None else str(value)


def _measure_lines(name: str, labels: list[str], values: list[Decimal], trend: bool) -> list[str]:
    total = sum(values, Decimal(0))
    count = len(values)
    top = max(range(count), key=lambda i: values[i])
    low = min(range(count), key=lambda i: values[i])
    lines = [
        f"- **{name}**: {_fmt(total)} in total over {count:,} rows, "
        f"{_fmt(total / count)} on average."
    ]
    if count > 1:
        share = ""
        if total > 0 and all(v >= 0 for v in values):
            share = f" ({values[top] / total:.1%} of the total)"
        lines.append(
            f"- The highest {name} is {labels[top]} with {_fmt(values[top])}{share}; "
            f"the lowest is {labels[low]} with {_fmt(values[low])}."
        )
    if trend and count > 1 and values[0] != 0:
        change = (values[-1] - values[0]) / abs(values[0])
        direction = "up" if change > 0 else "down" if change < 0 else "flat"
        lines.append(
            f"- Over time {name} went from {_fmt(values[0])} ({labels[0]}) to "
            f"{_fmt(values[-1])} ({labels[-1]}): {direction} {abs(change):.1%}."
        )
    return lines


def analyse(table: Table | None) -> str:
    """A Markdown analysis of ``table``: the same rows always give the same text."""
    if table is None:
        return (
            "I found no table of rows in the request. Send the result as a JSON object with "
            '"columns" and "rows", and I will describe it.'
        )
    if not table.rows:
        return "The result is empty: there is nothing to analyse."
    numeric = [
        index
        for index in range(len(table.columns))
        if all(_number(row[index]) is not None for row in table.rows)
    ]
    label_index = next((i for i in range(len(table.columns)) if i not in numeric), None)
    labels = [
        _label(row[label_index]) if label_index is not None else f"row {n + 1}"
        for n, row in enumerate(table.rows)
    ]
    trend = label_index is not None and all(_MONTH_OR_DATE.match(label) for label in labels)
    lines = [f"**What the data shows** ({len(table.rows):,} rows, {len(table.columns)} columns)"]
    measures = [i for i in numeric if i != label_index][:_MAX_MEASURES]
    for index in measures:
        values = [_number(row[index]) or Decimal(0) for row in table.rows]
        lines += _measure_lines(table.columns[index], labels, values, trend)
    if not measures:
        distinct = len(set(labels))
        lines.append(f"- The result has no numeric column; it lists {distinct:,} distinct values.")
    return "\n".join(lines)


def chat_completion(model: str, prompt: str, content: str, *, created: int) -> dict[str, Any]:
    """An OpenAI ``chat.completion`` object answering with ``content``."""
    prompt_tokens, completion_tokens = len(prompt.split()), len(content.split())
    return {
        "id": f"chatcmpl-{new_id()}",
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
