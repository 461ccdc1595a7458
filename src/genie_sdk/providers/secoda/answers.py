"""What Secoda AI answers come back as, and the progress event of generation jobs."""

from __future__ import annotations

from dataclasses import dataclass, field

from genie_sdk._core.events import Event, ResponseIds
from genie_sdk.providers.secoda.models import (
    BackgroundJob,
    EmbeddedPrompt,
    JobStatus,
    PromptReference,
)

__all__ = ["DescriptionJob", "JobProgress", "SecodaAnswer", "prompt_ids"]


def prompt_ids(prompt_id: str, parent: str | None) -> ResponseIds:
    """The ids events carry for a prompt: the prompt it follows (or itself) and its own id."""
    return ResponseIds(parent or prompt_id, prompt_id)


@dataclass(frozen=True)
class SecodaAnswer:
    """Secoda AI's answer to one prompt.

    Attributes:
        prompt_id: The prompt's id: pass it as ``parent`` to follow up, or to `send_feedback`.
        text: The answer text (Markdown), or ``None`` when it is empty.
        references: The catalog entities the answer refers to.
        parent: The prompt this one followed up, if any.
        prompt: The completed [`EmbeddedPrompt`][genie_sdk.providers.secoda.models.EmbeddedPrompt].
    """

    prompt_id: str
    text: str | None
    references: list[PromptReference] = field(default_factory=list)
    parent: str | None = None
    prompt: EmbeddedPrompt | None = field(default=None, repr=False, compare=False)

    @property
    def ids(self) -> ResponseIds:
        """``(conversation_id, response_id)``: the prompt followed (or this one) and this one."""
        return prompt_ids(self.prompt_id, self.parent)

    @classmethod
    def from_prompt(cls, prompt: EmbeddedPrompt) -> SecodaAnswer:
        """The answer held by a ``COMPLETED`` prompt."""
        response = prompt.response
        text = response.content if response is not None else None
        references = list(response.references) if response is not None else []
        return cls(prompt.id, text or None, references, prompt.parent, prompt)

    def __str__(self) -> str:
        return self.text or f"<no answer text for prompt {self.prompt_id}>"


@dataclass(frozen=True)
class DescriptionJob:
    """A finished description-generation job.

    Attributes:
        job_id: A prompt id (one entity) or a background job id (many entities).
        entity_ids: The entities the job wrote for.
        bulk: Whether it ran as a background job.
        status: Its final status.
        content: The generated text (one entity only; a bulk job writes into the catalog).
        logs: The job's log, when the server gave one.
    """

    job_id: str
    entity_ids: list[str]
    bulk: bool
    status: JobStatus | str | None
    content: str | None = None
    logs: object = field(default=None, repr=False)

    @classmethod
    def from_prompt(cls, prompt: EmbeddedPrompt, entity_ids: list[str]) -> DescriptionJob:
        """The job of one entity, from its completed prompt."""
        content = prompt.response.content if prompt.response is not None else None
        return cls(prompt.id, entity_ids, False, prompt.status, content, prompt.logs)

    @classmethod
    def from_background(cls, job: BackgroundJob, entity_ids: list[str]) -> DescriptionJob:
        """The job of many entities, from its completed background job."""
        return cls(job.id, entity_ids, True, job.status, None, job.logs)


@dataclass(frozen=True)
class JobProgress(Event):
    """A description-generation job moved on: new status, or more of it done."""

    job_id: str
    status: JobStatus | str | None
    progress: float | None = None
    """Percent done (0 to 100), when the server says."""
