"""Server-sent events as servers frame them: both ``data:`` spellings, multi-line data,
comments, unknown events, ``[DONE]``; one event too large is a typed error."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from genie_sdk import AnswerReady, Failed, PollingPolicy, TextReady
from genie_sdk._core import genie_one_stream
from genie_sdk._core.sse import EventBound
from genie_sdk.errors import DecodeError, ResponseTimeoutError, ResponseTooLargeError
from tests.streaming._helpers import collect_until_error
from tests.support.clients import MakeClient
from tests.support.workspace import HOST

URL = HOST + "/api/2.0/genie/one/responses"
RESPONSE = {"id": "r1", "conversation_id": "c1", "status": "in_progress", "output": []}
ITEM = {
    "type": "message",
    "id": "m1",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Revenue rose 12%.", "annotations": []}],
}


def _events() -> list[dict[str, object]]:
    done = {**RESPONSE, "status": "completed", "output": [ITEM]}
    return [
        {"type": "response.created", "response": RESPONSE, "sequence_number": 0},
        {"type": "response.in_progress", "sequence_number": 1},
        {"type": "response.output_item.done", "item": ITEM, "sequence_number": 2},
        {"type": "response.output_item.done", "item": ITEM, "sequence_number": 2},
        {"type": "response.completed", "response": done, "sequence_number": 3},
    ]


def _framed() -> bytes:
    created, unknown, item, repeated, completed = (json.dumps(e) for e in _events())
    first, rest = item.split(", ", 1)
    return (
        ": keep-alive comment\r\n\r\n"
        f"event: response.created\ndata: {created}\n\n"
        f"event:response.in_progress\ndata:{unknown}\n\n"
        f"data:{first},\ndata:{rest}\n\n"
        f"event: response.output_item.done\r\ndata: {repeated}\r\n\r\n"
        f"data: {completed}\n\n"
        "data: [DONE]\n\n"
    ).encode()


def test_every_framing_servers_use_is_read_once_to_the_answer(make_client: MakeClient) -> None:
    client = make_client(HOST, token="t", max_retries=0)
    with respx.mock() as mock:
        mock.post(URL).mock(
            return_value=httpx.Response(
                200, headers={"content-type": "text/event-stream"}, content=_framed()
            )
        )
        events = client.items(client.client.genie_one.stream("revenue?"))
    assert [type(e).__name__ for e in events] == [
        "StatusChanged",
        "TextReady",
        "StatusChanged",
        "AnswerReady",
    ]
    assert isinstance(events[1], TextReady)
    assert events[1].text == "Revenue rose 12%."
    assert isinstance(events[-1], AnswerReady)
    assert events[-1].answer.text == "Revenue rose 12%."


def test_an_event_past_the_size_bound_is_a_typed_error() -> None:
    bound = EventBound(1000)
    for _ in range(9):
        bound.feed(b"data: " + b"x" * 94 + b"\n")
    bound.feed(b"\n")
    bound.feed(b"data: " + b"x" * 900 + b"\r\n\r\n")
    with pytest.raises(ResponseTooLargeError, match="larger than 1,000 bytes"):
        for _ in range(11):
            bound.feed(b"data: " + b"x" * 94 + b"\n")


def _serve(mock: respx.MockRouter, content: bytes, content_type: str = "text/event-stream") -> None:
    mock.post(URL).mock(
        return_value=httpx.Response(200, headers={"content-type": content_type}, content=content)
    )


def test_an_endless_event_stops_reading_with_a_typed_error(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(genie_one_stream, "MAX_EVENT_BYTES", 2000)
    client = make_client(HOST, token="t", max_retries=0)
    with respx.mock() as mock:
        _serve(mock, b"data: " + b"x" * 5000)
        seen, error = collect_until_error(client, client.client.genie_one.stream("q"))
    assert isinstance(error, ResponseTooLargeError)
    assert isinstance(seen[-1], Failed)


def test_a_hostile_response_id_is_a_decode_error_not_a_path(make_client: MakeClient) -> None:
    client = make_client(HOST, token="t", max_retries=0)
    created = {"type": "response.created", "response": {**RESPONSE, "id": "../../spaces"}}
    with respx.mock() as mock:
        _serve(mock, f"data: {json.dumps(created)}\n\n".encode())
        _, error = collect_until_error(client, client.client.genie_one.stream("q"))
    assert isinstance(error, DecodeError)
    assert "response_id" in str(error)


def test_an_answer_that_is_not_an_event_stream_is_a_decode_error(make_client: MakeClient) -> None:
    client = make_client(HOST, token="t", max_retries=0)
    with respx.mock() as mock:
        _serve(mock, json.dumps(RESPONSE).encode(), "application/json")
        _, error = collect_until_error(client, client.client.genie_one.stream("q"))
    assert isinstance(error, DecodeError)
    assert "text/event-stream" in str(error)


def test_a_response_still_running_at_the_polling_timeout_raises_with_its_ids(
    make_client: MakeClient,
) -> None:
    polling = PollingPolicy(initial=0.01, maximum=0.02, timeout=0.1, jitter=0.0)
    client = make_client(HOST, token="t", max_retries=0, polling=polling)
    created = {"type": "response.created", "response": RESPONSE, "sequence_number": 0}
    with respx.mock() as mock:
        _serve(mock, f"data: {json.dumps(created)}\n\n".encode())
        get = mock.get(HOST + "/api/2.0/genie/one/conversations/c1/responses/r1")
        get.mock(return_value=httpx.Response(200, json=RESPONSE))
        seen, error = collect_until_error(client, client.client.genie_one.stream("q"))
    assert isinstance(error, ResponseTimeoutError)
    assert (error.conversation_id, error.response_id) == ("c1", "r1")
    assert "get_response('c1', 'r1')" in str(error)
    assert get.call_count >= 2
    assert isinstance(seen[-1], Failed)
