"""The simulated Workato headless genie API: conversations whose messages start genie runs.

A run is a script of events: ``processing.started``, the genie's thinking, then maybe a skill
that waits for approval or a runtime connection that waits for the user to authenticate, its
``agent.message`` and ``processing.finished``. Every event is kept (for reconnections after a
``Last-Event-ID`` and for the events listing ``since_created_at``); streams can be cut.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from genie_sdk.simulator.domain.clock import SimClock
from genie_sdk.simulator.domain.ids import new_id, new_secret
from genie_sdk.simulator.domain.providers import ProviderError

__all__ = ["GENIE_HANDLE", "WorkatoReply", "WorkatoRun", "WorkatoWorld"]

GENIE_HANDLE = "sales-genie"
"""The genie every simulated workspace has."""
_DEFAULT_TEXT = "Yesterday's orders: 42 orders worth $12,345, most of them in the West region."


@dataclass(frozen=True)
class WorkatoReply:
    """How a genie replies to messages matching ``pattern``."""

    pattern: re.Pattern[str]
    text: str = _DEFAULT_TEXT
    thinking: tuple[str, ...] = ("Looking at the orders data.",)
    skill: str | None = None
    """A skill that needs confirmation before it runs."""
    connection: str | None = None
    """A runtime connection the user must authenticate first."""
    fail: str | None = None
    """End the run ``failed`` with this error."""


@dataclass
class WorkatoRun:
    """One genie run: its events so far, the steps still to come, what it waits for."""

    id: str
    conversation_id: str
    handle: str
    reply: WorkatoReply
    steps: list[tuple[str, dict[str, Any]]]
    events: list[dict[str, Any]] = field(default_factory=list)
    waiting: tuple[str, str] | None = None
    """``("skill", call_id)`` or ``("auth", attempt_id)`` while the run is paused."""
    text: str = ""
    finished: bool = False


@dataclass
class WorkatoConversation:
    """A conversation: its messages and runs."""

    id: str
    handle: str
    created: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)


@dataclass
class StreamCut:
    """Cut the next ``times`` streams after ``after`` events each."""

    after: int
    times: int


class WorkatoWorld:
    """Every conversation, run, file and event of the simulated Workato workspace."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.api_key = new_secret("wrk_")
        self.handles = {GENIE_HANDLE}
        self.replies: list[WorkatoReply] = []
        self.conversations: dict[str, WorkatoConversation] = {}
        self.runs: dict[str, WorkatoRun] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.cuts: list[StreamCut] = []
        self.reconnect_enabled = True
        self.messages_sent = 0
        self.decisions: list[tuple[str, bool]] = []
        self._event_number = 0
        self._last_micros = 0

    def reset(self) -> None:
        """Forget everything but the key and the genie."""
        with self.lock:
            self.replies.clear()
            self.conversations.clear()
            self.runs.clear()
            self.files.clear()
            self.cuts.clear()
            self.decisions.clear()
            self.reconnect_enabled = True
            self.messages_sent = 0

    # -- scripting ---------------------------------------------------------------------------

    def add_reply(
        self,
        pattern: str,
        text: str = _DEFAULT_TEXT,
        *,
        thinking: tuple[str, ...] = ("Looking at the orders data.",),
        skill: str | None = None,
        connection: str | None = None,
        fail: str | None = None,
    ) -> WorkatoReply:
        """Reply to messages matching ``pattern`` (regex, any case) this way."""
        reply = WorkatoReply(
            re.compile(pattern, re.IGNORECASE), text, tuple(thinking), skill, connection, fail
        )
        with self.lock:
            self.replies.append(reply)
        return reply

    def cut_stream(self, *, after: int = 3, times: int = 1) -> None:
        """Cut the next ``times`` streams (sends or reconnections) after ``after`` events each."""
        with self.lock:
            self.cuts.append(StreamCut(after, times))

    def take_cut(self) -> int | None:
        """How many events the stream opening now may carry before it is cut (``None``: all)."""
        with self.lock:
            for cut in self.cuts:
                if cut.times > 0:
                    cut.times -= 1
                    return cut.after
        return None

    def authorize(self, attempt_id: str) -> None:
        """The user authenticated the connection of ``attempt_id`` (as in a browser)."""
        with self.lock:
            run = self._waiting_run("auth", attempt_id)
            run.waiting = None
            self._emit(
                run,
                "runtime_connection.auth_success",
                {"runtime_connection_attempt_id": attempt_id},
            )
            self._advance(run)

    # -- the API -----------------------------------------------------------------------------

    def check_handle(self, handle: str) -> None:
        """404 for a genie this workspace does not have."""
        if handle not in self.handles:
            raise ProviderError(404, f"Genie {handle} not found.")

    def create_conversation(self, handle: str) -> dict[str, Any]:
        """A new conversation."""
        with self.lock:
            self.check_handle(handle)
            conversation = WorkatoConversation(new_id(), handle, self._now())
            self.conversations[conversation.id] = conversation
            return {"conversation_id": conversation.id, "created_at": conversation.created}

    def conversation(self, handle: str, conversation_id: str) -> WorkatoConversation:
        """The conversation, or 404."""
        self.check_handle(handle)
        found = self.conversations.get(conversation_id)
        if found is None or found.handle != handle:
            raise ProviderError(404, f"Conversation {conversation_id} not found.")
        return found

    def upload(self, handle: str, conversation_id: str, name: str, size: int) -> dict[str, Any]:
        """Keep a file for the conversation."""
        with self.lock:
            self.conversation(handle, conversation_id)
            file_id = new_id()
            self.files[file_id] = {"file_id": file_id, "name": name, "size": size}
            return dict(self.files[file_id])

    def send(
        self, handle: str, conversation_id: str, content: str, file_id: str | None
    ) -> WorkatoRun:
        """A user message: start a run answering it."""
        with self.lock:
            conversation = self.conversation(handle, conversation_id)
            if file_id is not None and file_id not in self.files:
                raise ProviderError(400, f"File {file_id} not found.")
            if any(not self.runs[r].finished for r in conversation.runs):
                raise ProviderError(409, "A genie run is already in progress.")
            reply = next(
                (r for r in self.replies if r.pattern.search(content)),
                WorkatoReply(re.compile("")),
            )
            run = WorkatoRun(new_id(), conversation_id, handle, reply, _script(reply))
            run.text = reply.text
            self.runs[run.id] = run
            conversation.runs.append(run.id)
            conversation.messages.append(
                {"id": new_id(), "role": "user", "content": content, "created_at": self._now()}
            )
            self.messages_sent += 1
            self._advance(run)
            return run

    def run(self, handle: str, conversation_id: str, run_id: str) -> WorkatoRun:
        """A run of the conversation, or 404."""
        with self.lock:
            conversation = self.conversation(handle, conversation_id)
            if run_id not in conversation.runs:
                raise ProviderError(404, f"Genie run {run_id} not found.")
            return self.runs[run_id]

    def decide_skill(self, handle: str, conversation_id: str, call_id: str, approved: bool) -> None:
        """Approve or reject the skill call the run waits on."""
        with self.lock:
            self.conversation(handle, conversation_id)
            run = self._waiting_run("skill", call_id)
            run.waiting = None
            self.decisions.append((call_id, approved))
            skill = run.reply.skill
            if approved:
                self._emit(run, "skill.completed", {"call_id": call_id, "skill": skill})
            else:
                self._emit(run, "skill.rejected", {"call_id": call_id, "skill": skill})
                run.text = f"I did not run {skill}, as you asked."
            self._advance(run)

    def connection_link(self, handle: str, attempt_id: str) -> dict[str, Any]:
        """The link that authenticates the connection, or ``authorized`` when done."""
        with self.lock:
            self.check_handle(handle)
            for run in self.runs.values():
                if run.waiting == ("auth", attempt_id):
                    return {"status": "auth_required", "auth_link": {"url": _auth_url(attempt_id)}}
                if any(
                    e["type"] == "runtime_connection.auth_success"
                    and e["data"].get("runtime_connection_attempt_id") == attempt_id
                    for e in run.events
                ):
                    return {"status": "authorized", "auth_link": None}
            raise ProviderError(404, f"Connection attempt {attempt_id} not found.")

    def reject_connection(self, handle: str, attempt_id: str) -> None:
        """Cancel the connection request: the genie goes on without it."""
        with self.lock:
            self.check_handle(handle)
            run = self._waiting_run("auth", attempt_id)
            run.waiting = None
            self._emit(
                run,
                "runtime_connection.auth_rejected",
                {"runtime_connection_attempt_id": attempt_id},
            )
            run.text = f"I could not use {run.reply.connection} without access."
            self._advance(run)

    def events_since(
        self, handle: str, conversation_id: str, since: str | None
    ) -> list[dict[str, Any]]:
        """The conversation's events created at or after ``since``."""
        with self.lock:
            conversation = self.conversation(handle, conversation_id)
            events = [e for r in conversation.runs for e in self.runs[r].events]
            return [e for e in events if since is None or e["created_at"] >= since]

    def messages(self, handle: str, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's messages."""
        with self.lock:
            return list(self.conversation(handle, conversation_id).messages)

    # -- runs --------------------------------------------------------------------------------

    def _waiting_run(self, kind: str, key: str) -> WorkatoRun:
        for run in self.runs.values():
            if run.waiting == (kind, key):
                return run
        what = "skill call" if kind == "skill" else "connection attempt"
        raise ProviderError(404, f"No {what} {key} is waiting.")

    def _advance(self, run: WorkatoRun) -> None:
        while run.steps and run.waiting is None:
            kind, data = run.steps.pop(0)
            if kind == "skill.confirmation_required":
                run.waiting = ("skill", data["call_id"])
            elif kind == "runtime_connection.auth_required":
                run.waiting = ("auth", data["runtime_connection_attempt_id"])
            elif kind == "agent.message":
                data = {"content": run.text}
            self._emit(run, kind, data)
            if kind == "processing.finished":
                run.finished = True
                if data.get("status") == "completed":
                    conversation = self.conversations[run.conversation_id]
                    conversation.messages.append(
                        {
                            "id": new_id(),
                            "role": "assistant",
                            "content": run.text,
                            "genie_run_id": run.id,
                            "created_at": self._now(),
                        }
                    )

    def _emit(self, run: WorkatoRun, kind: str, data: dict[str, Any]) -> None:
        self._event_number += 1
        run.events.append(
            {
                "id": f"evt_{self._event_number:08d}",
                "type": kind,
                "created_at": self._now(),
                "genie_run_id": run.id,
                "conversation_id": run.conversation_id,
                "data": data,
            }
        )

    def _now(self) -> str:
        """The simulated time, each reading a microsecond after the one before."""
        micros = max(int(self.clock.now() * 1_000_000), self._last_micros + 1)
        self._last_micros = micros
        moment = datetime.fromtimestamp(micros / 1_000_000, timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _auth_url(attempt_id: str) -> str:
    return f"/workato/connections/authorize/{attempt_id}"


def _script(reply: WorkatoReply) -> list[tuple[str, dict[str, Any]]]:
    steps: list[tuple[str, dict[str, Any]]] = [("processing.started", {})]
    steps += [("agent.thinking", {"content": text}) for text in reply.thinking]
    if reply.skill is not None:
        steps.append(
            (
                "skill.confirmation_required",
                {"call_id": new_id(), "skill": reply.skill, "arguments": {"period": "yesterday"}},
            )
        )
    if reply.connection is not None:
        attempt = new_id()
        steps.append(
            (
                "runtime_connection.auth_required",
                {
                    "runtime_connection_attempt_id": attempt,
                    "connection": reply.connection,
                    "auth_link": {"url": _auth_url(attempt)},
                },
            )
        )
    if reply.fail is not None:
        steps.append(("processing.finished", {"status": "failed", "error": reply.fail}))
    else:
        steps += [("agent.message", {}), ("processing.finished", {"status": "completed"})]
    return steps
