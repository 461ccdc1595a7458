"""The simulator's records (spaces, conversations, messages, ...) and their lookups."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from genie_sdk.simulator.domain.acl import AclEntry
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.sql.engine import ResultSet
from genie_sdk.simulator.sql.types import SqlColumn

__all__ = [
    "AgentRecord",
    "Benchmark",
    "CommentRecord",
    "ConversationRecord",
    "DownloadRecord",
    "EvalRunRecord",
    "GenieState",
    "MessageRecord",
    "QueryRecord",
    "SpaceRecord",
]


@dataclass
class Benchmark:
    """A benchmark question registered on a space, with its expected answer."""

    benchmark_question_id: str
    question: str
    sql: str | None = None
    text: str | None = None


@dataclass
class SpaceRecord:
    """A Genie space."""

    space_id: str
    title: str
    description: str | None
    warehouse_id: str
    parent_path: str | None
    serialized_space: str
    etag: str
    create_time: float
    update_time: float
    trashed: bool = False
    benchmarks: list[Benchmark] = field(default_factory=list)


@dataclass
class AgentRecord:
    """A Genie Agent (the management API's view of a space): metadata and its definition."""

    agent_id: str
    display_name: str
    description: str | None
    warehouse_id: str
    definition: dict[str, Any]
    parent_path: str | None
    effective_parent_path: str
    create_time: float
    update_time: float
    trashed: bool = False
    readable: bool = True
    """``False``: a full listing names it in ``unreachable`` instead of returning it."""
    from_integration: bool = False
    """Created from an integration (such as a dashboard): never listed."""


@dataclass
class ConversationRecord:
    """A conversation, the ids of its messages and its comments, oldest first."""

    conversation_id: str
    space_id: str
    user_id: int
    title: str
    created_ms: int
    updated_ms: int
    message_ids: list[str] = field(default_factory=list)
    comments: list[CommentRecord] = field(default_factory=list)


@dataclass
class QueryRecord:
    """A query attachment: its SQL and its latest execution."""

    attachment_id: str
    title: str
    description: str
    sql: str
    statement_id: str
    result: ResultSet | None
    error: str | None
    updated_ms: int


@dataclass
class CommentRecord:
    """A comment on a message."""

    message_comment_id: str
    space_id: str
    conversation_id: str
    message_id: str
    content: str
    user_id: int
    created_ms: int


@dataclass
class MessageRecord:
    """A message: the question, its planned life (``stages``) and the answer it reveals."""

    message_id: str
    space_id: str
    conversation_id: str
    user_id: int
    content: str
    created_ms: int
    updated_ms: int
    stages: list[str]
    started_at: float
    step: int = 0
    queries: list[QueryRecord] = field(default_factory=list)
    text: str | None = None
    text_purpose: str | None = None
    suggested_questions: tuple[str, ...] = ()
    viz_title: str | None = None
    error: dict[str, str] | None = None
    attachment_ids: dict[str, str] = field(default_factory=dict)
    feedback: dict[str, str] | None = None
    completed_at: float | None = None
    expired: bool = False
    comments: list[CommentRecord] = field(default_factory=list)

    @property
    def stage(self) -> str:
        """The planned status at the current step."""
        return self.stages[min(self.step, len(self.stages) - 1)]

    def query(self, attachment_id: str) -> QueryRecord:
        """The query attachment with this id; 404 otherwise."""
        for query in self.queries:
            if query.attachment_id == attachment_id:
                return query
        raise SimulatedApiError.not_found("Attachment", attachment_id)


@dataclass
class DownloadRecord:
    """A full-result export of one query attachment."""

    download_id: str
    signature: str
    statement_id: str
    message_id: str
    attachment_id: str
    sql: str
    result: ResultSet
    format: str
    polls: int = 0
    columns: tuple[SqlColumn, ...] = ()
    error: str | None = None
    chunks: list[bytes] = field(default_factory=list)
    chunk_rows: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class EvalRunRecord:
    """An evaluation run; ``results`` are computed up front and revealed as the run advances."""

    eval_run_id: str
    space_id: str
    user_id: int
    created_ms: int
    updated_ms: int
    started_at: float
    results: list[dict[str, Any]]
    step: int = 0


@dataclass
class GenieState:
    """Every record, guarded by one re-entrant lock (server thread and test thread share it)."""

    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    spaces: dict[str, SpaceRecord] = field(default_factory=dict)
    conversations: dict[str, ConversationRecord] = field(default_factory=dict)
    messages: dict[str, MessageRecord] = field(default_factory=dict)
    downloads: dict[str, DownloadRecord] = field(default_factory=dict)
    eval_runs: dict[str, EvalRunRecord] = field(default_factory=dict)
    messages_created: int = 0
    agents: dict[str, AgentRecord] = field(default_factory=dict)
    acls: dict[tuple[str, str], list[AclEntry]] = field(default_factory=dict)
    """Direct permissions by ``(object_type, object_id)``; objects not here have the default."""
    tags: dict[tuple[str, str], dict[str, str | None]] = field(default_factory=dict)
    """Tag values by key, by ``(entity_type, entity_id)``."""

    def clear(self) -> None:
        """Forget every record."""
        with self.lock:
            self.spaces.clear()
            self.conversations.clear()
            self.messages.clear()
            self.downloads.clear()
            self.eval_runs.clear()
            self.messages_created = 0
            self.agents.clear()
            self.acls.clear()
            self.tags.clear()

    def space(self, space_id: str) -> SpaceRecord:
        """A live (not trashed) space; 404 otherwise."""
        space = self.spaces.get(space_id)
        if space is None or space.trashed:
            raise SimulatedApiError.not_found("Space", space_id)
        return space

    def agent(self, agent_id: str) -> AgentRecord:
        """A live (not trashed) agent; 404 otherwise."""
        agent = self.agents.get(agent_id)
        if agent is None or agent.trashed:
            raise SimulatedApiError.not_found("Genie Agent", agent_id)
        return agent

    def conversation(self, space_id: str, conversation_id: str) -> ConversationRecord:
        """A conversation of a live space; 404 otherwise."""
        self.space(space_id)
        conversation = self.conversations.get(conversation_id)
        if conversation is None or conversation.space_id != space_id:
            raise SimulatedApiError.not_found("Conversation", conversation_id)
        return conversation

    def message(self, space_id: str, conversation_id: str, message_id: str) -> MessageRecord:
        """A message of a conversation; 404 otherwise."""
        self.conversation(space_id, conversation_id)
        message = self.messages.get(message_id)
        if message is None or message.conversation_id != conversation_id:
            raise SimulatedApiError.not_found("Message", message_id)
        return message

    def eval_run(self, space_id: str, eval_run_id: str) -> EvalRunRecord:
        """An eval run of a live space; 404 otherwise."""
        self.space(space_id)
        run = self.eval_runs.get(eval_run_id)
        if run is None or run.space_id != space_id:
            raise SimulatedApiError.not_found("Eval run", eval_run_id)
        return run
