"""Questions running in the background while the page polls for their progress."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from genie_chat.backend import Mode
from genie_sdk import Answer, AnswerReady, Event, GenieClient, GenieError, MessageIds
from genie_sdk.errors import PollTimeoutError
from genie_sdk.providers import FeedbackProvider, Provider, ProviderAnswer

__all__ = ["AnyAnswer", "Job", "JobRequest", "Jobs", "Mode", "Snapshot", "run_job"]

AnyAnswer = Answer | ProviderAnswer
"""Chat mode's own answer, or any other provider's answer in the provider protocol's shape."""


@dataclass(frozen=True)
class JobRequest:
    """What to do: ask ``question`` (in ``conversation_id``), or resume the message ``resume``."""

    question: str
    space_id: str
    conversation_id: str | None = None
    resume: MessageIds | None = None
    mode: Mode = "chat"
    principal: str = "app"
    """Who asked (see `Backend.principal`): only they may rate the answer."""


@dataclass(frozen=True)
class Snapshot:
    """A job's state at one moment, safe to read from any thread."""

    job_id: str
    request: JobRequest
    events: tuple[Event, ...]
    done: bool
    answer: AnyAnswer | None
    error: BaseException | None
    ids: MessageIds | None
    """The message's ids once the server accepted the question (chat mode)."""
    conversation_id: str | None
    """The conversation, once the server accepted the question (every mode)."""
    decided: frozenset[str]
    """Workato: the skill calls and connection attempts the user already answered."""
    takes_feedback: bool
    """Whether the provider that answered takes feedback (chat mode has its own)."""


@dataclass
class Job:
    """One question in flight; its thread records events and the outcome."""

    job_id: str
    request: JobRequest
    events: list[Event] = field(default_factory=list)
    done: bool = False
    answer: AnyAnswer | None = None
    error: BaseException | None = None
    ids: MessageIds | None = None
    conversation_id: str | None = None
    retried: bool = False
    decided: set[str] = field(default_factory=set)
    takes_feedback: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, event: Event) -> None:
        """Keep an event (and the ids it carries)."""
        with self.lock:
            self.events.append(event)
            if isinstance(event.ids, MessageIds):
                self.ids = event.ids
            if event.ids is not None:
                self.conversation_id = event.ids.conversation_id

    def finish(self, answer: AnyAnswer | None, error: BaseException | None) -> None:
        """The question ended with ``answer`` or ``error``."""
        with self.lock:
            self.answer, self.error, self.done = answer, error, True
            if isinstance(answer, ProviderAnswer):
                self.conversation_id = answer.conversation
            elif answer is not None:
                self.conversation_id = answer.conversation_id
            if isinstance(answer, Answer):
                self.ids = answer.ids
            elif isinstance(error, PollTimeoutError):
                self.ids = MessageIds(*error.ids)

    def snapshot(self) -> Snapshot:
        """The state now."""
        with self.lock:
            return Snapshot(
                self.job_id,
                self.request,
                tuple(self.events),
                self.done,
                self.answer,
                self.error,
                self.ids,
                self.conversation_id or (self.ids.conversation_id if self.ids else None),
                frozenset(self.decided),
                self.takes_feedback,
            )

    def decide(self, key: str) -> bool:
        """Mark a skill call or connection attempt answered; ``False`` if it already was."""
        with self.lock:
            if key in self.decided:
                return False
            self.decided.add(key)
            return True

    def undecide(self, key: str) -> None:
        """The answer to ``key`` did not reach the genie: offer the choice again."""
        with self.lock:
            self.decided.discard(key)


def run_job(job: Job, client: GenieClient, provider: Provider | None = None) -> AnyAnswer:
    """Ask or resume, recording every event; `Jobs` calls it on the job's thread.

    Chat mode (no ``provider``) reports the SDK's events to ``on_event`` (rate-limit waits
    included) with the client's polling policy (the app's clients poll for a person watching)
    and can resume a message. Every other mode asks its provider through the provider protocol
    and records the events it streams (a report in parts as it is written, a Workato genie's
    requests for approval).
    """
    request = job.request
    if provider is not None:
        events = provider.ask_events(request.question, conversation=request.conversation_id)
        for event in events:
            job.record(event)
            if isinstance(event, AnswerReady):
                answer: ProviderAnswer = event.answer
                return answer
        raise RuntimeError("the stream ended without an answer")  # providers end with one
    if request.resume is not None:
        return client.wait(*request.resume, on_event=job.record)
    conversation = client.conversation(request.space_id, request.conversation_id)
    return conversation.ask(request.question, on_event=job.record)


class Jobs:
    """The jobs of every user, each on its own thread; the oldest finished ones are forgotten."""

    def __init__(self, keep: int = 200) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def start(
        self,
        request: JobRequest,
        client: GenieClient,
        on_done: Callable[[Job], None] = lambda _job: None,
        provider: Provider | None = None,
    ) -> str:
        """Run ``request`` with ``client`` (or ``provider``) on a new thread; returns its id."""
        job = Job(uuid.uuid4().hex, request, takes_feedback=isinstance(provider, FeedbackProvider))
        with self._lock:
            self._jobs[job.job_id] = job
            self._forget_old()

        def work() -> None:
            try:
                job.finish(run_job(job, client, provider), None)
            except GenieError as error:
                job.finish(None, error)
            except Exception as error:
                job.finish(None, error)
            finally:
                on_done(job)

        threading.Thread(target=work, name=f"genie-job-{job.job_id[:8]}", daemon=True).start()
        return job.job_id

    def add_finished(
        self, request: JobRequest, error: BaseException, ids: MessageIds | None
    ) -> str:
        """Record a question that ended earlier (seen in a reopened conversation), to retry it."""
        job = Job(uuid.uuid4().hex, request)
        job.ids = ids
        job.finish(None, error)
        with self._lock:
            self._jobs[job.job_id] = job
            self._forget_old()
        return job.job_id

    def claim_retry(self, job_id: str) -> Snapshot | None:
        """The failed job, the first time it is retried; ``None`` afterwards (one retry each)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            return None
        with job.lock:
            if not job.done or job.error is None or job.retried:
                return None
            job.retried = True
        return job.snapshot()

    def decide(self, job_id: str, key: str) -> bool:
        """Mark ``key`` of a running job answered; ``False`` for an unknown or finished job, or a
        key answered before (each request for approval is answered once)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job is not None and not job.snapshot().done and job.decide(key)

    def undecide(self, job_id: str, key: str) -> None:
        """Offer the choice ``key`` of a running job again (its answer failed to send)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None:
            job.undecide(key)

    def get(self, job_id: str | None) -> Snapshot | None:
        """The job's state, or ``None`` for an unknown id."""
        with self._lock:
            job = self._jobs.get(job_id or "")
        return job.snapshot() if job is not None else None

    def _forget_old(self) -> None:
        finished = [key for key, job in self._jobs.items() if job.done]
        for key in finished[: max(0, len(self._jobs) - self._keep)]:
            del self._jobs[key]
