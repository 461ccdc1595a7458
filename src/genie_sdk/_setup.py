"""What both clients do to start: resolve the configuration, build the request pipeline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import httpx

from genie_sdk._core.body import CHUNK_BYTES, BodyLimits
from genie_sdk._core.options import (
    AskOptions,
    ClientOptions,
    check_ask_options,
    check_client_options,
)
from genie_sdk._core.plans import Waiting
from genie_sdk._core.polling import PollingPolicy
from genie_sdk._core.rate_limit import RateLimiter
from genie_sdk._core.requests import RequestFactory, user_agent
from genie_sdk._core.retry import RetryPolicy
from genie_sdk._io.senders import Pipeline
from genie_sdk.auth import PAT, ResolvedConfig, resolve_config

__all__ = ["DEFAULT_TIMEOUT", "ClientSetup", "configure"]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


@dataclass(frozen=True)
class ClientSetup:
    """A client's resolved configuration and the pipeline its requests go through."""

    config: ResolvedConfig
    pipeline: Pipeline
    polling: PollingPolicy
    timeout: httpx.Timeout
    clock: Callable[[], float]

    def waiting(self, options: AskOptions) -> Waiting:
        """How one question waits: the client's polling policy with this call's overrides."""
        check_ask_options(options)
        policy = options.get("polling") or self.polling
        timeout = options.get("timeout")
        if timeout is not None:
            policy = replace(policy, timeout=timeout)
        return Waiting(policy, self.clock)


def configure(host: str | None, token: str | None, options: ClientOptions) -> ClientSetup:
    """Check the client's options and resolve host and credentials (``token``: a PAT).

    Raises:
        ValueError: an option has a wrong value, or both ``token`` and ``auth`` are given.
        ConfigurationError: no host or no credentials could be found.
    """
    check_client_options(options)
    auth = options.get("auth")
    if token is not None:
        if auth is not None:
            raise ValueError("pass either token= or auth=, not both")
        auth = PAT(token)
    clock = options.get("clock", time.monotonic)
    rate_limit = options.get("rate_limit")
    limiter = RateLimiter(*rate_limit, clock=clock) if rate_limit is not None else None
    config = resolve_config(host, auth=auth, profile=options.get("profile"))
    timeout = options.get("timeout", DEFAULT_TIMEOUT)
    headers = {"User-Agent": user_agent(config.auth_type, options.get("user_agent"))}
    workspace_id = config.workspace_id or config.host.workspace_id
    if workspace_id:
        headers["X-Databricks-Workspace-Id"] = str(workspace_id)
    timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    pipeline = Pipeline(
        requests=RequestFactory(config.host.url, headers),
        auth=config.auth,
        retry=RetryPolicy(max_retries=options.get("max_retries", 3)),
        limiter=limiter,
        describe=config.describe,
        timeout=timeout,
        limits=BodyLimits(chunk=options.get("max_chunk_bytes", CHUNK_BYTES)),
    )
    return ClientSetup(
        config=config,
        pipeline=pipeline,
        polling=options.get("polling") or PollingPolicy(),
        timeout=timeout,
        clock=clock,
    )
