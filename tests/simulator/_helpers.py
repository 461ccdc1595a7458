"""A thin Genie API driver over httpx for the simulator tests."""

from __future__ import annotations

from typing import Any

import httpx

API = "/api/2.0/genie"
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED"}


class Genie:
    """Ask questions and poll messages in one space, asserting HTTP success."""

    def __init__(self, http: httpx.Client, space_id: str) -> None:
        self.http = http
        self.space_id = space_id

    @property
    def space(self) -> str:
        return f"{API}/spaces/{self.space_id}"

    def conversation(self, conversation_id: str) -> str:
        return f"{self.space}/conversations/{conversation_id}"

    def message_path(self, message: dict[str, Any]) -> str:
        return f"{self.conversation(message['conversation_id'])}/messages/{message['message_id']}"

    def attachment_path(self, message: dict[str, Any], attachment_id: str) -> str:
        return f"{self.message_path(message)}/attachments/{attachment_id}"

    def ok(self, response: httpx.Response) -> dict[str, Any]:
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def start(self, content: str, **body: Any) -> dict[str, Any]:
        return self.ok(
            self.http.post(f"{self.space}/start-conversation", json={"content": content, **body})
        )

    def send(self, conversation_id: str, content: str) -> dict[str, Any]:
        path = f"{self.conversation(conversation_id)}/messages"
        return self.ok(self.http.post(path, json={"content": content}))

    def get(self, message: dict[str, Any]) -> dict[str, Any]:
        return self.ok(self.http.get(self.message_path(message)))

    def wait(self, message: dict[str, Any], max_polls: int = 30) -> dict[str, Any]:
        for _ in range(max_polls):
            message = self.get(message)
            if message["status"] in TERMINAL:
                return message
        raise AssertionError(f"message still {message['status']} after {max_polls} polls")

    def ask(self, content: str, **body: Any) -> dict[str, Any]:
        return self.wait(self.start(content, **body)["message"])

    def follow_up(self, conversation_id: str, content: str) -> dict[str, Any]:
        return self.wait(self.send(conversation_id, content))

    def result(self, message: dict[str, Any], attachment_id: str | None = None) -> dict[str, Any]:
        attachment_id = attachment_id or queries(message)[-1]["attachment_id"]
        path = f"{self.attachment_path(message, attachment_id)}/query-result"
        body = self.ok(self.http.get(path))
        statement: dict[str, Any] = body["statement_response"]
        return statement


def queries(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's query attachments, in order."""
    return [a for a in message.get("attachments", []) if "query" in a]


def kinds(message: dict[str, Any]) -> list[str]:
    """The kind of each attachment (``query``, ``text``, ...), in order."""
    return [next(k for k in a if k != "attachment_id") for a in message.get("attachments", [])]


def attachment(message: dict[str, Any], kind: str) -> dict[str, Any]:
    """The first attachment of a kind."""
    return next(a for a in message.get("attachments", []) if kind in a)
