"""Errors of the Secoda AI provider; every one is a [`GenieError`][genie_sdk.errors.GenieError]."""

from __future__ import annotations

from typing import Any

from genie_sdk.errors import GenieError

__all__ = ["JobFailedError", "PromptFailedError", "SecodaTimeoutError"]

_LOG_EXCERPT = 500


def _excerpt(logs: Any) -> str:
    text = "no logs" if logs in (None, "", [], {}) else str(logs)
    return text if len(text) <= _LOG_EXCERPT else text[:_LOG_EXCERPT] + "…"


class PromptFailedError(GenieError):
    """Secoda AI could not answer: the prompt ended ``FAILED``.

    Attributes:
        prompt_id: The prompt that failed.
        logs: Its ``logs`` as the server sent them (text or structured).
    """

    def __init__(self, prompt_id: str, logs: Any) -> None:
        self.prompt_id = prompt_id
        self.logs = logs
        super().__init__(f"Secoda prompt {prompt_id} failed: {_excerpt(logs)}")


class JobFailedError(GenieError):
    """A description-generation job ended ``FAILED``.

    Attributes:
        job_id: The job (a prompt id for one entity, a background job id for many).
        logs: Its ``logs`` as the server sent them.
    """

    def __init__(self, job_id: str, logs: Any) -> None:
        self.job_id = job_id
        self.logs = logs
        super().__init__(f"Secoda generation job {job_id} failed: {_excerpt(logs)}")


class SecodaTimeoutError(GenieError, TimeoutError):
    """A prompt or job was still running when the polling timeout ran out.

    Attributes:
        job_id: The prompt or job still running: ``client.wait(job_id)`` resumes a prompt.
        last_status: Its last status seen.
        elapsed: Seconds waited.
    """

    def __init__(self, job_id: str, last_status: str | None, elapsed: float, what: str) -> None:
        self.job_id = job_id
        self.last_status = last_status
        self.elapsed = elapsed
        super().__init__(
            f"gave up waiting for Secoda {what} {job_id} after {elapsed:.1f}s "
            f"(last status {last_status}); it may still finish"
        )
