"""Typed models of the Secoda AI API: prompts, their answers and references, generation jobs.

Responses keep fields this SDK does not know; statuses are matched in any case (``completed``
reads as ``COMPLETED``) and unknown ones stay strings.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from genie_sdk.models._base import GenieModel, Open, OpenEnum, RequestModel

__all__ = [
    "BackgroundJob",
    "CreatePromptRequest",
    "EmbeddedPrompt",
    "GenerateMetadataRequest",
    "GenerationStarted",
    "JobStatus",
    "PromptFeedbackRequest",
    "PromptReference",
    "PromptResponse",
    "SecodaUser",
]


class JobStatus(OpenEnum):
    """Life-cycle status of a prompt or a background job."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


Status = Annotated[Open[JobStatus] | None, BeforeValidator(_upper)]
"""A status in any case: known values become `JobStatus` members, others stay strings."""


class SecodaUser(GenieModel):
    """Who asked a prompt."""

    id: str | None = None
    """The user's id."""
    email: str | None = None
    """The user's email address."""
    full_name: str | None = None
    """The user's name."""


class PromptReference(GenieModel):
    """A catalog entity an answer refers to."""

    id: str | None = None
    """The entity's id in the catalog."""
    title: str | None = None
    """The entity's title."""
    type: str | None = None
    """The entity's type (``table``, ``column``, ``dashboard``...)."""


class PromptResponse(GenieModel):
    """What Secoda AI answered."""

    content: str | None = None
    """The answer text (Markdown)."""
    references: list[PromptReference] = Field(default_factory=list)
    """The catalog entities the answer refers to."""


class EmbeddedPrompt(GenieModel):
    """A prompt and, once ``COMPLETED``, its answer (``GET /ai/embedded_prompt/{id}/``)."""

    id: str
    """The prompt's id: poll it, follow up on it (``parent``), give feedback on it."""
    title: str | None = None
    """A title Secoda gave the prompt."""
    prompt: str | None = None
    """The prompt's text."""
    status: Status = None
    """``PENDING``, ``RUNNING``, ``COMPLETED`` or ``FAILED``."""
    response: PromptResponse | None = None
    """The answer, once ``COMPLETED``."""
    logs: Any = None
    """What went wrong, when ``FAILED`` (text or structured, as the server sends it)."""
    parent: str | None = None
    """The prompt this one follows up, if any."""
    user: SecodaUser | None = None
    """Who asked."""
    created_at: str | None = None
    """When the prompt was created (ISO 8601)."""
    updated_at: str | None = None
    """When it last changed (ISO 8601)."""
    user_generated: bool | None = None
    """Whether a person (rather than a generation job) asked it."""
    persona: Any = None
    """The AI persona that answered, if one was chosen."""
    shared_globally: bool | None = None
    """Whether the prompt is shared with the whole workspace."""
    children: list[Any] = Field(default_factory=list)
    """Follow-up prompts."""


class GenerationStarted(GenieModel):
    """The answer to a description-generation request."""

    job_id: str
    """A prompt id (one entity) or a background job id (many entities)."""


class BackgroundJob(GenieModel):
    """A bulk generation job (``GET /background_jobs/{id}/``)."""

    id: str
    """The job's id."""
    title: str | None = None
    """What the job does."""
    status: Status = None
    """``PENDING``, ``RUNNING``, ``COMPLETED`` or ``FAILED``."""
    progress: float | None = None
    """Percent done, 0 to 100."""
    created_at: str | None = None
    """When the job was created (ISO 8601)."""
    updated_at: str | None = None
    """When it last changed (ISO 8601)."""
    logs: Any = None
    """The job's log (what went wrong, when ``FAILED``)."""


class CreatePromptRequest(RequestModel):
    """Body of ``POST /ai/embedded_prompt/``."""

    prompt: str
    """The question."""
    parent: str | None = None
    """The prompt this one follows up."""
    user_generated: bool = True
    """Whether a person wrote the prompt."""
    persona_id: str | None = None
    """An AI persona to answer with."""
    web_search: bool | None = None
    """Whether Secoda AI may search the web."""


class PromptFeedbackRequest(RequestModel):
    """Body of ``POST /ai/embedded_prompt/{id}/feedback/``."""

    is_helpful: bool
    """Whether the answer helped."""
    feedback: str | None = None
    """What the asker thinks of it."""


class GenerateMetadataRequest(RequestModel):
    """Body of ``POST /bulk_generate_ai_metadata/generate/``."""

    field: str
    """``description`` or ``definition``."""
    entity_ids: list[str]
    """The entities to write it for."""
    bulk_generate: bool
    """``True`` for a background job (many entities), ``False`` for one prompt."""
