"""Ids, URLs and bodies of a scripted Genie server (respx) for the conversation helper's tests."""

from __future__ import annotations

from typing import Any

import httpx

from genie_sdk import PollingPolicy
from tests.support.workspace import API

S, C, M = "s1", "c1", "m1"
START = f"{API}/spaces/{S}/start-conversation"
FOLLOW_UP = f"{API}/spaces/{S}/conversations/{C}/messages"
MESSAGE = f"{FOLLOW_UP}/{M}"
NO_JITTER = PollingPolicy(jitter=0.0)


def message(status: str, *attachments: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": M,
        "message_id": M,
        "space_id": S,
        "conversation_id": C,
        "content": "q",
        "status": status,
        "attachments": list(attachments) or None,
        **extra,
    }


def text(content: str, purpose: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"content": content}
    if purpose:
        body["purpose"] = purpose
    return {"attachment_id": "t-" + content[:3], "text": body}


def query(attachment_id: str, sql: str, description: str = "what it does") -> dict[str, Any]:
    return {
        "attachment_id": attachment_id,
        "query": {"query": sql, "description": description, "statement_id": "st-" + attachment_id},
    }


def statement(
    state: str, rows: list[list[str | None]] | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"statement_id": "st1", "status": {"state": state, **extra}}
    if state == "SUCCEEDED":
        body["manifest"] = {
            "format": "JSON_ARRAY",
            "schema": {
                "column_count": 2,
                "columns": [
                    {"name": "region", "type_name": "STRING", "position": 0},
                    {
                        "name": "total",
                        "type_name": "DECIMAL",
                        "type_text": "DECIMAL(10,2)",
                        "type_precision": 10,
                        "type_scale": 2,
                        "position": 1,
                    },
                ],
            },
            "total_row_count": len(rows or []),
        }
        body["result"] = {"row_count": len(rows or []), "data_array": rows or []}
    return {"statement_response": body}


def result_url(attachment_id: str) -> str:
    return f"{MESSAGE}/attachments/{attachment_id}/query-result"


def started(status: str = "SUBMITTED") -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "conversation_id": C,
            "message_id": M,
            "message": message(status),
            "conversation": {"id": C},
        },
    )


def responses(*bodies: dict[str, Any]) -> list[httpx.Response]:
    return [httpx.Response(200, json=body) for body in bodies]
