"""The providers' public surface: pinned names, sync and async twins with the same methods."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

import genie_sdk.providers as providers
import genie_sdk.providers.secoda as secoda
import genie_sdk.providers.workato as workato

PAIRS = [
    (providers.GenieProvider, providers.AsyncGenieProvider),
    (providers.AgentModeProvider, providers.AsyncAgentModeProvider),
    (providers.GenieOneProvider, providers.AsyncGenieOneProvider),
    (secoda.SecodaClient, secoda.AsyncSecodaClient),
    (secoda.SecodaProvider, secoda.AsyncSecodaProvider),
    (workato.HeadlessGenieClient, workato.AsyncHeadlessGenieClient),
    (workato.WorkatoProvider, workato.AsyncWorkatoProvider),
]
ASYNC_NAMES = {"close": "aclose", "__enter__": "__aenter__", "__exit__": "__aexit__"}


def _methods(cls: type) -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(cls).items()
        if (callable(value) and (not name.startswith("_") or name in (*ASYNC_NAMES, "__init__")))
        or name in ASYNC_NAMES.values()
    }


def _as_async(text: str) -> str:
    text = re.sub(
        r"\b(SecodaClient|SecodaProvider|HeadlessGenieClient|WorkatoProvider|GenieProvider|"
        r"GenieClient|AgentModeProvider|GenieOneProvider)\b",
        r"Async\1",
        text,
    )
    text = text.replace("Iterator[", "AsyncIterator[").replace("httpx.Client", "httpx.AsyncClient")
    text = text.replace("Callable[[float], None]", "Callable[[float], Awaitable[None]]")
    return re.sub(r"<[^<>]*sleep[^<>]*>", "<sleep>", text)


@pytest.mark.parametrize(("sync", "async_"), PAIRS, ids=lambda c: c.__name__)
def test_async_twin_has_the_same_methods_and_signatures(sync: type, async_: type) -> None:
    sync_methods, async_methods = _methods(sync), _methods(async_)
    assert {ASYNC_NAMES.get(n, n) for n in sync_methods} == set(async_methods)
    for name, method in sync_methods.items():
        twin = async_methods[ASYNC_NAMES.get(name, name)]
        expected = _as_async(str(inspect.signature(method)))
        actual = re.sub(r"<[^<>]*sleep[^<>]*>", "<sleep>", str(inspect.signature(twin)))
        assert actual == expected, name
        assert name.startswith("__") or inspect.getdoc(twin), f"{async_.__name__}.{name}"


def test_async_methods_are_coroutines_or_async_iterators() -> None:
    for _, async_ in PAIRS:
        for name, method in _methods(async_).items():
            if name.startswith("__") and name not in ("__aenter__", "__aexit__"):
                continue
            returns_iterator = "AsyncIterator" in str(inspect.signature(method).return_annotation)
            plain = name == "as_provider"
            assert (
                inspect.iscoroutinefunction(method)
                or inspect.isasyncgenfunction(method)
                or returns_iterator
                or plain
            ), f"{async_.__name__}.{name}"


def test_public_names_are_pinned() -> None:
    assert sorted(providers.__all__) == [
        "AgentModeProvider", "AsyncAgentModeProvider", "AsyncFeedbackProvider",
        "AsyncGenieOneProvider", "AsyncGenieProvider", "AsyncProvider", "FeedbackProvider",
        "GenieOneProvider", "GenieProvider", "OnEvent", "Provider", "ProviderAnswer", "Reference",
    ]  # fmt: skip
    for module in (providers, secoda, workato):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)
    assert {"SecodaClient", "AsyncSecodaClient", "SecodaAnswer"} <= set(secoda.__all__)
    assert {"HeadlessGenieClient", "AsyncHeadlessGenieClient"} <= set(workato.__all__)
