"""What the sync and async clients share: configuration, the request pipeline and resources."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
from typing_extensions import Unpack

from genie_sdk._binding import Bound, M, Runner, answering, finishing, streaming
from genie_sdk._options import AskOptions, ClientOptions, check_ask_options, check_client_options
from genie_sdk._transport.rate_limit import RateLimiter
from genie_sdk._transport.request import RequestFactory, user_agent
from genie_sdk._transport.retry import RetryPolicy
from genie_sdk._transport.senders import Pipeline
from genie_sdk.auth import resolve_config
from genie_sdk.conversation import downloads, plans
from genie_sdk.conversation.answer import AnswerData
from genie_sdk.conversation.downloads import DownloadSink, DownloadSummary, FileFormat
from genie_sdk.conversation.events import ChunkReady
from genie_sdk.conversation.jobs import AnswerJob, DownloadJob, EventStream, Job, RowStream
from genie_sdk.conversation.plans import Waiting
from genie_sdk.conversation.polling import PollingPolicy
from genie_sdk.resources.conversations import Conversations
from genie_sdk.resources.dashboards import Dashboards, Permissions
from genie_sdk.resources.eval_runs import EvalRuns
from genie_sdk.resources.messages import Messages
from genie_sdk.resources.spaces import Spaces

__all__ = [
    "DEFAULT_TIMEOUT",
    "BaseClient",
    "ask_job",
    "download_job",
    "events_stream",
    "refresh_job",
    "rows_stream",
    "wait_job",
]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


def ask_job(
    client: BaseClient[Any],
    space_id: str,
    question: str,
    *,
    conversation_id: str | None = None,
    **options: Unpack[AskOptions],
) -> Job[AnswerData]:
    """Ask a question and wait for the answer with its query result.

    Starts a new conversation, or sends a follow-up when ``conversation_id`` is given.

    Raises:
        MessageFailedError: Genie could not answer.
        MessageCancelledError: the message was cancelled.
        PollTimeoutError: no answer within the timeout; it carries the ids to ``wait`` on.
        QueryFailedError: the SQL statement failed.
    """
    plan = plans.ask(space_id, question, client._waiting(options), conversation_id=conversation_id)
    return AnswerJob(plan, options.get("on_status"))


def wait_job(
    client: BaseClient[Any],
    space_id: str,
    conversation_id: str,
    message_id: str,
    **options: Unpack[AskOptions],
) -> Job[AnswerData]:
    """Finish a question asked earlier (after a timeout, a crash, in another process)."""
    plan = plans.wait(space_id, conversation_id, message_id, client._waiting(options))
    return AnswerJob(plan, options.get("on_status"))


def events_stream(
    client: BaseClient[Any],
    space_id: str,
    question: str,
    *,
    conversation_id: str | None = None,
    **options: Unpack[AskOptions],
) -> EventStream:
    """Ask a question and yield progress events as they happen; the last is ``AnswerReady``."""
    plan = plans.ask(space_id, question, client._waiting(options), conversation_id=conversation_id)
    return EventStream(plan)


def refresh_job(
    client: BaseClient[Any], answer: AnswerData, **options: Unpack[AskOptions]
) -> Job[AnswerData]:
    """Re-run an answer's SQL (execute-query) and return it with fresh results."""
    return AnswerJob(plans.refresh(answer, client._waiting(options)), options.get("on_status"))


def download_job(
    client: BaseClient[Any],
    answer: AnswerData,
    path: str | os.PathLike[str],
    *,
    format: FileFormat | None = None,
    on_chunk: Callable[[ChunkReady], None] | None = None,
    **options: Unpack[AskOptions],
) -> Job[DownloadSummary]:
    """Download an answer's full result (past the inline cap) to a Parquet or CSV file.

    Chunks are written as they arrive, so memory stays bounded by one chunk; ``on_chunk`` is
    called after each (for progress: it carries ``total_rows``). The format follows the file
    suffix (``.csv``, else Parquet) unless ``format`` is given.
    """
    sink = DownloadSink(path, format)
    return DownloadJob(downloads.download(answer, client._waiting(options)), sink, on_chunk)


def rows_stream(
    client: BaseClient[Any], answer: AnswerData, **options: Unpack[AskOptions]
) -> RowStream:
    """Yield every row of an answer's full result, fetching chunk by chunk as you iterate."""
    return RowStream(downloads.download(answer, client._waiting(options)))


class BaseClient(Bound[M]):
    """Configuration and resources of a Genie client; subclasses add the sending."""

    spaces: Spaces[M]
    """Genie spaces: ``list``, ``get``, ``create``, ``update``, ``trash``."""
    conversations: Conversations[M]
    """Conversations: ``start``, ``list``, ``delete``, ``list_comments``."""
    messages: Messages[M]
    """Messages, feedback, comments, query results, downloads and charts."""
    eval_runs: EvalRuns[M]
    """Evaluation runs: ``create``, ``list``, ``get``, ``list_results``, ``get_result``."""
    dashboards: Dashboards[M]
    """AI/BI dashboards: ``list``, ``get``, ``get_published``."""
    permissions: Permissions[M]
    """Permission levels of workspace objects: ``get_levels``."""

    ask = answering(ask_job)
    wait = answering(wait_job)
    ask_events = streaming(events_stream)
    refresh = answering(refresh_job)
    download = finishing(download_job)
    iter_rows = streaming(rows_stream)

    def _configure(self, host: str | None, options: ClientOptions) -> Pipeline:
        check_client_options(options)
        self._clock = options.get("clock", time.monotonic)
        retry = RetryPolicy(max_retries=options.get("max_retries", 3))
        rate_limit = options.get("rate_limit")
        limiter = RateLimiter(*rate_limit, clock=self._clock) if rate_limit is not None else None
        config = resolve_config(host, auth=options.get("auth"), profile=options.get("profile"))
        self.host: str = config.host.url
        self.config = config
        self.polling: PollingPolicy = options.get("polling") or PollingPolicy()
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        headers = {"User-Agent": user_agent(config.auth_type, options.get("user_agent"))}
        workspace_id = config.workspace_id or config.host.workspace_id
        if workspace_id:
            headers["X-Databricks-Workspace-Id"] = str(workspace_id)
        return Pipeline(
            requests=RequestFactory(self.host, headers),
            auth=config.auth,
            retry=retry,
            limiter=limiter,
            describe=config.describe,
        )

    def _attach(self, runner: Runner) -> None:
        Bound.__init__(self, runner)
        self.spaces = Spaces(runner)
        self.conversations = Conversations(runner)
        self.messages = Messages(runner)
        self.eval_runs = EvalRuns(runner)
        self.dashboards = Dashboards(runner)
        self.permissions = Permissions(runner)

    def _waiting(self, options: AskOptions) -> Waiting:
        check_ask_options(options)
        policy = options.get("polling") or self.polling
        timeout = options.get("timeout")
        if timeout is not None:
            policy = replace(policy, timeout=timeout)
        return Waiting(policy, self._clock)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self.host!r}, auth={self.config.auth_type})"
