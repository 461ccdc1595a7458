"""A stream cut at every event position resumes by itself: same events, one POST."""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

import httpx
import pytest

from genie_sdk import AnswerReady, Event, Failed, PollingPolicy, ResponseIds
from genie_sdk.errors import ResponseFailedError, ResponseTimeoutError, StreamInterruptedError
from genie_sdk.simulator import GenieSimulator
from tests.streaming._helpers import collect_until_error
from tests.support.clients import MakeClient

QUESTION = "total sales by region"
_ID = re.compile(r"[0-9a-f]{32}")
_VOLATILE = {"ids", "item_id", "query_id", "attachment_id"}


def _shape(event: Event) -> str:
    """An event without the ids that differ from one response to the next."""
    return _ID.sub("<id>", repr(_fields(event)))


def _fields(event: Event) -> tuple[Any, ...]:
    if isinstance(event, AnswerReady):
        answer = event.answer
        queries = [
            (q.title, q.sql, q.output, q.preview_metadata)
            for q in getattr(answer, "query_data", [])
        ]
        return ("AnswerReady", answer.text, getattr(answer, "reasoning", None), queries)
    values = tuple(getattr(event, f.name) for f in fields(event) if f.name not in _VOLATILE)
    return (type(event).__name__, *values)


def _sse_events(sim: GenieSimulator, path: str, body: dict[str, Any]) -> int:
    """How many events the server streams for one question (read raw, once)."""
    headers = {"Authorization": f"Bearer {sim.token}"}
    text = httpx.post(sim.url + path, headers=headers, json=body, timeout=30).text
    return sum(1 for block in text.split("\n\n") if block.startswith("event:"))


def _agent_stream(client: Any, sim: GenieSimulator) -> Any:
    return client.client.agent_mode.stream(sim.space_id, QUESTION)


def _one_stream(client: Any, sim: GenieSimulator) -> Any:
    return client.client.genie_one.stream(QUESTION)


AGENT = (
    _agent_stream,
    "/api/2.0/genie/agents/{space}/responses",
    {
        "input": [
            {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": QUESTION}],
            }
        ]
    },
    r"/agents/[^/]+/responses$",
)
ONE = (_one_stream, "/api/2.0/genie/one/responses", {"input": QUESTION}, r"/one/responses$")


@pytest.mark.parametrize("api", [AGENT, ONE], ids=["agent_mode", "genie_one"])
def test_a_stream_cut_at_every_event_position_gives_the_uncut_events_after_one_post(
    make_live: MakeClient, sim: GenieSimulator, api: Any
) -> None:
    stream, path, body, post_path = api
    total = _sse_events(sim, path.format(space=sim.space_id), body)
    assert total >= 6
    client = make_live()
    uncut = [_shape(e) for e in client.items(stream(client, sim))]
    assert uncut[-1].startswith("('AnswerReady'")
    for cut_after in range(1, total):
        for abort in (True, False):
            sim.reset()
            fault = sim.faults.cut_stream(cut_after, abort=abort)
            events = client.items(stream(client, sim))
            assert fault.fired == 1
            assert [_shape(e) for e in events] == uncut, (cut_after, abort)
            assert sim.count_requests("POST", post_path) == 1
            ids = {e.ids for e in events}
            assert len(ids) == 1
            assert isinstance(ids.pop(), ResponseIds)
            item_ids = [getattr(e, "item_id", None) for e in events]
            named = [i for i in item_ids if i]
            assert len(named) == len(set(named))


@pytest.mark.parametrize("api", [AGENT, ONE], ids=["agent_mode", "genie_one"])
@pytest.mark.parametrize("abort", [True, False])
def test_a_stream_cut_before_the_question_is_acknowledged_is_not_sent_again(
    make_live: MakeClient, sim: GenieSimulator, api: Any, abort: bool
) -> None:
    stream, _, _, post_path = api
    client = make_live()
    sim.faults.cut_stream(0, abort=abort)
    seen, error = collect_until_error(client, stream(client, sim))
    assert isinstance(error, StreamInterruptedError)
    assert "may or may not have been accepted" in str(error)
    assert "conversations" in str(error)
    assert sim.count_requests("POST", post_path) == 1
    assert len(seen) == 1
    assert isinstance(seen[0], Failed)
    assert seen[0].error is error


@pytest.mark.parametrize("api", [AGENT, ONE], ids=["agent_mode", "genie_one"])
def test_a_resumed_response_still_running_is_polled_until_it_finishes(
    make_live: MakeClient, sim: GenieSimulator, api: Any
) -> None:
    stream, _, _, post_path = api
    client = make_live()
    uncut = [_shape(e) for e in client.items(stream(client, sim))]
    for cut_after in (1, 2):
        sim.reset(response_reads=3)
        sim.faults.cut_stream(cut_after)
        events = client.items(stream(client, sim))
        assert [_shape(e) for e in events] == uncut
        assert sim.count_requests("POST", post_path) == 1
        assert sim.count_requests("GET", r"/(items|responses/[^/]+)$") >= 2


@pytest.mark.parametrize("api", [AGENT, ONE], ids=["agent_mode", "genie_one"])
def test_a_stream_silent_past_the_read_timeout_is_resumed_by_polling(
    make_live: MakeClient, sim: GenieSimulator, api: Any
) -> None:
    stream, _, _, post_path = api
    client = make_live()
    uncut = [_shape(e) for e in client.items(stream(client, sim))]
    sim.reset()
    sim.faults.slow_stream(2.0, after_events=2)
    quick = make_live(timeout=httpx.Timeout(10.0, read=0.3))
    events = quick.items(stream(quick, sim))
    assert [_shape(e) for e in events] == uncut
    assert sim.count_requests("POST", post_path) == 1


def test_a_stream_silent_before_the_acknowledgement_is_not_sent_again(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    sim.faults.slow_stream(2.0)
    client = make_live(timeout=httpx.Timeout(10.0, read=0.3))
    _, error = collect_until_error(client, client.client.agent_mode.stream(sim.space_id, QUESTION))
    assert isinstance(error, StreamInterruptedError)
    assert "ReadTimeout" in str(error)
    assert sim.count_requests("POST") == 1


def test_a_failing_response_cut_anywhere_fails_the_same_way_after_one_post(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    sim.add_answer("broken", error_type="WAREHOUSE_UNAVAILABLE", error_message="it is stopped")
    client = make_live()

    def ask() -> tuple[list[str], Exception | None]:
        stream = client.client.agent_mode.stream(sim.space_id, "a broken question")
        events, error = collect_until_error(client, stream)
        return [_shape(e) for e in events], error

    uncut, error = ask()
    assert isinstance(error, ResponseFailedError)
    assert str(error).endswith("ended failed: WAREHOUSE_UNAVAILABLE: it is stopped")
    events_sent = 4  # created, the reasoning's added and done, failed
    assert len(uncut) == 3  # StatusChanged, ReasoningStep, Failed
    for cut_after in range(1, events_sent):
        sim.reset()
        sim.add_answer("broken", error_type="WAREHOUSE_UNAVAILABLE", error_message="it is stopped")
        fault = sim.faults.cut_stream(cut_after)
        events, cut_error = ask()
        assert fault.fired == 1
        assert events == uncut, cut_after
        assert type(cut_error) is ResponseFailedError
        assert _ID.sub("<id>", str(cut_error)) == _ID.sub("<id>", str(error))
        assert sim.count_requests("POST", r"/responses$") == 1


@pytest.mark.parametrize("api", [AGENT, ONE], ids=["agent_mode", "genie_one"])
def test_a_stream_trickling_past_the_polling_timeout_ends_within_it(
    make_live: MakeClient, sim: GenieSimulator, api: Any
) -> None:
    stream, _, _, post_path = api
    client = make_live()
    uncut = [_shape(e) for e in client.items(stream(client, sim))]
    sim.reset()
    sim.faults.slow_stream(1.0, after_events=1)
    hurried = make_live(polling=PollingPolicy(initial=0.01, maximum=0.05, timeout=0.3))
    events, error = collect_until_error(hurried, stream(hurried, sim))
    assert isinstance(error, ResponseTimeoutError)
    assert error.response_id == events[0].ids.response_id
    assert "goes on running" in str(error)
    assert [_shape(e) for e in events[:-1]] == uncut[: len(events) - 1]
    assert isinstance(events[-1], Failed)
    assert sim.count_requests("POST", post_path) == 1
