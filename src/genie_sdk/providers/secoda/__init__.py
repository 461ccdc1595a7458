"""Secoda AI: chat with the data catalog, and AI-written descriptions, on the SDK's transport.

>>> from genie_sdk.providers.secoda import SecodaClient
>>> with SecodaClient("https://app.secoda.co/api/v1", api_key) as secoda:
...     answer = secoda.ask("What tables contain customer information?")
...     more = secoda.ask("Which one has the most rows?", parent=answer.prompt_id)
...     secoda.send_feedback(more.prompt_id, is_helpful=True)
"""

from __future__ import annotations

from genie_sdk.providers.secoda._async_client import (
    DEFAULT_BASE_URL,
    AsyncSecodaClient,
    AsyncSecodaProvider,
)
from genie_sdk.providers.secoda._sync_client import SecodaClient, SecodaProvider
from genie_sdk.providers.secoda.answers import DescriptionJob, JobProgress, SecodaAnswer
from genie_sdk.providers.secoda.errors import JobFailedError, PromptFailedError, SecodaTimeoutError
from genie_sdk.providers.secoda.models import (
    BackgroundJob,
    EmbeddedPrompt,
    JobStatus,
    PromptReference,
    PromptResponse,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "AsyncSecodaClient",
    "AsyncSecodaProvider",
    "BackgroundJob",
    "DescriptionJob",
    "EmbeddedPrompt",
    "JobFailedError",
    "JobProgress",
    "JobStatus",
    "PromptFailedError",
    "PromptReference",
    "PromptResponse",
    "SecodaAnswer",
    "SecodaClient",
    "SecodaProvider",
    "SecodaTimeoutError",
]
