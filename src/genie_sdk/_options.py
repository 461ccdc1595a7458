"""Keyword options shared by both clients and by every question."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from typing_extensions import TypedDict

from genie_sdk.conversation.polling import PollingPolicy
from genie_sdk.models import Message

__all__ = ["AskOptions", "ClientOptions"]


class ClientOptions(TypedDict, total=False):
    """Options of ``GenieClient`` and ``AsyncGenieClient``.

    Attributes:
        auth: Credentials (an ``httpx.Auth`` such as ``PAT`` or ``OAuthM2M``); found in the
            environment or ``~/.databrickscfg`` when omitted.
        profile: Name of a ``~/.databrickscfg`` profile to read host and credentials from.
        timeout: HTTP timeout in seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of a failed request (see :class:`~genie_sdk.RetryPolicy`); default 3.
        polling: Default :class:`~genie_sdk.PollingPolicy` while waiting for answers.
        rate_limit: ``(calls, seconds)``: at most that many POSTs per period from this client,
            shared by all its threads or tasks; ``None`` (default) for no client-side limit.
        user_agent: An extra ``name/version`` to append to the ``User-Agent``.
        clock: Monotonic clock used to measure polling time (inject one in tests).
    """

    auth: httpx.Auth | None
    profile: str | None
    timeout: float | httpx.Timeout
    max_retries: int
    polling: PollingPolicy
    rate_limit: tuple[int, float] | None
    user_agent: str | None
    clock: Callable[[], float]


class AskOptions(TypedDict, total=False):
    """Per-question options of ``ask`` and ``wait``.

    Attributes:
        timeout: Seconds to wait for the answer before :class:`~genie_sdk.errors.PollTimeoutError`
            (default: the polling policy's, 10 minutes).
        polling: A :class:`~genie_sdk.PollingPolicy` for this question only.
        on_status: Called with the :class:`~genie_sdk.models.Message` each time its status changes.
    """

    timeout: float | None
    polling: PollingPolicy | None
    on_status: Callable[[Message], None] | None
