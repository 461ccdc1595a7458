"""Agent-mode and Genie One responses: planned from the rule book, run on real SQL, streamed.

A response is planned whole when it is asked (its items, and the stream events that reveal
them); the stream reveals the items one event at a time. When the client goes away the run
goes on: the next read of the conversation finds it finished, unless it was cancelled first.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.rules import RuleBook, ScriptedAnswer
from genie_sdk.simulator.sql.engine import ResultSet, SqlEngine, SqlError

__all__ = ["Plan", "ResponseConversation", "ResponseRecord", "ResponseStore", "plan_response"]

Plan = tuple[list[dict[str, Any]], list[dict[str, Any]], list[int], str | None]
"""A planned response: its items, the stream events, the items out after each, its error."""

_PREVIEW_ROWS = 20
_CONTEXT_SQL = (
    "SELECT COUNT(*) AS sales_count, ROUND(SUM(amount), 2) AS total_amount FROM sales",
    "Size of the sales data",
)


def rfc3339(seconds: float) -> str:
    """Seconds since the epoch as RFC 3339 (UTC, whole seconds)."""
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ResponseRecord:
    """One response: what it will say (``items``), how much of it is out, and its status."""

    response_id: str
    conversation_id: str
    agent_id: str | None
    question: str
    created: float
    items: list[dict[str, Any]]
    events: list[dict[str, Any]]
    """Stream events after ``response.created`` and before the terminal one."""
    reveals: list[int]
    """For each event, how many items are final once it is sent."""
    revealed: int = 0
    status: str = "in_progress"
    detached: bool = False
    """The client went away: the run finishes on its own."""
    reads: int = 0
    """Reads of the response since its client went away."""
    error: str | None = None
    """Why the run fails once every item is out (``None``: it completes)."""

    @property
    def outcome(self) -> str:
        """The status the run ends with when nobody cancels it."""
        return "failed" if self.error else "completed"

    @property
    def model(self) -> str:
        """``genie-agent`` or ``genie-one``."""
        return "genie-agent" if self.agent_id else "genie-one"

    def settle(self, slow_reads: int = 0) -> None:
        """A run the client left goes on (a cancelled one stays as it is): the first
        ``slow_reads`` reads find one more item each, the next one finds it finished."""
        if not self.detached or self.status != "in_progress":
            return
        self.reads += 1
        if self.reads <= slow_reads and self.revealed < len(self.items):
            self.revealed += 1
            return
        self.revealed = len(self.items)
        self.status = self.outcome

    def json(self, *, full: bool = False) -> dict[str, Any]:
        """The response object with the items out so far (all of them when ``full``)."""
        body: dict[str, Any] = {
            "id": self.response_id,
            "object": "response",
            "model": self.model,
            "status": self.status,
            "output": self.items if full else self.items[: self.revealed],
            "conversation_id": self.conversation_id,
        }
        if self.status == "failed" and self.error:
            body["error"] = {"message": self.error}
        if self.agent_id:
            body["created_at"] = int(self.created)
        else:
            body["create_time"] = rfc3339(self.created)
        return body

    def error_item(self) -> dict[str, Any]:
        """A failed run's error text, as the conversation's items list it."""
        return {
            "type": "message",
            "id": f"{self.response_id}_error",
            "role": "system",
            "status": "completed",
            "content": [{"type": "output_text", "text": self.error, "annotations": []}],
        }

    def input_item(self) -> dict[str, Any]:
        """The question as the conversation's items list it."""
        return {
            "type": "message",
            "id": f"{self.response_id}_input",
            "role": "user",
            "status": "completed",
            "content": [{"type": "input_text", "text": self.question}],
        }


@dataclass
class ResponseConversation:
    """A conversation of responses (agent mode or Genie One)."""

    conversation_id: str
    agent_id: str | None
    user_id: int
    title: str
    created: float
    updated: float
    responses: list[ResponseRecord] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        """Genie One's ``Conversation`` object."""
        body: dict[str, Any] = {
            "conversation_id": self.conversation_id,
            "title": self.title,
            "create_time": rfc3339(self.created),
            "update_time": rfc3339(self.updated),
        }
        if self.responses:
            body["status"] = self.responses[-1].status
        return body

    def items(self, slow_reads: int = 0) -> list[dict[str, Any]]:
        """Every turn's question and the items out so far (see `ResponseRecord.settle`)."""
        listed: list[dict[str, Any]] = []
        for response in self.responses:
            response.settle(slow_reads)
            listed.append(response.input_item())
            listed.extend(response.items[: response.revealed])
            if response.status == "failed" and response.error:
                listed.append(response.error_item())
        return listed


class ResponseStore:
    """Every response conversation, behind one lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.conversations: dict[str, ResponseConversation] = {}
        self.responses: dict[str, ResponseRecord] = {}
        self.posts = 0

    def clear(self) -> None:
        """Forget everything."""
        with self.lock:
            self.conversations.clear()
            self.responses.clear()
            self.posts = 0

    def conversation(
        self, conversation_id: str, *, agent_id: str | None, user_id: int
    ) -> ResponseConversation:
        """A conversation of this agent (or Genie One) and user; 404 otherwise."""
        found = self.conversations.get(conversation_id)
        if found is None or found.agent_id != agent_id or found.user_id != user_id:
            raise SimulatedApiError.not_found("Conversation", conversation_id)
        return found

    def start(
        self,
        question: str,
        *,
        agent_id: str | None,
        conversation_id: str | None,
        user_id: int,
        now: float,
        plan: Callable[[str], Plan],
    ) -> ResponseRecord:
        """Record a new response in a new or existing conversation (409 if one is running)."""
        with self.lock:
            self.posts += 1
            if conversation_id is None:
                conversation = ResponseConversation(
                    new_id(), agent_id, user_id, question[:255], now, now
                )
                self.conversations[conversation.conversation_id] = conversation
            else:
                conversation = self.conversation(
                    conversation_id, agent_id=agent_id, user_id=user_id
                )
                for earlier in conversation.responses:
                    earlier.settle()
                if any(r.status == "in_progress" for r in conversation.responses):
                    raise SimulatedApiError(
                        409,
                        "RESOURCE_CONFLICT",
                        "A response is already in progress in this conversation.",
                    )
            items, events, reveals, error = plan(conversation.conversation_id)
            record = ResponseRecord(
                new_id(),
                conversation.conversation_id,
                agent_id,
                question,
                now,
                items,
                events,
                reveals,
                error=error,
            )
            conversation.responses.append(record)
            conversation.updated = now
            self.responses[record.response_id] = record
            return record


def plan_response(
    question: str,
    *,
    agent_id: str | None,
    space_id: str,
    rules: RuleBook,
    engine: SqlEngine,
    base_url: str,
    workspace_id: str,
    conversation_id: str,
) -> Plan:
    """The items of the answer, the stream events revealing them (with the count after each)
    and the error the run ends with, if it fails.

    Agent mode reasons, runs each query of the matching rule (and one for context) and writes a
    cited report whose parts carry preview rows; Genie One writes answer messages only. A rule
    with an ``error_type`` makes the run fail after its first reasoning step.
    """
    answer = rules.answer(question, space_id=space_id, previous_sql=None)
    if answer.error_type:
        error = f"{answer.error_type}: {answer.error_message or 'the run failed'}"
        return (*_events([_reasoning("I will look for the data this needs.")]), error)
    if agent_id is None:
        return (*_events(_genie_one_items(answer, engine)), None)
    chats = f"{base_url}/genie/rooms/{agent_id}/chats/{conversation_id}?o={workspace_id}"
    return (*_events(_agent_items(answer, engine, chats)), None)


def _events(
    items: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]:
    events: list[dict[str, Any]] = []
    reveals: list[int] = []
    for index, item in enumerate(items):
        added = {**item, "status": "in_progress"} if item["type"] != "reasoning" else item
        if item["type"] == "function_call_output":
            added = {**added, "output": item["output"].split("\n\n")[0]}
        for kind, shown, count in (("added", added, index), ("done", item, index + 1)):
            events.append(
                {"type": f"response.output_item.{kind}", "output_index": index, "item": shown}
            )
            reveals.append(count)
    return items, events, reveals


def _agent_items(answer: ScriptedAnswer, engine: SqlEngine, chats: str) -> list[dict[str, Any]]:
    queries = [(sql, f"Earlier attempt {n + 1}") for n, sql in enumerate(answer.earlier_sql)]
    if answer.sql:
        queries.append((answer.sql, answer.title or "Answer query"))
        queries.append(_CONTEXT_SQL)
    items: list[dict[str, Any]] = [
        _reasoning(
            f"I will answer with {len(queries)} queries over the space's tables."
            if queries
            else "The question does not match the data I can query."
        )
    ]
    parts: list[dict[str, Any]] = []
    for number, (sql, title) in enumerate(queries, start=1):
        call_id = new_id()
        items.append(_reasoning(f"Next: {title.lower()}."))
        items.append(
            {
                "type": "function_call",
                "id": call_id,
                "call_id": call_id,
                "status": "completed",
                "name": "execute_sql",
                "arguments": json.dumps({"title": title, "sql": sql}),
            }
        )
        try:
            result: ResultSet | None = engine.query(sql)
            table = _markdown(result) if result is not None else ""
        except SqlError as error:
            result, table = None, f"Error: {error.message}"
        items.append(
            {
                "type": "function_call_output",
                "id": f"{call_id}_output",
                "call_id": call_id,
                "status": "completed",
                "output": f"**{title}**\n\n{table}",
            }
        )
        link = f"{chats}&gra_focus={call_id}"
        part: dict[str, Any] = {
            "type": "output_text",
            "text": f"**{title}** \\[[{number}]({link})\\]",
            "annotations": [],
        }
        if result is not None:
            part["metadata"] = {
                "sql": sql,
                "columns": [{"name": c.name, "type": c.type.text} for c in result.columns],
                "preview_rows": result.encoded(_PREVIEW_ROWS),
                "status": "available",
                "total_row_count": len(result.rows),
            }
        parts.append(part)
    summary = answer.text or answer.clarification or answer.description or "Here is what I found."
    items.append(_message([{"type": "output_text", "text": summary, "annotations": []}]))
    items.extend(_message([part]) for part in parts)
    return items


def _genie_one_items(answer: ScriptedAnswer, engine: SqlEngine) -> list[dict[str, Any]]:
    text = answer.text or answer.clarification or answer.description or "Here is what I found."
    items = [_message([{"type": "output_text", "text": text, "annotations": []}], "analysis")]
    if answer.sql:
        try:
            table = _markdown(engine.query(answer.sql))
        except SqlError as error:
            table = f"Error: {error.message}"
        annotation = {
            "type": "asset",
            "title": "sales",
            "asset_type": "TABLE",
            "identifier": "samples.retail.sales",
        }
        items.append(
            _message(
                [{"type": "output_text", "text": table, "annotations": [annotation]}],
                "final_answer",
            )
        )
    return items


def _reasoning(text: str) -> dict[str, Any]:
    return {
        "type": "reasoning",
        "id": new_id(),
        "status": "completed",
        "content": [{"type": "reasoning_text", "text": text}],
        "summary": [],
    }


def _message(content: list[dict[str, Any]], phase: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "message",
        "id": new_id(),
        "role": "assistant",
        "status": "completed",
        "content": content,
    }
    if phase is not None:
        item["phase"] = phase
    return item


def _markdown(result: ResultSet) -> str:
    names = [column.name for column in result.columns]
    lines = ["| " + " | ".join(names) + " |", "|" + " --- |" * len(names)]
    for row in result.encoded(_PREVIEW_ROWS):
        lines.append("| " + " | ".join("" if v is None else v for v in row) + " |")
    return "\n".join(lines)
