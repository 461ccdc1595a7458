"""A typed Python SDK for the Databricks Genie Conversation API.

>>> from genie_sdk import GenieClient
>>> with GenieClient() as client:  # host and credentials from the environment or ~/.databrickscfg
...     answer = client.ask(space_id, "total sales by region")
...     print(answer.text, answer.sql, answer.result.rows)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from genie_sdk._version import __version__
from genie_sdk.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    DecodeError,
    DefinitionError,
    DownloadError,
    EvalRunError,
    EvalTimeoutError,
    FeatureDisabledError,
    GenieError,
    MessageCancelledError,
    MessageFailedError,
    NotFoundError,
    PermissionDeniedError,
    PollTimeoutError,
    QueryFailedError,
    RateLimitError,
    ResponseFailedError,
    ResponseTimeoutError,
    ResponseTooLargeError,
    RetargetError,
    ServerError,
    SpaceDriftError,
    StreamInterruptedError,
    TransportError,
)

# The clients, and the models behind them, are imported on first use (PEP 562), so that
# ``import genie_sdk`` stays cheap; type checkers and editors read the imports below.
if TYPE_CHECKING:
    from genie_sdk._async.agent_mode import AsyncAgentAnswer, AsyncAgentQuery
    from genie_sdk._async.client import AsyncAnswer, AsyncConversation, AsyncGenieClient
    from genie_sdk._async.pagers import AsyncPager
    from genie_sdk._core.agent_answer import Citation
    from genie_sdk._core.answer import MessageIds
    from genie_sdk._core.calls import Page
    from genie_sdk._core.downloads import DownloadSummary
    from genie_sdk._core.eval_report import EvalComparison, EvalQuestionResult, EvalReport
    from genie_sdk._core.events import (
        AnswerReady,
        ChunkReady,
        Event,
        Failed,
        RateLimited,
        ReasoningStep,
        ResponseIds,
        ResultReady,
        SqlReady,
        StatusChanged,
        TextReady,
    )
    from genie_sdk._core.genie_one_stream import GenieOneAnswer
    from genie_sdk._core.harvest import HarvestedQuestion
    from genie_sdk._core.inventory import SpaceInventory
    from genie_sdk._core.options import AskOptions, ClientOptions
    from genie_sdk._core.polling import PollingPolicy
    from genie_sdk._core.retarget import Rewrite
    from genie_sdk._core.retry import RetryPolicy
    from genie_sdk._core.space_clone import CloneResult
    from genie_sdk._core.space_definition import SpaceDefinition
    from genie_sdk._core.space_diff import SpaceChange, SpaceDiff
    from genie_sdk._sync.agent_mode import AgentAnswer, AgentQuery
    from genie_sdk._sync.client import Answer, Conversation, GenieClient
    from genie_sdk._sync.pagers import Pager
    from genie_sdk.models import FeedbackRating, MessageStatus

_MODULES = {
    "AgentAnswer": "_sync.agent_mode",
    "AgentQuery": "_sync.agent_mode",
    "AsyncAgentAnswer": "_async.agent_mode",
    "AsyncAgentQuery": "_async.agent_mode",
    "Citation": "_core.agent_answer",
    "GenieOneAnswer": "_core.genie_one_stream",
    "Answer": "_sync.client",
    "AnswerReady": "_core.events",
    "AskOptions": "_core.options",
    "AsyncAnswer": "_async.client",
    "AsyncConversation": "_async.client",
    "AsyncGenieClient": "_async.client",
    "AsyncPager": "_async.pagers",
    "ChunkReady": "_core.events",
    "ClientOptions": "_core.options",
    "Conversation": "_sync.client",
    "DownloadSummary": "_core.downloads",
    "Event": "_core.events",
    "Failed": "_core.events",
    "FeedbackRating": "models",
    "GenieClient": "_sync.client",
    "MessageIds": "_core.answer",
    "MessageStatus": "models",
    "Page": "_core.calls",
    "Pager": "_sync.pagers",
    "PollingPolicy": "_core.polling",
    "RateLimited": "_core.events",
    "ReasoningStep": "_core.events",
    "ResponseIds": "_core.events",
    "ResultReady": "_core.events",
    "RetryPolicy": "_core.retry",
    "SqlReady": "_core.events",
    "StatusChanged": "_core.events",
    "TextReady": "_core.events",
    "SpaceDefinition": "_core.space_definition",
    "SpaceDiff": "_core.space_diff",
    "SpaceChange": "_core.space_diff",
    "CloneResult": "_core.space_clone",
    "Rewrite": "_core.retarget",
    "EvalReport": "_core.eval_report",
    "EvalQuestionResult": "_core.eval_report",
    "EvalComparison": "_core.eval_report",
    "HarvestedQuestion": "_core.harvest",
    "SpaceInventory": "_core.inventory",
}
"""Where each lazily imported public name lives, relative to this package."""

__all__ = [
    "AgentAnswer",
    "AgentQuery",
    "Answer",
    "AnswerReady",
    "ApiError",
    "AskOptions",
    "AsyncAgentAnswer",
    "AsyncAgentQuery",
    "AsyncAnswer",
    "AsyncConversation",
    "AsyncGenieClient",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "ChunkReady",
    "Citation",
    "ClientOptions",
    "CloneResult",
    "ConfigurationError",
    "ConflictError",
    "Conversation",
    "DecodeError",
    "DefinitionError",
    "DownloadError",
    "DownloadSummary",
    "EvalComparison",
    "EvalQuestionResult",
    "EvalReport",
    "EvalRunError",
    "EvalTimeoutError",
    "Event",
    "Failed",
    "FeatureDisabledError",
    "FeedbackRating",
    "GenieClient",
    "GenieError",
    "GenieOneAnswer",
    "HarvestedQuestion",
    "MessageCancelledError",
    "MessageFailedError",
    "MessageIds",
    "MessageStatus",
    "NotFoundError",
    "Page",
    "Pager",
    "PermissionDeniedError",
    "PollTimeoutError",
    "PollingPolicy",
    "QueryFailedError",
    "RateLimitError",
    "RateLimited",
    "ReasoningStep",
    "ResponseFailedError",
    "ResponseIds",
    "ResponseTimeoutError",
    "ResponseTooLargeError",
    "ResultReady",
    "RetargetError",
    "RetryPolicy",
    "Rewrite",
    "ServerError",
    "SpaceChange",
    "SpaceDefinition",
    "SpaceDiff",
    "SpaceDriftError",
    "SpaceInventory",
    "SqlReady",
    "StatusChanged",
    "StreamInterruptedError",
    "TextReady",
    "TransportError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
