"""Secoda AI flows as plans: ask → poll the prompt; generate → poll the prompt or the job.

Each function checks its arguments at once (``ValueError`` before any request) and returns a
generator of steps that the sync and async clients run alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from genie_sdk._core.calls import Call, response_id
from genie_sdk._core.events import AnswerReady, StatusChanged, TextReady
from genie_sdk._core.plans import Waiting
from genie_sdk._core.steps import Emit, Plan
from genie_sdk.errors import DecodeError
from genie_sdk.providers._polling import Pacer
from genie_sdk.providers.secoda import _calls
from genie_sdk.providers.secoda.answers import (
    DescriptionJob,
    JobProgress,
    SecodaAnswer,
    prompt_ids,
)
from genie_sdk.providers.secoda.errors import JobFailedError, PromptFailedError, SecodaTimeoutError
from genie_sdk.providers.secoda.models import EmbeddedPrompt, GenerationStarted, JobStatus

__all__ = ["announce", "ask", "generate_descriptions", "wait"]


@dataclass
class _Watched:
    """What a timeout reports: the job polled and the status it was last seen in."""

    what: str
    job_id: str = "(not created yet)"
    status: object = None

    def pacer(self, waiting: Waiting) -> Pacer:
        def timed_out(elapsed: float) -> SecodaTimeoutError:
            last = None if self.status is None else str(self.status)
            return SecodaTimeoutError(self.job_id, last, elapsed, self.what)

        return Pacer(waiting, timed_out)


def ask(
    prompt: str,
    waiting: Waiting,
    *,
    parent: str | None = None,
    persona_id: str | None = None,
    web_search: bool | None = None,
) -> Plan[SecodaAnswer]:
    """Ask ``prompt`` (a follow-up of ``parent``) and poll until it is answered."""
    call = _calls.create_prompt(prompt, parent=parent, persona_id=persona_id, web_search=web_search)
    return _ask(call, waiting)


def _ask(call: Call[EmbeddedPrompt], waiting: Waiting) -> Plan[SecodaAnswer]:
    watched = _Watched("prompt")
    pacer = watched.pacer(waiting)
    try:
        created = yield from pacer.send(call)
        watched.job_id = response_id("id", created.id)
    except DecodeError as error:
        error.args = (
            f"{error} -- the prompt was sent and Secoda accepted it, but its answer could not be "
            "read: do not ask again",
        )
        raise
    return (yield from _poll_prompt(watched, created, pacer))


def wait(prompt_id: str, waiting: Waiting) -> Plan[SecodaAnswer]:
    """Poll a prompt asked earlier until it is answered."""
    _calls.get_prompt(prompt_id)
    watched = _Watched("prompt", prompt_id)
    return _poll_prompt(watched, None, watched.pacer(waiting))


def _poll_prompt(
    watched: _Watched, prompt: EmbeddedPrompt | None, pacer: Pacer
) -> Plan[SecodaAnswer]:
    prompt_id = watched.job_id
    get = _calls.get_prompt(prompt_id)
    if prompt is None:
        prompt = yield from pacer.send(get)
    parent = prompt.parent
    seen: object = object()
    while True:
        parent = prompt.parent or parent
        ids = prompt_ids(prompt_id, parent)
        if prompt.status != seen:
            seen = watched.status = prompt.status
            yield Emit(StatusChanged(prompt.status, ids=ids))
        if prompt.status == JobStatus.FAILED:
            raise PromptFailedError(prompt_id, prompt.logs)
        if prompt.status == JobStatus.COMPLETED:
            answer = SecodaAnswer.from_prompt(prompt.model_copy(update={"id": prompt_id}))
            if answer.text:
                yield Emit(TextReady(answer.text, ids=ids))
            return answer
        yield pacer.next_sleep(prompt.status)
        prompt = yield from pacer.send(get)


def generate_descriptions(
    entity_ids: list[str], field: str, waiting: Waiting
) -> Plan[DescriptionJob]:
    """Start description generation and poll it: a prompt for one entity, a job for many."""
    call = _calls.generate_metadata(field, entity_ids)
    return _generate(list(entity_ids), call, waiting)


def _generate(
    entity_ids: list[str], call: Call[GenerationStarted], waiting: Waiting
) -> Plan[DescriptionJob]:
    watched = _Watched("generation job")
    pacer = watched.pacer(waiting)
    started = yield from pacer.send(call)
    job_id = watched.job_id = response_id("job_id", started.job_id)
    bulk = len(entity_ids) > 1
    seen: object = object()
    while True:
        if bulk:
            job = yield from pacer.send(_calls.get_background_job(job_id))
            progress, logs = job.progress, job.logs
        else:
            prompt = yield from pacer.send(_calls.get_prompt(job_id))
            progress, logs = None, prompt.logs
        status = job.status if bulk else prompt.status
        if (status, progress) != seen:
            seen, watched.status = (status, progress), status
            yield Emit(JobProgress(job_id, status, progress))
        if status == JobStatus.FAILED:
            raise JobFailedError(job_id, logs)
        if status == JobStatus.COMPLETED:
            if bulk:
                return DescriptionJob.from_background(job, entity_ids)
            return DescriptionJob.from_prompt(prompt.model_copy(update={"id": job_id}), entity_ids)
        yield pacer.next_sleep(seen)


def announce(plan: Plan[SecodaAnswer]) -> Plan[SecodaAnswer]:
    """Run ``plan`` and emit `AnswerReady` with its answer as the last event."""
    answer = yield from plan
    yield Emit(AnswerReady(answer, ids=answer.ids))
    return answer
