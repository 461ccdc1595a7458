"""Keyword options shared by both clients and by every question."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import httpx
from typing_extensions import TypedDict

from genie_sdk._checks import finite, integer
from genie_sdk._core.polling import PollingPolicy
from genie_sdk.models import Message

__all__ = ["AskOptions", "ClientOptions", "check_ask_options", "check_client_options"]


class ClientOptions(TypedDict, total=False):
    """Options of ``GenieClient`` and ``AsyncGenieClient``.

    Attributes:
        auth: Credentials (an ``httpx.Auth`` such as ``PAT`` or ``OAuthM2M``); found in the
            environment or ``~/.databrickscfg`` when omitted.
        profile: Name of a ``~/.databrickscfg`` profile to read host and credentials from.
        timeout: Seconds each request may take in all: connecting, sending and reading the
            whole answer (default 60). An ``httpx.Timeout`` sets per-phase limits too; its
            largest one bounds the whole request.
        max_retries: Retries of a failed request, 3 by default (see
            [`RetryPolicy`][genie_sdk.RetryPolicy]).
        polling: Default [`PollingPolicy`][genie_sdk.PollingPolicy] while waiting for answers.
        rate_limit: ``(calls, seconds)``: at most that many POSTs per period from this client,
            shared by all its threads or tasks; ``None`` (default) for no client-side limit.
        user_agent: An extra ``name/version`` to append to the ``User-Agent``.
        clock: Monotonic clock used to measure polling time (inject one in tests).
        max_chunk_bytes: Largest chunk of a full-result download read from its link, in bytes,
            on the wire and once inflated (default 256 MiB); past it the download stops with
            [`ResponseTooLargeError`][genie_sdk.errors.ResponseTooLargeError]. API answers are
            capped at 64 MiB.
    """

    auth: httpx.Auth | None
    profile: str | None
    timeout: float | httpx.Timeout
    max_retries: int
    polling: PollingPolicy
    rate_limit: tuple[int, float] | None
    user_agent: str | None
    clock: Callable[[], float]
    max_chunk_bytes: int


class AskOptions(TypedDict, total=False):
    """Per-question options of ``ask`` and ``wait``.

    Attributes:
        timeout: Seconds to wait for the answer before
            [`PollTimeoutError`][genie_sdk.errors.PollTimeoutError] (default: the polling
            policy's, 10 minutes), time spent in requests included.
        polling: A [`PollingPolicy`][genie_sdk.PollingPolicy] for this question only.
        on_status: Called with the [`Message`][genie_sdk.models.Message] each time its status
            changes.
    """

    timeout: float | None
    polling: PollingPolicy | None
    on_status: Callable[[Message], None] | None


def check_client_options(options: ClientOptions) -> None:
    """Raise ``TypeError`` for an unknown option, ``ValueError`` for a wrong value.

    The numbers of ``max_retries`` and ``rate_limit`` are checked by the policies they make.
    """
    _check_known(options, ClientOptions.__annotations__, "client option(s)")
    timeout = options.get("timeout")
    if timeout is not None and not isinstance(timeout, httpx.Timeout):
        finite("timeout", timeout, above=0)
    _check_polling(options.get("polling"))
    max_chunk_bytes = options.get("max_chunk_bytes")
    if max_chunk_bytes is not None:
        integer("max_chunk_bytes", max_chunk_bytes, minimum=1)
    rate_limit = options.get("rate_limit")
    if rate_limit is not None and not (
        isinstance(rate_limit, (tuple, list)) and len(rate_limit) == 2
    ):
        raise ValueError(
            f"rate_limit must be a (calls, seconds) pair, got {type(rate_limit).__name__}"
        )
    agent = options.get("user_agent")
    if agent is not None and not (
        isinstance(agent, str) and agent.isascii() and agent.isprintable()
    ):
        raise ValueError("user_agent must be a string of printable ASCII characters")


def check_ask_options(options: AskOptions) -> None:
    """Raise ``TypeError`` for an unknown option, ``ValueError`` for a wrong value.

    ``timeout`` is checked by the [`PollingPolicy`][genie_sdk.PollingPolicy] it goes into.
    """
    _check_known(options, AskOptions.__annotations__, "option(s)")
    _check_polling(options.get("polling"))
    on_status = options.get("on_status")
    if on_status is not None and not callable(on_status):
        raise ValueError(f"on_status must be callable, got {type(on_status).__name__}")


def _check_known(options: Mapping[str, object], known: Mapping[str, object], what: str) -> None:
    unknown = set(options) - set(known)
    if unknown:
        raise TypeError(f"unexpected {what}: {', '.join(sorted(unknown))}")


def _check_polling(polling: object) -> None:
    if polling is not None and not isinstance(polling, PollingPolicy):
        raise ValueError(f"polling must be a PollingPolicy, got {type(polling).__name__}")
