"""Random and malformed server payloads, fed to every endpoint, the ask flow and downloads."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from genie_sdk import GenieError
from genie_sdk._core.answer import AnswerData
from genie_sdk.models import GenieAgentDefinition, StatementResponse
from genie_sdk.results import QueryResult
from tests.fuzz import payloads as p
from tests.fuzz.harness import (
    FakeServer,
    Reply,
    Runner,
    dumps,
    expect_documented,
    fuzz_settings,
    mutations,
    replies,
)
from tests.support.clients import KINDS

VIZ = f"spaces/{p.S}/conversations/{p.C}/messages/{p.M}/attachments/v1"
DEFINITION = GenieAgentDefinition.model_validate(
    {"instructions": {"text_instructions": [{"id": "a" * 32, "content": "Be brief."}]}}
)
AGENT = {
    "name": "agents/" + "a" * 32,
    "display_name": "Sales",
    "warehouse_id": "w1",
    "etag": "e1",
    "definition": DEFINITION.to_json(),
}

ENDPOINTS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "spaces.list": (lambda c: c.spaces.list(), p.page("spaces", p.SPACE)),
    "spaces.get": (lambda c: c.spaces.get(p.S), p.SPACE),
    "spaces.create": (lambda c: c.spaces.create("w1", "{}", title="Retail"), p.SPACE),
    "spaces.update": (lambda c: c.spaces.update(p.S, title="Retail"), p.SPACE),
    "spaces.trash": (lambda c: c.spaces.trash(p.S), {}),
    "conversations.start": (lambda c: c.conversations.start(p.S, "q"), p.STARTED),
    "conversations.list": (
        lambda c: c.conversations.list(p.S),
        p.page("conversations", {"conversation_id": p.C, "title": "t", "agent_type": "X"}),
    ),
    "conversations.delete": (lambda c: c.conversations.delete(p.S, p.C), {}),
    "conversations.list_comments": (
        lambda c: c.conversations.list_comments(p.S, p.C),
        p.page("comments", p.COMMENT),
    ),
    "messages.create": (lambda c: c.messages.create(p.S, p.C, "q"), p.SUBMITTED),
    "messages.get": (lambda c: c.messages.get(p.S, p.C, p.M), p.MESSAGE),
    "messages.list": (lambda c: c.messages.list(p.S, p.C), p.page("messages", p.MESSAGE)),
    "messages.delete": (lambda c: c.messages.delete(p.S, p.C, p.M), {}),
    "messages.send_feedback": (lambda c: c.messages.send_feedback(p.S, p.C, p.M, "NONE"), {}),
    "messages.create_comment": (lambda c: c.messages.create_comment(p.S, p.C, p.M, "x"), p.COMMENT),
    "messages.list_comments": (
        lambda c: c.messages.list_comments(p.S, p.C, p.M),
        p.page("comments", p.COMMENT),
    ),
    "messages.get_query_result": (
        lambda c: c.messages.get_query_result(p.S, p.C, p.M, p.A),
        p.QUERY_RESULT,
    ),
    "messages.execute_query": (
        lambda c: c.messages.execute_query(p.S, p.C, p.M, p.A),
        p.TYPED_QUERY_RESULT,
    ),
    "messages.generate_download": (
        lambda c: c.messages.generate_download(p.S, p.C, p.M, p.A),
        p.HANDLE,
    ),
    "messages.get_download": (
        lambda c: c.messages.get_download(p.S, p.C, p.M, p.A, "d1", "sig1"),
        p.DOWNLOAD_DONE,
    ),
    "messages.download_visualization": (
        lambda c: c.messages.download_visualization(VIZ),
        {},
    ),
    "messages.get_message_query_result": (
        lambda c: c.messages.get_message_query_result(p.S, p.C, p.M),
        p.QUERY_RESULT,
    ),
    "messages.get_query_result_by_attachment": (
        lambda c: c.messages.get_query_result_by_attachment(p.S, p.C, p.M, p.A),
        p.QUERY_RESULT,
    ),
    "messages.execute_message_query": (
        lambda c: c.messages.execute_message_query(p.S, p.C, p.M),
        p.QUERY_RESULT,
    ),
    "eval_runs.create": (lambda c: c.eval_runs.create(p.S), p.EVAL_RUN),
    "eval_runs.get": (lambda c: c.eval_runs.get(p.S, "r1"), p.EVAL_RUN),
    "eval_runs.list": (lambda c: c.eval_runs.list(p.S), p.page("eval_runs", p.EVAL_RUN)),
    "eval_runs.list_results": (
        lambda c: c.eval_runs.list_results(p.S, "r1"),
        p.page("eval_results", p.EVAL_RESULT),
    ),
    "eval_runs.get_result": (lambda c: c.eval_runs.get_result(p.S, "r1", "x1"), p.EVAL_DETAILS),
    "agents.list": (
        lambda c: c.agents.list(view="GENIE_AGENT_VIEW_FULL"),
        {**p.page("genie_agents", AGENT), "unreachable": ["agents/x"]},
    ),
    "agents.get": (lambda c: c.agents.get(p.S), AGENT),
    "agents.create": (lambda c: c.agents.create("Sales", "w1", DEFINITION), AGENT),
    "agents.update": (lambda c: c.agents.update(p.S, definition=DEFINITION, etag="e1"), AGENT),
    "agents.trash": (lambda c: c.agents.trash(p.S, etag="e1"), {}),
}


def touch(value: Any) -> None:
    """Use a decoded value the way callers do: reprs, and rows of any statement."""
    for item in value if isinstance(value, list) else [value]:
        repr(item)
        if isinstance(item, StatementResponse):
            result = QueryResult.from_statement(item)
            result.to_markdown()
            result.to_dicts()


def touch_answer(answer: AnswerData) -> None:
    """Read every property of an answer, its rows included."""
    str(answer)
    repr(answer)
    _ = (answer.text, answer.sql, answer.description, answer.clarification, answer.status)
    _ = (answer.suggested_questions, answer.queries, answer.attachment_id)
    if answer.result is not None:
        answer.result.to_markdown()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@fuzz_settings(25)
@given(data=st.data())
def test_every_endpoint_survives_any_response(
    runners: dict[str, Runner], server: FakeServer, kind: str, endpoint: str, data: st.DataObject
) -> None:
    call, seed = ENDPOINTS[endpoint]
    reply = data.draw(replies(seed), label="reply")
    server.respond = lambda _request: reply

    expect_documented(lambda: touch(runners[kind].run(call)))


START = re.compile(r"/start-conversation$")
POLL = re.compile(r"/messages/[^/]+$")
STATEMENT = re.compile(r"/(query-result|execute-query)$")


class Script:
    """The server side of one question: the start, a series of polls, the statements."""

    def __init__(self, start: Reply, polls: list[Reply], statements: list[Reply]) -> None:
        self.start = start
        self.polls = polls
        self.statements = statements
        self._polls = iter(polls)
        self._statements = iter(statements)
        self.last_poll, self.last_statement = polls[-1], statements[-1]

    def __repr__(self) -> str:
        return f"Script(start={self.start!r}, polls={self.polls!r}, statements={self.statements!r})"

    def __call__(self, request: httpx.Request) -> Reply:
        path = request.url.path
        if START.search(path):
            return self.start
        if STATEMENT.search(path):
            self.last_statement = next(self._statements, self.last_statement)
            return self.last_statement
        if POLL.search(path) and request.method == "GET":
            self.last_poll = next(self._polls, self.last_poll)
            return self.last_poll
        return (200, {}, b"{}")


def ok(body: Any) -> Reply:
    return (200, {"content-type": "application/json"}, dumps(body))


statuses = st.sampled_from(["SUBMITTED", "ASKING_AI", "EXECUTING_QUERY", "COMPLETED", "FAILED"])
statuses |= st.sampled_from(["CANCELLED", "QUERY_RESULT_EXPIRED", "SOMETHING_NEW"])
states = st.sampled_from(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "CLOSED", "?"])
statements = st.sampled_from([p.STATEMENT, p.TYPED_STATEMENT])


@st.composite
def scripts(draw: st.DrawFn) -> Script:
    """Well-formed answers in any order of statuses and states, one of them (maybe) broken."""
    messages = draw(st.lists(statuses, min_size=1, max_size=5))
    polls = [ok({**p.MESSAGE, "status": status}) for status in messages]
    bodies = draw(st.lists(st.tuples(statements, states), min_size=1, max_size=3))
    results = [ok({"statement_response": {**b, "status": {"state": s}}}) for b, s in bodies]
    start = ok(p.STARTED)
    twist = draw(st.integers(0, len(polls) + len(results) + 1))
    if twist == 0:
        start = draw(replies(p.STARTED))
    elif twist <= len(polls):
        polls[twist - 1] = draw(replies(json.loads(polls[twist - 1][2])))
    elif twist <= len(polls) + len(results):
        at = twist - len(polls) - 1
        results[at] = draw(replies(json.loads(results[at][2])))
    return Script(start, polls, results)


@pytest.mark.parametrize("kind", KINDS)
@fuzz_settings(150)
@given(script=scripts())
def test_ask_survives_any_server(
    runners: dict[str, Runner], server: FakeServer, kind: str, script: Script
) -> None:
    server.respond = script
    answer = expect_documented(lambda: runners[kind].run(lambda c: c.ask(p.S, "total sales")))
    if isinstance(answer, AnswerData):
        expect_documented(lambda: touch_answer(answer))


DOWNLOAD = re.compile(r"/downloads$")
EXPORT = re.compile(r"/downloads/[^/]+$")
STORAGE = "storage.example.com"
CHUNKS = {"JSON_ARRAY": p.CHUNK, "CSV": p.CSV_CHUNK, "ARROW_STREAM": p.arrow_chunk()}
broken_chunks = st.one_of(
    mutations([p.ROW]).map(dumps),
    st.binary(max_size=64),
    st.text(max_size=40).map(str.encode),
    st.sampled_from(list(CHUNKS.values())),
).map(lambda body: (200, {}, body))


@dataclass(frozen=True)
class Export:
    """The server side of a full-result download: the handle, the export status, the chunk."""

    handle: Reply
    status: Reply
    chunk: Reply

    def __call__(self, request: httpx.Request) -> Reply:
        path = request.url.path
        if request.url.host == STORAGE:
            return self.chunk
        if DOWNLOAD.search(path):
            return self.handle
        if EXPORT.search(path):
            return self.status
        return ok(p.QUERY_RESULT) if STATEMENT.search(path) else ok(p.MESSAGE)


@st.composite
def exports(draw: st.DrawFn) -> Export:
    """Downloads in any format, the handle, the status or the chunk (maybe) broken."""
    fmt = draw(st.sampled_from(["JSON_ARRAY", "CSV", "ARROW_STREAM"]))
    done = {**p.DOWNLOAD_DONE["statement_response"]}
    done["manifest"] = {**done["manifest"], "format": fmt}
    status = {"statement_response": done}
    export = Export(handle=ok(p.HANDLE), status=ok(status), chunk=(200, {}, CHUNKS[fmt]))
    twist = draw(st.sampled_from(["none", "handle", "status", "chunk", "chunk reply"]))
    if twist == "handle":
        return replace(export, handle=draw(replies(p.HANDLE)))
    if twist == "status":
        return replace(export, status=draw(replies(status)))
    if twist == "chunk":
        return replace(export, chunk=draw(broken_chunks))
    if twist == "chunk reply":
        return replace(export, chunk=draw(replies([p.ROW])))
    return export


@pytest.mark.parametrize("kind", KINDS)
@fuzz_settings(100)
@given(export=exports())
def test_download_survives_any_export(
    runners: dict[str, Runner],
    server: FakeServer,
    kind: str,
    export: Export,
) -> None:
    server.respond = export
    runner = runners[kind]
    answer = runner.run(lambda c: c.wait(p.S, p.C, p.M))

    expect_documented(lambda: runner.run(lambda c: c.iter_rows(answer)))


def parquet_export() -> Export:
    done = {**p.DOWNLOAD_DONE["statement_response"]}
    done["manifest"] = {**done["manifest"], "format": "PARQUET"}
    return Export(ok(p.HANDLE), ok({"statement_response": done}), (200, {}, b"PAR1"))


def ask(runner: Runner) -> Any:
    return runner.run(lambda c: c.ask(p.S, "total sales"))


def download(runner: Runner) -> Any:
    answer = runner.run(lambda c: c.wait(p.S, p.C, p.M))
    return runner.run(lambda c: c.iter_rows(answer))


MALFORMED: dict[str, tuple[Callable[[httpx.Request], Reply], Callable[[Runner], Any]]] = {
    "empty-ids": (lambda _: ok({**p.STARTED, "conversation_id": "", "message_id": ""}), ask),
    "unsigned-download": (
        Export(ok({"download_id": "d1"}), ok(p.DOWNLOAD_DONE), (200, {}, p.CHUNK)),
        download,
    ),
    "unknown-download-format": (parquet_export(), download),
}
"""Well-formed JSON whose values the SDK then checks as if they were its caller's arguments."""


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_server_values_raise_genie_errors(
    runners: dict[str, Runner], server: FakeServer, kind: str, case: str
) -> None:
    respond, run = MALFORMED[case]
    server.respond = respond

    outcome = expect_documented(lambda: run(runners[kind]))

    assert isinstance(outcome, GenieError), f"{case}: {outcome!r}"
