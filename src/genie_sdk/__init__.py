"""A typed Python SDK for the Databricks Genie Conversation API.

>>> from genie_sdk import GenieClient
>>> with GenieClient() as client:  # host and credentials from the environment or ~/.databrickscfg
...     answer = client.ask(space_id, "total sales by region")
...     print(answer.text, answer.sql, answer.result.rows)
"""

from genie_sdk._answer import Answer, AsyncAnswer, AsyncConversation, Conversation
from genie_sdk._async_client import AsyncGenieClient
from genie_sdk._binding import AsyncPager, Pager
from genie_sdk._client import GenieClient
from genie_sdk._options import AskOptions, ClientOptions
from genie_sdk._transport.call import Page
from genie_sdk._transport.retry import RetryPolicy
from genie_sdk._version import __version__
from genie_sdk.conversation.downloads import DownloadSummary
from genie_sdk.conversation.events import (
    AnswerReady,
    ChunkReady,
    Event,
    ResultReady,
    SqlReady,
    StatusChanged,
)
from genie_sdk.conversation.polling import PollingPolicy
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
    "ResultReady",
    "RetryPolicy",
    "ServerError",
    "SqlReady",
    "StatusChanged",
    "TransportError",
    "__version__",
]
