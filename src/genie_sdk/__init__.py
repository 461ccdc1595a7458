"""A typed Python SDK for the Databricks Genie Conversation API.

>>> from genie_sdk import GenieClient
>>> with GenieClient() as client:  # host and credentials from the environment or ~/.databrickscfg
...     answer = client.ask(space_id, "total sales by region")
...     print(answer.text, answer.sql, answer.result.rows)
"""

from genie_sdk._async.client import AsyncAnswer, AsyncConversation, AsyncGenieClient
from genie_sdk._async.pagers import AsyncPager
from genie_sdk._core.calls import Page
from genie_sdk._core.downloads import DownloadSummary
from genie_sdk._core.events import (
    AnswerReady,
    ChunkReady,
    Event,
    RateLimited,
    ResultReady,
    SqlReady,
    StatusChanged,
)
from genie_sdk._core.options import AskOptions, ClientOptions
from genie_sdk._core.polling import PollingPolicy
from genie_sdk._core.retry import RetryPolicy
from genie_sdk._sync.client import Answer, Conversation, GenieClient
from genie_sdk._sync.pagers import Pager
from genie_sdk._version import __version__
from genie_sdk.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    DecodeError,
    DownloadError,
    GenieError,
    MessageCancelledError,
    MessageFailedError,
    NotFoundError,
    PermissionDeniedError,
    PollTimeoutError,
    QueryFailedError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
)
from genie_sdk.models import FeedbackRating, MessageStatus

__all__ = [
    "Answer",
    "AnswerReady",
    "ApiError",
    "AskOptions",
    "AsyncAnswer",
    "AsyncConversation",
    "AsyncGenieClient",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "ChunkReady",
    "ClientOptions",
    "ConfigurationError",
    "ConflictError",
    "Conversation",
    "DecodeError",
    "DownloadError",
    "DownloadSummary",
    "Event",
    "FeedbackRating",
    "GenieClient",
    "GenieError",
    "MessageCancelledError",
    "MessageFailedError",
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
    "ResponseTooLargeError",
    "ResultReady",
    "RetryPolicy",
    "ServerError",
    "SqlReady",
    "StatusChanged",
    "TransportError",
    "__version__",
]
