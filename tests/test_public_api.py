"""The public surface: pinned names, and the same methods and parameters on both clients."""

from __future__ import annotations

import inspect

import pytest

import genie_sdk
from genie_sdk import (
    Answer,
    AsyncAnswer,
    AsyncConversation,
    AsyncGenieClient,
    Conversation,
    GenieClient,
)
from genie_sdk.auth import PAT
from genie_sdk.models import Message

PUBLIC = [
    "Answer", "AnswerReady", "ApiError", "AskOptions", "AsyncAnswer", "AsyncConversation",
    "AsyncGenieClient", "AsyncPager", "AuthenticationError", "BadRequestError", "ChunkReady",
    "ClientOptions", "ConfigurationError", "ConflictError", "Conversation", "DecodeError",
    "DownloadError", "DownloadSummary", "Event", "FeedbackRating", "GenieClient", "GenieError",
    "MessageCancelledError", "MessageFailedError", "MessageStatus", "NotFoundError", "Page",
    "Pager", "PermissionDeniedError", "PollTimeoutError", "PollingPolicy", "QueryFailedError",
    "RateLimitError", "ResultReady", "RetryPolicy", "ServerError", "SqlReady", "StatusChanged",
    "TransportError", "__version__",
]  # fmt: skip

SYNC_ONLY = {"close"}
ASYNC_ONLY = {"aclose"}
HOST = "https://example.cloud.databricks.com"
MESSAGE = Message(message_id="m", space_id="s", conversation_id="c")


def test_public_names_are_pinned() -> None:
    assert sorted(genie_sdk.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(genie_sdk, name), name


def _methods(obj: object) -> dict[str, inspect.Signature]:
    found = {}
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        if callable(value) and not inspect.isclass(value):
            found[name] = inspect.signature(value)
    return found


def _pair() -> tuple[GenieClient, AsyncGenieClient]:
    return GenieClient(HOST, auth=PAT("t")), AsyncGenieClient(HOST, auth=PAT("t"))


@pytest.mark.parametrize("resource", [None, "spaces", "conversations", "messages", "eval_runs"])
def test_sync_and_async_clients_have_the_same_surface(resource: str | None) -> None:
    sync, async_ = _pair()
    left = getattr(sync, resource) if resource else sync
    right = getattr(async_, resource) if resource else async_
    sync_methods, async_methods = _methods(left), _methods(right)
    assert set(sync_methods) - SYNC_ONLY == set(async_methods) - ASYNC_ONLY
    for name in set(sync_methods) - SYNC_ONLY:
        assert list(sync_methods[name].parameters) == list(async_methods[name].parameters), name


def test_answers_and_conversations_have_the_same_surface() -> None:
    sync, async_ = _pair()
    pairs = [
        (Answer(*"scm", MESSAGE, client=sync), AsyncAnswer(*"scm", MESSAGE, client=async_)),
        (Conversation(sync, "s"), AsyncConversation(async_, "s")),
    ]
    for left, right in pairs:
        sync_methods, async_methods = _methods(left), _methods(right)
        assert set(sync_methods) == set(async_methods)
        for name, signature in sync_methods.items():
            assert list(signature.parameters) == list(async_methods[name].parameters), name


def test_async_methods_return_awaitables_and_sync_ones_values() -> None:
    sync, async_ = _pair()
    assert not inspect.iscoroutinefunction(sync.ask)
    assert inspect.signature(sync.spaces.get).parameters["space_id"].annotation in ("str", str)
    coroutine = async_.ask("s", "q")
    assert inspect.isawaitable(coroutine)
    coroutine.close()  # type: ignore[attr-defined]


def test_reprs_hide_credentials() -> None:
    sync, async_ = _pair()
    for client in (sync, async_):
        assert "t'" not in repr(client)
        assert repr(client) == f"{type(client).__name__}(host='{HOST}', auth=pat)"
