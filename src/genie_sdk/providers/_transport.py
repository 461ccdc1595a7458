"""The SDK's transport for other providers: one base URL, an API key sent as a bearer token.

Requests go through the same `Pipeline` as Genie's: the same retry policy (a POST is sent
again only when it surely did not arrive, or was refused with 429 or 503; ``Retry-After`` is
honoured), whole-request deadlines, bounded bodies and typed errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from genie_sdk._checks import finite
from genie_sdk._core.options import AskOptions, check_ask_options
from genie_sdk._core.plans import Waiting
from genie_sdk._core.polling import PollingPolicy
from genie_sdk._core.requests import RequestFactory, user_agent
from genie_sdk._core.retry import RetryPolicy
from genie_sdk._host import normalize_host
from genie_sdk._io.senders import Pipeline
from genie_sdk._setup import DEFAULT_TIMEOUT
from genie_sdk.auth import BearerToken
from genie_sdk.errors import ConfigurationError

__all__ = ["DEFAULT_TIMEOUT", "Transport", "transport", "waiting"]


@dataclass(frozen=True)
class Transport:
    """A provider client's configuration: where it sends, how, and how it polls."""

    base_url: str
    pipeline: Pipeline
    timeout: httpx.Timeout
    polling: PollingPolicy


def transport(
    base_url: str,
    api_key: str,
    *,
    provider: str,
    timeout: float | httpx.Timeout,
    max_retries: int,
    polling: PollingPolicy | None,
) -> Transport:
    """Check a provider client's options and build its request pipeline.

    ``base_url`` may carry a path (``https://app.secoda.co/api/v1``): every request path is
    appended to it. The key is sent only to the base URL's origin.

    Raises:
        ConfigurationError: ``base_url`` or ``api_key`` is unusable (the key is never shown).
        ValueError: another option has a wrong value.
    """
    if not isinstance(api_key, str) or not api_key.strip():
        raise ConfigurationError(f"{provider}: api_key must be a non-empty string")
    try:
        origin = normalize_host(base_url).url
    except ValueError as error:
        raise ConfigurationError(f"{provider}: base_url: {error}") from None
    if "://" not in base_url:
        base_url = "https://" + base_url.strip()
    path = urlsplit(base_url.strip()).path.rstrip("/")
    if not isinstance(timeout, httpx.Timeout):
        finite("timeout", timeout, above=0)
        timeout = httpx.Timeout(timeout, connect=min(10.0, timeout))
    if polling is not None and not isinstance(polling, PollingPolicy):
        raise ValueError(f"polling must be a PollingPolicy, got {type(polling).__name__}")
    try:
        auth = BearerToken(api_key, host=origin)
    except (ValueError, ConfigurationError):
        raise ConfigurationError(
            f"{provider}: api_key is not a usable bearer token (not shown)"
        ) from None
    headers = {"User-Agent": user_agent("api-key", f"provider/{provider}")}
    pipeline = Pipeline(
        requests=RequestFactory(origin + path, headers),
        auth=auth,
        retry=RetryPolicy(max_retries=max_retries),
        describe=lambda: f"{provider}: sent the api_key given to the client (***) to {origin}",
        timeout=timeout,
    )
    return Transport(origin + path, pipeline, timeout, polling or PollingPolicy())


def waiting(
    default: PollingPolicy,
    clock: Callable[[], float],
    timeout: float | None,
    polling: PollingPolicy | None,
) -> Waiting:
    """How one job waits: the client's polling policy with this call's overrides."""
    check_ask_options(AskOptions(timeout=timeout, polling=polling))
    policy = polling or default
    if timeout is not None:
        policy = replace(policy, timeout=timeout)
    return Waiting(policy, clock)
