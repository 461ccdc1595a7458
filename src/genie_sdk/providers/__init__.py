"""Other conversational data APIs behind the same surface as Genie: the provider protocol.

A provider turns a question (plus the handle of a conversation to continue) into the SDK's
event stream and a [`ProviderAnswer`][genie_sdk.providers.ProviderAnswer]. Providers:

- [`GenieProvider`][genie_sdk.providers.GenieProvider] /
  [`AsyncGenieProvider`][genie_sdk.providers.AsyncGenieProvider]: Genie chat mode in one space;
- [`AgentModeProvider`][genie_sdk.providers.AgentModeProvider] (agent mode on one Genie Agent)
  and [`GenieOneProvider`][genie_sdk.providers.GenieOneProvider], with their async twins;
- `genie_sdk.providers.secoda`: Secoda AI (``SecodaClient(...).as_provider()``);
- `genie_sdk.providers.workato`: Workato's headless genies
  (``HeadlessGenieClient(...).as_provider(genie_handle)``).
"""

from __future__ import annotations

from genie_sdk.providers._async_genie import (
    AsyncAgentModeProvider,
    AsyncGenieOneProvider,
    AsyncGenieProvider,
)
from genie_sdk.providers._protocol import (
    AsyncFeedbackProvider,
    AsyncProvider,
    FeedbackProvider,
    OnEvent,
    Provider,
    ProviderAnswer,
    Reference,
)
from genie_sdk.providers._sync_genie import AgentModeProvider, GenieOneProvider, GenieProvider

__all__ = [
    "AgentModeProvider",
    "AsyncAgentModeProvider",
    "AsyncFeedbackProvider",
    "AsyncGenieOneProvider",
    "AsyncGenieProvider",
    "AsyncProvider",
    "FeedbackProvider",
    "GenieOneProvider",
    "GenieProvider",
    "OnEvent",
    "Provider",
    "ProviderAnswer",
    "Reference",
]
