"""What each user action does, over the SDK; the Dash callbacks only pass values in and out."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from dash import html

from genie_chat.answers import AnswerCache
from genie_chat.backend import Backend
from genie_chat.failures import Failure, explain
from genie_chat.insights import InsightsError, ask_model, insights_request
from genie_chat.jobs import JobRequest, Jobs, Mode, Snapshot
from genie_chat.progress import progress_of
from genie_chat.table import table_page
from genie_chat.views import (
    PROVIDER_NAMES,
    answer_view,
    failure_view,
    progress_view,
    report_view,
    table_view,
)
from genie_sdk import Answer, GenieError, MessageIds
from genie_sdk.models import ConversationSummary
from genie_sdk.providers import FeedbackProvider, ProviderAnswer

__all__ = ["MAX_QUESTION", "Chat", "TurnUpdate"]

MAX_QUESTION = 10_000
"""Characters a question may have (Genie's limit)."""
MAX_LISTED = 50
"""Conversations shown in the sidebar."""
MAX_MESSAGES = 100
"""Messages of a reopened conversation shown."""
_AGENT_CONVERSATION = "GENIE_CONVERSATION_TYPE_AGENT"
"""Agent-mode conversations, which the sidebar (of chat conversations) leaves out."""
_TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED"})


@dataclass(frozen=True)
class TurnUpdate:
    """What a poll of a running question shows: progress, or the finished turn."""

    progress: Any
    turn: Any | None
    """The finished turn to append to the chat; ``None`` while the question runs."""
    conversation_id: str | None
    done: bool


def check_question(text: str | None) -> str:
    """The question to send, trimmed; `ValueError` with a message for the user otherwise."""
    question = (text or "").strip()
    if not question:
        raise ValueError("Type a question first.")
    if len(question) > MAX_QUESTION:
        raise ValueError(f"Questions can have at most {MAX_QUESTION:,} characters.")
    return question


class Chat:
    """The app's actions for every user, sharing the backend, the running jobs and the answers."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.jobs = Jobs()
        self.answers = AnswerCache()
        self._versions = itertools.count(1)

    @property
    def insights_enabled(self) -> bool:
        """Insights need a serving endpoint in the configuration."""
        return bool(self.backend.serving_endpoint)

    def next_version(self) -> int:
        """A new value for the sidebar's refresh trigger."""
        return next(self._versions)

    # -- asking ------------------------------------------------------------------------------

    def ask(
        self,
        headers: Mapping[str, str],
        question: str,
        conversation_id: str | None,
        mode: Mode = "chat",
    ) -> str:
        """Start asking ``question`` in the conversation (``None``: a new one); returns a job id."""
        if mode not in self.backend.modes():
            raise ValueError("This way of answering is not available here.")
        request = JobRequest(
            check_question(question),
            self.backend.space_id,
            conversation_id,
            mode=mode,
            principal=self.backend.principal(headers),
        )
        return self._start(headers, request)

    def retry(self, headers: Mapping[str, str], job_id: str) -> str | None:
        """Retry a failed job the way its failure allows, once; ``None`` when it cannot be."""
        failed = self.jobs.claim_retry(job_id)
        if failed is None:
            return None
        assert failed.error is not None
        recovery = explain(failed.error, failed.ids).recovery
        request = failed.request
        if recovery == "resume" and failed.ids is not None:
            request = JobRequest(
                request.question, request.space_id, failed.ids.conversation_id, resume=failed.ids
            )
        elif recovery in ("resend", "ask_again"):
            conversation = failed.conversation_id or request.conversation_id
            request = JobRequest(
                request.question,
                request.space_id,
                conversation,
                mode=request.mode,
                principal=request.principal,
            )
        else:
            return None
        return self._start(headers, request)

    def _start(self, headers: Mapping[str, str], request: JobRequest) -> str:
        principal = self.backend.principal(headers)
        client = self.backend.client(headers)
        chat_mode = request.mode == "chat" or request.resume is not None
        try:
            provider = None if chat_mode else self.backend.provider(request.mode, client)
        except ValueError:
            self.backend.release(client)
            raise

        def done(job: Any) -> None:
            if isinstance(job.answer, Answer):
                self.answers.put(principal, job.answer)
            self.backend.release(client)

        return self.jobs.start(request, client, done, provider)

    def busy(self, job_id: str | None) -> bool:
        """Whether the page's question is still running (one question at a time per page)."""
        job = self.jobs.get(job_id)
        return job is not None and not job.done

    def poll(self, job_id: str | None) -> TurnUpdate | None:
        """The state of a running question, or ``None`` for an unknown job."""
        job = self.jobs.get(job_id)
        if job is None:
            return None
        question = job.request.question
        conversation_id = job.conversation_id or job.request.conversation_id
        if not job.done:
            progress = progress_of(job.events)
            if progress.waiting is not None and progress.waiting.key in job.decided:
                progress = replace(progress, waiting=None)
            view = progress_view(question, progress, job.job_id)
            return TurnUpdate(view, None, conversation_id, False)
        return TurnUpdate(None, self._turn(job), conversation_id, True)

    def _turn(self, job: Snapshot) -> Any:
        if isinstance(job.answer, Answer):
            return answer_view(job.answer, insights=self.insights_enabled)
        if isinstance(job.answer, ProviderAnswer):
            question = job.request.question
            return report_view(job.answer, question, job.job_id, feedback=job.takes_feedback)
        assert job.error is not None
        return failure_view(job.request.question, explain(job.error, job.ids), job.job_id)

    # -- conversations -----------------------------------------------------------------------

    def conversations(self, headers: Mapping[str, str]) -> list[ConversationSummary]:
        """The user's most recent conversations in the space, from the API."""
        with self.backend.session(headers) as client:
            listed = client.conversations.list(self.backend.space_id, page_size=MAX_LISTED)
            chats = (c for c in listed if str(c.agent_type or "") != _AGENT_CONVERSATION)
            return list(itertools.islice(chats, MAX_LISTED))

    def open(self, headers: Mapping[str, str], conversation_id: str) -> list[Any]:
        """Every turn of a past conversation, oldest first."""
        space_id = self.backend.space_id
        principal = self.backend.principal(headers)
        with self.backend.session(headers) as client:
            listed = client.messages.list(space_id, conversation_id)
            messages = sorted(
                itertools.islice(listed, MAX_MESSAGES), key=lambda m: m.created_timestamp or 0
            )
            turns = []
            for message in messages:
                ids = MessageIds(space_id, conversation_id, message.message_id)
                request = JobRequest(message.content or "", space_id, conversation_id)
                if str(message.status) not in _TERMINAL:
                    turns.append(self._still_running(request, ids))
                    continue
                try:
                    answer = self.answers.get(principal, ids, client)
                except GenieError as error:
                    job_id = self.jobs.add_finished(request, error, ids)
                    turns.append(failure_view(request.question, explain(error, ids), job_id))
                else:
                    turns.append(answer_view(answer, insights=self.insights_enabled))
            return turns

    def _still_running(self, request: JobRequest, ids: MessageIds) -> Any:
        job_id = self.jobs.add_finished(request, RuntimeError("still running"), ids)
        failure = Failure(
            "Genie is still working on this",
            "This question was not finished when the conversation was opened.",
            "resume",
            "The message is still in progress.",
        )
        return failure_view(request.question, failure, job_id)

    def delete(self, headers: Mapping[str, str], conversation_id: str) -> None:
        """Delete a conversation in Genie."""
        with self.backend.session(headers) as client:
            client.conversations.delete(self.backend.space_id, conversation_id)

    # -- one answer --------------------------------------------------------------------------

    def _answer(self, headers: Mapping[str, str], ids: list[str]) -> Answer:
        with self.backend.session(headers) as client:
            return self.answers.get(self.backend.principal(headers), MessageIds(*ids), client)

    def page(self, headers: Mapping[str, str], ids: list[str], page: int) -> tuple[Any, int]:
        """Page ``page`` of an answer's table, and the page number it really shows."""
        answer = self._answer(headers, ids)
        if answer.result is None:
            raise ValueError("this answer has no table")
        shown = table_page(answer.result, page)
        return table_view(shown, answer.message_id), shown.page

    def feedback(self, headers: Mapping[str, str], ids: list[str], rating: str) -> None:
        """Send a thumbs up (``POSITIVE``) or down (``NEGATIVE``) to Genie."""
        with self.backend.session(headers) as client:
            client.messages.send_feedback(*ids, rating)

    # -- other providers ---------------------------------------------------------------------

    def rate(self, headers: Mapping[str, str], job_id: str, helpful: bool) -> str:
        """Send feedback on a provider's answer through the provider; returns who received it."""
        job = self.jobs.get(job_id)
        principal = self.backend.principal(headers)
        if job is None or job.request.principal != principal:
            raise ValueError("This answer is no longer available for feedback.")
        if not isinstance(job.answer, ProviderAnswer) or not job.takes_feedback:
            raise ValueError("This answer does not take feedback.")
        with self.backend.session(headers) as client:
            provider = self.backend.provider(job.request.mode, client)
            if not isinstance(provider, FeedbackProvider):
                raise ValueError("This answer does not take feedback.")
            provider.send_feedback(job.answer, helpful)
        return PROVIDER_NAMES.get(job.answer.provider, "Genie")

    def decide(self, headers: Mapping[str, str], job_id: str, key: str, approve: bool) -> str:
        """Answer a Workato genie that waits: approve or reject a skill call, or go on without
        a connection (``key`` is the call id or the attempt id). Returns what was done."""
        job = self.jobs.get(job_id)
        workato, handle = self.backend.workato, self.backend.workato_genie
        mine = job is not None and job.request.principal == self.backend.principal(headers)
        if job is None or not mine or workato is None or handle is None:
            raise ValueError("Nothing is waiting for an answer.")
        waiting = progress_of(job.events).waiting
        conversation = job.conversation_id
        if waiting is None or waiting.key != key or conversation is None:
            raise ValueError("This request was already answered.")
        if not self.jobs.decide(job_id, key):
            raise ValueError("This request was already answered.")
        try:
            if waiting.kind == "connection":
                workato.reject_connection(handle, key)
                return "The genie goes on without the connection."
            if approve:
                workato.approve(handle, conversation, key)
                return f"Allowed {waiting.name or 'the skill'}."
            workato.reject(handle, conversation, key)
            return f"Rejected {waiting.name or 'the skill'}."
        except GenieError:
            self.jobs.undecide(job_id, key)  # the genie still waits: show the buttons again
            raise

    def insights(self, headers: Mapping[str, str], ids: list[str]) -> str:
        """The serving endpoint's analysis of an answer's result."""
        endpoint = self.backend.serving_endpoint
        if not endpoint:
            raise InsightsError("No serving endpoint is configured.")
        answer = self._answer(headers, ids)
        if answer.result is None:
            raise InsightsError("This answer has no result to analyse.")
        request = insights_request(answer.message.content or "", answer.result)
        with self.backend.session(headers) as client:
            return ask_model(client, endpoint, request)


def failure_text(error: BaseException) -> html.Span:
    """A short error line for actions that are not questions (feedback, paging, lists)."""
    if isinstance(error, (InsightsError, ValueError)):  # a message meant for the user
        return html.Span(str(error), className="error")
    return html.Span(explain(error, None).text, className="error")
