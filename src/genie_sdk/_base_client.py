"""What the sync and async clients share: configuration, the request pipeline and resources."""

from __future__ import annotations

import time
from dataclasses import replace

import httpx

from genie_sdk._options import AskOptions, ClientOptions
from genie_sdk._transport.rate_limit import RateLimiter
from genie_sdk._transport.request import RequestFactory, user_agent
from genie_sdk._transport.retry import RetryPolicy
from genie_sdk._transport.senders import Pipeline
from genie_sdk.auth import resolve_config
from genie_sdk.conversation.plans import Waiting
from genie_sdk.conversation.polling import PollingPolicy
from genie_sdk.resources._binding import Bound, M, Runner
from genie_sdk.resources.conversations import Conversations
from genie_sdk.resources.eval_runs import EvalRuns
from genie_sdk.resources.messages import Messages
from genie_sdk.resources.spaces import Spaces

__all__ = ["DEFAULT_TIMEOUT", "BaseClient"]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class BaseClient(Bound[M]):
    """Configuration and resources of a Genie client; subclasses add the sending."""

    spaces: Spaces[M]
    """Genie spaces: ``list``, ``get``, ``create``, ``update``, ``trash``."""
    conversations: Conversations[M]
    """Conversations: ``start``, ``list``, ``delete``, ``list_comments``."""
    messages: Messages[M]
    """Messages, feedback, comments, query results, downloads and charts."""
    eval_runs: EvalRuns[M]
    """Evaluation runs: ``create``, ``list``, ``get``, ``list_results``, ``get_result``."""

    def _configure(self, host: str | None, options: ClientOptions) -> Pipeline:
        unknown = set(options) - set(ClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected client option(s): {', '.join(sorted(unknown))}")
        config = resolve_config(host, auth=options.get("auth"), profile=options.get("profile"))
        self.host: str = config.host.url
        self.config = config
        self.polling: PollingPolicy = options.get("polling") or PollingPolicy()
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._clock = options.get("clock", time.monotonic)
        headers = {"User-Agent": user_agent(config.auth_type, options.get("user_agent"))}
        workspace_id = config.workspace_id or config.host.workspace_id
        if workspace_id:
            headers["X-Databricks-Workspace-Id"] = str(workspace_id)
        rate_limit = options.get("rate_limit")
        return Pipeline(
            requests=RequestFactory(self.host, headers),
            auth=config.auth,
            retry=RetryPolicy(max_retries=options.get("max_retries", 3)),
            limiter=RateLimiter(*rate_limit, clock=self._clock) if rate_limit else None,
            describe=config.describe,
        )

    def _attach(self, runner: Runner) -> None:
        Bound.__init__(self, runner)
        self.spaces = Spaces(runner)
        self.conversations = Conversations(runner)
        self.messages = Messages(runner)
        self.eval_runs = EvalRuns(runner)

    def _waiting(self, options: AskOptions) -> Waiting:
        unknown = set(options) - set(AskOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected option(s): {', '.join(sorted(unknown))}")
        policy = options.get("polling") or self.polling
        timeout = options.get("timeout")
        if timeout is not None:
            policy = replace(policy, timeout=timeout)
        return Waiting(policy, self._clock)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self.host!r}, auth={self.config.auth_type})"
