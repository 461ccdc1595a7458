"""Any argument to the public API: ids, questions, page sizes, ratings, timeouts and options.

Bad values raise ``ValueError`` (or a ``GenieError`` from the server) before anything breaks;
an unknown keyword raises ``TypeError``.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from genie_sdk import FeedbackRating, PollingPolicy
from genie_sdk.models import GenieAgentDefinition, GenieAgentView
from tests.fuzz import payloads as p
from tests.fuzz.harness import (
    JSON,
    JUNK,
    TOKEN,
    FakeServer,
    Reply,
    Runner,
    dumps,
    expect_documented,
    fuzz_settings,
)
from tests.support.clients import KINDS
from tests.support.workspace import HOST

ids = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "a/b", "../x", "%2F", "id?x=1", "#f", "ü", "\n", "a" * 300]),
    JUNK,
)
texts = st.one_of(st.text(max_size=40), st.sampled_from(["", "  \t", "\x00", "q" * 20_000]), JUNK)
page_sizes = st.one_of(
    st.none(), st.integers(-5, 10**12), st.booleans(), st.floats(), st.text(max_size=3)
)
tokens = st.one_of(st.none(), st.text(max_size=12), JUNK)
ratings = st.one_of(st.sampled_from(list(FeedbackRating)), st.sampled_from(["negative", ""]), JUNK)
timeouts = st.one_of(st.none(), st.floats(), st.integers(-5, 10**6), st.text(max_size=3), JUNK)
options = st.one_of(JSON, JUNK, st.builds(PollingPolicy), st.tuples(JSON, JSON))
views = st.one_of(st.none(), st.sampled_from(list(GenieAgentView)), st.text(max_size=8), JUNK)
VALID_DEFINITION = GenieAgentDefinition.model_validate(
    {"instructions": {"text_instructions": [{"id": "a" * 32, "content": "Be brief."}]}}
)
definitions = st.one_of(st.just(VALID_DEFINITION), JSON, JUNK)


def happy(request: httpx.Request) -> Reply:
    """A server that answers every well-formed request sensibly."""
    path = request.url.path
    if request.url.host == "storage.example.com":
        return (200, {}, p.CHUNK)
    if path.endswith("/start-conversation"):
        return ok({**p.STARTED, "message": p.MESSAGE})
    if re.search(r"/(query-result|execute-query)$", path):
        return ok(p.QUERY_RESULT)
    if path.endswith("/downloads"):
        return ok(p.HANDLE)
    if re.search(r"/downloads/[^/]+$", path):
        return ok(p.DOWNLOAD_DONE)
    if re.search(r"/messages(/[^/]+)?$", path) and request.method in ("GET", "POST"):
        return ok(p.MESSAGE)
    return ok({})


def ok(body: Any) -> Reply:
    return (200, {"content-type": "application/json"}, dumps(body))


CALLS: dict[str, tuple[st.SearchStrategy[tuple[Any, ...]], Callable[[Any, tuple[Any, ...]], Any]]]
CALLS = {
    "spaces.list": (
        st.tuples(page_sizes, tokens),
        lambda c, a: c.spaces.list(page_size=a[0], page_token=a[1]),
    ),
    "spaces.get": (st.tuples(ids), lambda c, a: c.spaces.get(*a)),
    "spaces.create": (st.tuples(ids, texts), lambda c, a: c.spaces.create(*a)),
    "spaces.update": (st.tuples(ids), lambda c, a: c.spaces.update(*a, title="t")),
    "spaces.trash": (st.tuples(ids), lambda c, a: c.spaces.trash(*a)),
    "conversations.start": (st.tuples(ids, texts), lambda c, a: c.conversations.start(*a)),
    "conversations.list": (
        st.tuples(ids, page_sizes, tokens),
        lambda c, a: c.conversations.list(a[0], page_size=a[1], page_token=a[2]),
    ),
    "conversations.delete": (st.tuples(ids, ids), lambda c, a: c.conversations.delete(*a)),
    "conversations.list_comments": (
        st.tuples(ids, ids, page_sizes, tokens),
        lambda c, a: c.conversations.list_comments(a[0], a[1], page_size=a[2], page_token=a[3]),
    ),
    "messages.create": (st.tuples(ids, ids, texts), lambda c, a: c.messages.create(*a)),
    "messages.get": (st.tuples(ids, ids, ids), lambda c, a: c.messages.get(*a)),
    "messages.delete": (st.tuples(ids, ids, ids), lambda c, a: c.messages.delete(*a)),
    "messages.list": (
        st.tuples(ids, ids, page_sizes, tokens),
        lambda c, a: c.messages.list(a[0], a[1], page_size=a[2], page_token=a[3]),
    ),
    "messages.send_feedback": (
        st.tuples(ids, ids, ids, ratings),
        lambda c, a: c.messages.send_feedback(*a),
    ),
    "messages.create_comment": (
        st.tuples(ids, ids, ids, texts),
        lambda c, a: c.messages.create_comment(*a),
    ),
    "messages.list_comments": (
        st.tuples(ids, ids, ids, page_sizes, tokens),
        lambda c, a: c.messages.list_comments(*a[:3], page_size=a[3], page_token=a[4]),
    ),
    "messages.get_query_result": (
        st.tuples(ids, ids, ids, ids),
        lambda c, a: c.messages.get_query_result(*a),
    ),
    "messages.execute_query": (
        st.tuples(ids, ids, ids, ids),
        lambda c, a: c.messages.execute_query(*a),
    ),
    "messages.generate_download": (
        st.tuples(ids, ids, ids, ids),
        lambda c, a: c.messages.generate_download(*a),
    ),
    "messages.get_download": (
        st.tuples(ids, ids, ids, ids, ids, ids),
        lambda c, a: c.messages.get_download(*a),
    ),
    "messages.download_visualization": (
        st.tuples(texts),
        lambda c, a: c.messages.download_visualization(*a),
    ),
    "eval_runs.create": (
        st.tuples(ids, st.one_of(st.none(), st.lists(st.text(max_size=5)), st.text(max_size=5))),
        lambda c, a: c.eval_runs.create(a[0], benchmark_question_ids=a[1]),
    ),
    "eval_runs.get": (st.tuples(ids, ids), lambda c, a: c.eval_runs.get(*a)),
    "eval_runs.list": (
        st.tuples(ids, page_sizes, tokens),
        lambda c, a: c.eval_runs.list(a[0], page_size=a[1], page_token=a[2]),
    ),
    "eval_runs.list_results": (
        st.tuples(ids, ids, page_sizes, tokens),
        lambda c, a: c.eval_runs.list_results(a[0], a[1], page_size=a[2], page_token=a[3]),
    ),
    "eval_runs.get_result": (st.tuples(ids, ids, ids), lambda c, a: c.eval_runs.get_result(*a)),
    "agents.list": (
        st.tuples(views, page_sizes, tokens),
        lambda c, a: c.agents.list(view=a[0], page_size=a[1], page_token=a[2]),
    ),
    "agents.get": (st.tuples(ids), lambda c, a: c.agents.get(*a)),
    "agents.create": (
        st.tuples(texts, texts, definitions, st.one_of(st.none(), ids)),
        lambda c, a: c.agents.create(a[0], a[1], a[2], agent_id=a[3]),
    ),
    "agents.update": (
        st.tuples(ids, st.one_of(st.none(), texts), st.one_of(st.none(), definitions), tokens),
        lambda c, a: c.agents.update(a[0], description=a[1], definition=a[2], etag=a[3]),
    ),
    "agents.trash": (st.tuples(ids, tokens), lambda c, a: c.agents.trash(a[0], etag=a[1])),
    "ask": (
        st.tuples(ids, texts, st.one_of(st.none(), ids)),
        lambda c, a: c.ask(a[0], a[1], conversation_id=a[2]),
    ),
    "wait": (st.tuples(ids, ids, ids), lambda c, a: c.wait(*a)),
    "ask_events": (st.tuples(ids, texts), lambda c, a: c.ask_events(*a)),
    "conversation.ask": (
        st.tuples(ids, st.one_of(st.none(), ids), texts),
        lambda c, a: c.conversation(a[0], a[1]).ask(a[2]),
    ),
    "ask_many": (
        st.tuples(ids, st.lists(texts, max_size=3), st.integers(-2, 8)),
        lambda c, a: c.ask_many(a[0], a[1], concurrency=a[2]),
    ),
    "answer.send_feedback": (
        st.tuples(ratings, st.one_of(st.none(), st.text(max_size=10))),
        lambda c, a: _then(c.wait(p.S, p.C, p.M), lambda answer: answer.send_feedback(*a)),
    ),
    "answer.follow_up": (
        st.tuples(texts),
        lambda c, a: _then(c.wait(p.S, p.C, p.M), lambda answer: answer.follow_up(*a)),
    ),
}


def _then(value: Any, then: Callable[[Any], Any]) -> Any:
    """``then(value)``, awaiting ``value`` first (and the result) with an async client."""
    if hasattr(value, "__await__"):

        async def chain() -> Any:
            result = then(await value)
            return await result if hasattr(result, "__await__") else result

        return chain()
    return then(value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("call", list(CALLS))
@fuzz_settings(30)
@given(data=st.data())
def test_ids_questions_pages_and_ratings(
    runners: dict[str, Runner], server: FakeServer, kind: str, call: str, data: st.DataObject
) -> None:
    arguments_of, invoke = CALLS[call]
    arguments = data.draw(arguments_of, label="arguments")
    server.respond = happy

    expect_documented(lambda: runners[kind].run(lambda c: invoke(c, arguments)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("method", ["ask", "wait", "ask_many", "ask_events"])
@fuzz_settings(15)
@given(name=st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True), value=JSON)
def test_unknown_keywords_raise_type_error(
    runners: dict[str, Runner], server: FakeServer, kind: str, method: str, name: str, value: Any
) -> None:
    assume(not keyword.iskeyword(name) and name not in {"timeout", "polling", "on_status"})
    assume(name not in {"conversation_id", "concurrency"})
    server.respond = happy
    positional = {"ask": (p.S, "q"), "wait": (p.S, p.C, p.M), "ask_many": (p.S, ["q"])}
    args = positional.get(method, (p.S, "q"))

    with pytest.raises(TypeError, match=name):
        runners[kind].run(lambda c: getattr(c, method)(*args, **{name: value}))


@fuzz_settings(15)
@given(name=st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True))
def test_unknown_client_options_raise_type_error(name: str) -> None:
    from genie_sdk import ClientOptions, GenieClient
    from genie_sdk.auth import PAT

    assume(not keyword.iskeyword(name) and name not in ClientOptions.__annotations__)
    assume(name not in {"host", "http_client", "sleep"})

    with pytest.raises(TypeError, match=name):
        GenieClient(HOST, auth=PAT(TOKEN), **{name: 1})


BODY_FIELDS: dict[str, Callable[[Any, Any], Any]] = {
    "conversations.start(enable_visualization=)": lambda c, v: c.conversations.start(
        p.S, "q", enable_visualization=v
    ),
    "messages.create(enable_visualization=)": lambda c, v: c.messages.create(
        p.S, p.C, "q", enable_visualization=v
    ),
    "messages.send_feedback(comment=)": lambda c, v: c.messages.send_feedback(
        p.S, p.C, p.M, "POSITIVE", comment=v
    ),
    "spaces.create(title=)": lambda c, v: c.spaces.create("w1", "{}", title=v),
    "spaces.create(description=)": lambda c, v: c.spaces.create("w1", "{}", description=v),
    "spaces.update(etag=)": lambda c, v: c.spaces.update(p.S, title="t", etag=v),
    "spaces.update(warehouse_id=)": lambda c, v: c.spaces.update(p.S, warehouse_id=v),
    "eval_runs.create(benchmark_question_ids=[...])": lambda c, v: c.eval_runs.create(
        p.S, benchmark_question_ids=[v]
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@fuzz_settings(40)
@given(field=st.sampled_from(list(BODY_FIELDS)), value=JUNK)
def test_optional_body_arguments(
    runners: dict[str, Runner], server: FakeServer, kind: str, field: str, value: Any
) -> None:
    server.respond = happy

    expect_documented(lambda: runners[kind].run(lambda c: BODY_FIELDS[field](c, value)))


@pytest.mark.parametrize("kind", KINDS)
@fuzz_settings(60)
@given(option=st.sampled_from(["timeout", "polling"]), value=st.one_of(timeouts, options))
def test_ask_options(
    runners: dict[str, Runner], server: FakeServer, kind: str, option: str, value: Any
) -> None:
    server.respond = happy

    outcome = expect_documented(
        lambda: runners[kind].run(lambda c: c.ask(p.S, "q", **{option: value}))
    )

    if isinstance(value, float) and math.isnan(value):
        assert isinstance(outcome, ValueError), f"{option}=nan was accepted"


@pytest.mark.parametrize("kind", KINDS)
@fuzz_settings(60)
@given(
    option=st.sampled_from(["timeout", "max_retries", "polling", "rate_limit", "user_agent"]),
    value=st.one_of(timeouts, options),
)
def test_client_options(server: FakeServer, kind: str, option: str, value: Any) -> None:
    server.respond = happy

    def build_and_ask() -> Any:
        runner = Runner(kind, server, **{option: value})
        try:
            return runner.run(lambda c: c.ask(p.S, "q"))
        finally:
            runner.close()

    expect_documented(build_and_ask)


@pytest.mark.parametrize("kind", KINDS)
def test_ask_many_refuses_a_bare_string(
    runners: dict[str, Runner], server: FakeServer, kind: str
) -> None:
    server.respond = happy
    before = len([r for r in server.router.calls if r.request.method == "POST"])

    outcome = expect_documented(lambda: runners[kind].run(lambda c: c.ask_many(p.S, "revenue")))

    posts = len([r for r in server.router.calls if r.request.method == "POST"]) - before
    assert posts == 0, f"{posts} questions were asked"
    assert isinstance(outcome, ValueError)
