"""Workato's headless genies (private beta): conversations with streamed replies, on the SDK's
transport.

>>> from genie_sdk.providers.workato import HeadlessGenieClient
>>> with HeadlessGenieClient("https://www.workato.com", api_key) as workato:
...     reply = workato.ask("sales-genie", "Summarise yesterday's orders")
...     print(reply.text)
"""

from __future__ import annotations

from genie_sdk.providers.workato._async_client import (
    AsyncHeadlessGenieClient,
    AsyncWorkatoProvider,
    OnApproval,
    OnAuth,
)
from genie_sdk.providers.workato._stream import GenieReply
from genie_sdk.providers.workato._sync_client import HeadlessGenieClient, WorkatoProvider
from genie_sdk.providers.workato.errors import StreamLostError
from genie_sdk.providers.workato.events import (
    ConnectionAuthorized,
    ConnectionAuthRequired,
    SkillConfirmationRequired,
)
from genie_sdk.providers.workato.models import (
    ConnectionLink,
    GenieEvent,
    GenieMessage,
    HeadlessConversation,
    UploadedFile,
)

__all__ = [
    "AsyncHeadlessGenieClient",
    "AsyncWorkatoProvider",
    "ConnectionAuthRequired",
    "ConnectionAuthorized",
    "ConnectionLink",
    "GenieEvent",
    "GenieMessage",
    "GenieReply",
    "HeadlessConversation",
    "HeadlessGenieClient",
    "OnApproval",
    "OnAuth",
    "SkillConfirmationRequired",
    "StreamLostError",
    "UploadedFile",
    "WorkatoProvider",
]
