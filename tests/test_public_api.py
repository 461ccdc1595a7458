"""The public surface: pinned names, and the same methods and parameters on both clients."""

from __future__ import annotations

import inspect
import pydoc
import re
import sys
from typing import Any

import pytest

import genie_sdk
from genie_sdk import (
    Answer,
    AsyncGenieClient,
    Conversation,
    GenieClient,
    Pager,
)
from genie_sdk.auth import PAT
from genie_sdk.models import Message

PUBLIC = [
    "Answer", "AnswerReady", "ApiError", "AskOptions", "AsyncAnswer", "AsyncConversation",
    "AsyncGenieClient", "AsyncPager", "AuthenticationError", "BadRequestError", "ChunkReady",
    "ClientOptions", "ConfigurationError", "ConflictError", "Conversation", "DecodeError",
    "DownloadError", "DownloadSummary", "Event", "Failed", "FeedbackRating", "GenieClient", "GenieError",
    "MessageCancelledError", "MessageFailedError", "MessageIds", "MessageStatus", "NotFoundError", "Page",
    "Pager", "PermissionDeniedError", "PollTimeoutError", "PollingPolicy", "QueryFailedError",
    "RateLimitError", "RateLimited", "ReasoningStep", "ResponseIds", "ResponseTooLargeError",
    "ResultReady", "RetryPolicy", "ServerError", "SqlReady", "StatusChanged", "TextReady",
    "TransportError", "__version__",
    "CloneResult", "DefinitionError", "EvalComparison", "EvalQuestionResult", "EvalReport",
    "EvalRunError", "EvalTimeoutError", "HarvestedQuestion", "RetargetError", "Rewrite",
    "SpaceChange", "SpaceDefinition", "SpaceDiff", "SpaceDriftError", "SpaceInventory",
    "AgentAnswer", "AgentQuery", "AsyncAgentAnswer", "AsyncAgentQuery", "Citation", "GenieOneAnswer",
    "FeatureDisabledError", "ResponseFailedError", "ResponseTimeoutError", "StreamInterruptedError",
]  # fmt: skip

HOST = "https://example.cloud.databricks.com"
MESSAGE = Message(message_id="m", space_id="s", conversation_id="c")


def _pair() -> tuple[GenieClient, AsyncGenieClient]:
    return GenieClient(HOST, auth=PAT("t")), AsyncGenieClient(HOST, auth=PAT("t"))


def _resources(client: Any) -> list[Any]:
    if isinstance(client, type):
        client = _pair()[0] if client is GenieClient else _pair()[1]
    names = (
        "spaces",
        "conversations",
        "messages",
        "eval_runs",
        "dashboards",
        "permissions",
        "agents",
        "tags",
        "agent_mode",
        "genie_one",
    )
    return [getattr(client, name) for name in names] + [client.genie_one.conversations]


def _async_module(sync_class: type) -> Any:
    return sys.modules[sync_class.__module__.replace("._sync.", "._async.")]


def test_public_names_are_pinned() -> None:
    assert sorted(genie_sdk.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(genie_sdk, name), name


ASYNC_NAMES = {"close": "aclose", "__enter__": "__aenter__", "__iter__": "__aiter__"}
DUNDERS = {"__init__", *ASYNC_NAMES, *ASYNC_NAMES.values()}
SYNC_CLASSES = [
    GenieClient,
    Answer,
    Conversation,
    Pager,
    *(type(r) for r in _resources(GenieClient)),
    genie_sdk.AgentAnswer,
    genie_sdk.AgentQuery,
]


def _public_methods(cls: type) -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(cls).items()
        if callable(value) and (not name.startswith("_") or name in DUNDERS)
    }


def _as_async(text: str) -> str:
    """What a sync signature reads as on the async side."""
    text = re.sub(
        r"\b(GenieClient|Answer|Conversation|Pager|AgentPager|Spaces|Conversations|Messages|EvalRuns|Dashboards|Permissions|Agents|Tags|WithSpaces"
        r"|AgentMode|AgentAnswer|AgentQuery|GenieOne|GenieOneConversations)\b",
        r"Async\1",
        text,
    )
    text = text.replace("SyncRunner", "AsyncRunner")
    return text.replace("Iterator[", "AsyncIterator[").replace("httpx.Client", "httpx.AsyncClient")


@pytest.mark.parametrize("sync_class", SYNC_CLASSES, ids=lambda c: c.__name__)
def test_async_twin_has_the_same_methods_and_signatures(sync_class: type) -> None:
    async_class = getattr(_async_module(sync_class), "Async" + sync_class.__name__)
    sync_methods = _public_methods(sync_class)
    async_methods = _public_methods(async_class)
    assert {ASYNC_NAMES.get(n, n) for n in sync_methods} == set(async_methods)
    for name, method in sync_methods.items():
        twin = async_methods[ASYNC_NAMES.get(name, name)]
        expected = _as_async(str(inspect.signature(method)))
        actual = str(inspect.signature(twin))
        if name == "__init__":  # the default sleep functions differ, by design
            expected, actual = (
                re.sub(r"<[^<>]*sleep[^<>]*>", "<sleep>", t) for t in (expected, actual)
            )
        if name == "__init__":
            expected = expected.replace(
                "Callable[[float], None]", "Callable[[float], Awaitable[None]]"
            )
        assert actual == expected, name
        assert name.startswith("__") or inspect.getdoc(twin), f"{async_class.__name__}.{name}"


def test_async_methods_are_coroutine_functions() -> None:
    sync, async_ = _pair()
    awaited = [
        async_.ask,
        async_.wait,
        async_.refresh,
        async_.download,
        async_.ask_many,
        async_.aclose,
    ]
    for resource in _resources(async_):
        awaited += [
            m
            for n, m in inspect.getmembers(resource, inspect.ismethod)
            if n not in ("list", "list_comments", "list_results", "inventory", "items", "stream")
            and not n.startswith("_")
        ]
    for method in awaited:
        if sys.version_info < (3, 12) and hasattr(method, "__deprecated__"):
            continue  # before 3.12 a deprecation wrapper cannot be marked as a coroutine function
        assert inspect.iscoroutinefunction(method), method.__qualname__
    assert not inspect.iscoroutinefunction(sync.ask)
    assert inspect.signature(sync.ask).return_annotation in ("Answer", Answer)


def test_signatures_have_no_hidden_parameters() -> None:
    sync, _ = _pair()
    assert list(inspect.signature(sync.ask).parameters) == [
        "space_id",
        "question",
        "conversation_id",
        "timeout",
        "polling",
        "on_status",
        "on_event",
    ]
    assert list(inspect.signature(sync.messages.get).parameters) == [
        "space_id",
        "conversation_id",
        "message_id",
    ]


def test_help_lists_the_methods() -> None:
    text = pydoc.render_doc(GenieClient, renderer=pydoc.plaintext)
    for name in (
        "ask(self, space_id: 'str', question: 'str', *, conversation_id",
        "wait(",
        "ask_events(",
        "download(",
        "conversation(",
    ):
        assert name in text, name
    assert "_binding" not in text


def test_reprs_hide_credentials() -> None:
    sync, async_ = _pair()
    for client in (sync, async_):
        assert "t'" not in repr(client)
        assert repr(client) == f"{type(client).__name__}(host='{HOST}', auth=pat)"
