"""Hostile servers on loopback: dot-segment ids, oversized and compressed bodies, trickled answers."""

from __future__ import annotations

import functools
import re
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genie_sdk import (
    DecodeError,
    PollTimeoutError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
)
from genie_sdk._core.calls import segment_problem
from genie_sdk.auth import PAT
from tests.reliability.hostile import Seen, Wire, gzip_bomb, head, json_answer, serve_hostile
from tests.support.clients import MakeClient

S, C, M = "s1", "c1", "m1"
MiB = 2**20
MESSAGE = {"message_id": M, "conversation_id": C, "space_id": S, "status": "ASKING_AI"}
STARTED = {"conversation_id": C, "message_id": M, "message": MESSAGE}


def answering(body: Any) -> Callable[[Seen, Wire], None]:
    def answer(_seen: Seen, wire: Wire) -> None:
        wire.send(json_answer(body))

    return answer


@pytest.fixture
def connect(make_client: MakeClient) -> MakeClient:
    """``connect(url, **client_options)``: a client of this test's kind, in real time."""
    return functools.partial(make_client, auth=PAT("dapi-hostile-test"))


@pytest.fixture
def recorder() -> Iterator[Any]:
    """A server that answers every request with ``{}`` and keeps its raw path."""
    with serve_hostile(answering({})) as server:
        yield server


# -- ids that are not one path segment --------------------------------------------------------

DOT_CALLS: dict[str, Callable[[Any], Any]] = {
    "messages.delete(s, c, '..')": lambda c: c.messages.delete(S, C, ".."),
    "messages.delete(s, '..', '..')": lambda c: c.messages.delete(S, "..", ".."),
    "conversations.delete(s, '.')": lambda c: c.conversations.delete(S, "."),
    "spaces.trash('..')": lambda c: c.spaces.trash(".."),
    "messages.get(s, c, '%2e%2e')": lambda c: c.messages.get(S, C, "%2e%2e"),
    "messages.get(s, c, 'a%2Fb')": lambda c: c.messages.get(S, C, "a%2Fb"),
    "dashboards.get('..')": lambda c: c.dashboards.get(".."),
    "download_visualization('spaces/../x')": lambda c: c.messages.download_visualization(
        f"spaces/{S}/../../x"
    ),
}


@pytest.mark.parametrize("call", list(DOT_CALLS))
def test_dot_ids_are_refused_before_any_request(
    connect: MakeClient, recorder: Any, call: str
) -> None:
    live = connect(recorder.url, max_retries=0)

    error = live.outcome(lambda: DOT_CALLS[call](live.client))

    assert isinstance(error, ValueError)
    assert recorder.seen == []


def test_dot_ids_from_the_server_are_refused(connect: MakeClient) -> None:
    """The server answers a question with ``..`` as its ids: nothing is sent with them."""
    with serve_hostile(answering({**STARTED, "conversation_id": "..", "message_id": ".."})) as srv:
        live = connect(srv.url, max_retries=0)

        error = live.outcome(lambda: live.client.ask(S, "q", timeout=5.0))

    assert isinstance(error, DecodeError)
    assert "question was sent" in str(error)
    assert [(seen.method, seen.raw_path) for seen in srv.seen] == [
        ("POST", f"/api/2.0/genie/spaces/{S}/start-conversation")
    ]


@pytest.fixture(scope="module")
def message_server() -> Iterator[Any]:
    """A server that answers every request with a message and keeps its raw path."""
    with serve_hostile(answering(MESSAGE)) as server:
        yield server


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    message_id=st.one_of(
        st.text(min_size=1, max_size=8),
        st.text(alphabet="./\\?#%2eEfF \uff0e\u00fca", min_size=1, max_size=6),
    )
)
def test_accepted_ids_reach_the_server_as_one_segment(
    connect: MakeClient, message_server: Any, message_id: str
) -> None:
    server = message_server
    if segment_problem(message_id) is not None:
        return
    live = connect(server.url, max_retries=0)
    before = len(server.seen)

    live(live.client.messages.get(S, C, message_id))

    (seen,) = server.seen[before:]
    prefix = f"/api/2.0/genie/spaces/{S}/conversations/{C}/messages/"
    assert seen.raw_path == prefix + quote(message_id, safe="")
    assert unquote(seen.raw_path.removeprefix(prefix)) == message_id


# -- oversized and compressed bodies ----------------------------------------------------------


def _peak_while(work: Callable[[], Any]) -> tuple[Any, int]:
    """``work()``'s outcome and the peak of Python memory allocated meanwhile, in bytes."""
    tracemalloc.start()
    try:
        outcome = work()
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@functools.cache
def _bomb(layers: int) -> bytes:
    return gzip_bomb(256 * MiB, layers)


@pytest.mark.parametrize("layers", [1, 2])
def test_a_gzip_bomb_is_stopped_at_the_limit(connect: MakeClient, layers: int) -> None:
    """A few hundred KB of gzip that inflates to 256 MiB, once or twice compressed."""
    bomb = _bomb(layers)
    encoding = ", ".join(["gzip"] * layers)

    def answer(_seen: Seen, wire: Wire) -> None:
        wire.send(head(200, {"content-encoding": encoding}, len(bomb)) + bomb)

    with serve_hostile(answer) as server:
        live = connect(server.url, max_retries=0)
        error, peak = _peak_while(lambda: live.outcome(lambda: live.client.spaces.get(S)))

    assert isinstance(error, ResponseTooLargeError)
    assert error.limit == 64 * MiB
    assert peak < 100 * MiB  # the body kept up to the limit, never the inflated 256 MiB


@pytest.mark.parametrize("length", ["declared", "undeclared"])
def test_an_endless_body_is_stopped_at_the_limit(connect: MakeClient, length: str) -> None:
    """200 MiB of body, with or without a ``content-length``."""
    sent: list[int] = []

    def answer(_seen: Seen, wire: Wire) -> None:
        declared = 200 * MiB if length == "declared" else None
        wire.send(head(200, {"content-type": "application/json"}, declared))
        piece = b" " * MiB
        while len(sent) < 200 and wire.send(piece):
            sent.append(len(piece))

    with serve_hostile(answer) as server:
        live = connect(server.url, max_retries=0)
        error, peak = _peak_while(lambda: live.outcome(lambda: live.client.spaces.get(S)))

    assert isinstance(error, ResponseTooLargeError)
    assert peak < 100 * MiB
    assert len(sent) < 200  # the client stopped reading: the rest was never taken


def test_a_huge_error_page_is_cut_to_its_start(connect: MakeClient) -> None:
    """A 500 whose page is 200 MiB long."""

    def answer(_seen: Seen, wire: Wire) -> None:
        wire.send(head(500, {"content-type": "text/plain"}, 200 * MiB) + b"overloaded ")
        while wire.send(b"x" * MiB):
            pass

    with serve_hostile(answer) as server:
        live = connect(server.url, max_retries=0)
        error, peak = _peak_while(lambda: live.outcome(lambda: live.client.spaces.get(S)))

    assert isinstance(error, ServerError)
    assert error.message.startswith("Internal Server Error: overloaded")
    assert peak < 10 * MiB


# -- trickled answers -------------------------------------------------------------------------

TRICKLE = 0.5
"""Seconds between two bytes of a trickled answer."""


def _trickled(body: Any, *, headers_too: bool) -> Callable[[Seen, Wire], None]:
    def answer(_seen: Seen, wire: Wire) -> None:
        response = json_answer(body)
        top, _, content = response.partition(b"\r\n\r\n")
        if headers_too:
            wire.trickle(response, TRICKLE)
        elif wire.send(top + b"\r\n\r\n"):
            wire.trickle(content, TRICKLE)

    return answer


@pytest.mark.parametrize("part", ["body", "status line and headers"])
def test_a_trickled_answer_ends_at_the_request_timeout(connect: MakeClient, part: str) -> None:
    """A server sends its answer a byte every half second (it would take over 30 s)."""
    space = {"space_id": S, "title": "x" * 40}
    with serve_hostile(_trickled(space, headers_too=part != "body")) as server:
        live = connect(server.url, max_retries=0, timeout=2.0)
        started = time.monotonic()

        error = live.outcome(lambda: live.client.spaces.get(S))

        took = time.monotonic() - started
    assert isinstance(error, TransportError)
    assert "within its 2 s timeout" in str(error)
    assert took < 6.0


def test_ask_timeout_bounds_trickled_polls(connect: MakeClient) -> None:
    """``ask(timeout=3)``: the question is answered at once, every poll trickles (30 s each)."""
    poll = _trickled(MESSAGE, headers_too=False)

    def answer(seen: Seen, wire: Wire) -> None:
        if seen.method == "POST":
            wire.send(json_answer(STARTED))
        else:
            poll(seen, wire)

    with serve_hostile(answer) as server:
        live = connect(server.url)
        started = time.monotonic()

        error = live.outcome(lambda: live.client.ask(S, "q", timeout=3.0))

        took = time.monotonic() - started
    assert isinstance(error, PollTimeoutError)
    assert (error.conversation_id, error.message_id) == (C, M)
    assert took < 8.0
    assert re.search(r"resume with wait", str(error))
