"""The Secoda AI API's requests, as data (no I/O)."""

from __future__ import annotations

from genie_sdk._core.calls import Call, segment
from genie_sdk._core.endpoints._common import decode_empty, non_empty, request_body
from genie_sdk.providers.secoda.models import (
    BackgroundJob,
    CreatePromptRequest,
    EmbeddedPrompt,
    GenerateMetadataRequest,
    GenerationStarted,
    PromptFeedbackRequest,
)

__all__ = [
    "create_prompt",
    "generate_metadata",
    "get_background_job",
    "get_prompt",
    "send_feedback",
]

FIELDS = ("description", "definition")
"""What Secoda AI writes for an entity."""


def create_prompt(
    prompt: str,
    *,
    parent: str | None = None,
    persona_id: str | None = None,
    web_search: bool | None = None,
) -> Call[EmbeddedPrompt]:
    """``POST /ai/embedded_prompt/``: ask a question (a follow-up of ``parent`` when given)."""
    if parent is not None:
        segment("parent", parent)
    body = request_body(
        CreatePromptRequest,
        prompt=non_empty("prompt", prompt),
        parent=parent,
        persona_id=persona_id,
        web_search=web_search,
    )
    return Call(
        "POST",
        "/ai/embedded_prompt/",
        EmbeddedPrompt.model_validate,
        decode_json=EmbeddedPrompt.model_validate_json,
        body=body,
    )


def get_prompt(prompt_id: str) -> Call[EmbeddedPrompt]:
    """``GET /ai/embedded_prompt/{id}/``: a prompt's status and, once complete, its answer."""
    return Call(
        "GET",
        f"/ai/embedded_prompt/{segment('prompt_id', prompt_id)}/",
        EmbeddedPrompt.model_validate,
        decode_json=EmbeddedPrompt.model_validate_json,
    )


def send_feedback(prompt_id: str, is_helpful: bool, feedback: str | None = None) -> Call[None]:
    """``POST /ai/embedded_prompt/{id}/feedback/``: whether the answer helped, and why."""
    body = request_body(PromptFeedbackRequest, is_helpful=is_helpful, feedback=feedback)
    path = f"/ai/embedded_prompt/{segment('prompt_id', prompt_id)}/feedback/"
    return Call("POST", path, decode_empty, body=body)


def generate_metadata(field: str, entity_ids: list[str]) -> Call[GenerationStarted]:
    """``POST /bulk_generate_ai_metadata/generate/``: one prompt for one entity, else a job."""
    if field not in FIELDS:
        raise ValueError(f"field must be one of {', '.join(FIELDS)}, got {field!r}")
    if isinstance(entity_ids, str) or not entity_ids:
        raise ValueError("entity_ids must be a non-empty list of entity ids")
    for entity_id in entity_ids:
        non_empty("entity_ids[]", entity_id)
    body = request_body(
        GenerateMetadataRequest,
        field=field,
        entity_ids=list(entity_ids),
        bulk_generate=len(entity_ids) > 1,
    )
    return Call(
        "POST",
        "/bulk_generate_ai_metadata/generate/",
        GenerationStarted.model_validate,
        decode_json=GenerationStarted.model_validate_json,
        body=body,
    )


def get_background_job(job_id: str) -> Call[BackgroundJob]:
    """``GET /background_jobs/{id}/``: a bulk job's status and progress."""
    return Call(
        "GET",
        f"/background_jobs/{segment('job_id', job_id)}/",
        BackgroundJob.model_validate,
        decode_json=BackgroundJob.model_validate_json,
    )
