"""Hostile or broken provider servers end in typed errors, and nothing is asked twice."""

from __future__ import annotations

import httpx
import pytest
import respx

from genie_sdk.errors import DecodeError, GenieError, ResponseFailedError
from genie_sdk.providers.secoda import AsyncSecodaClient, SecodaClient
from genie_sdk.providers.workato import AsyncHeadlessGenieClient, HeadlessGenieClient
from tests.providers.conftest import POLLING
from tests.support.clients import Client, MakeClient
from tests.support.clocks import FakeClock

SECODA = "https://secoda.example.com/api/v1"
WORKATO = "https://workato.example.com"
CHAT = f"{WORKATO}/api/v1/genies/g/chat/conversations/c"


@pytest.fixture
def secoda(make_client: MakeClient) -> Client:
    classes = (SecodaClient, AsyncSecodaClient)
    return make_client(SECODA, api_key="k", classes=classes, polling=POLLING, time=FakeClock())


@pytest.fixture
def workato(make_client: MakeClient) -> Client:
    classes = (HeadlessGenieClient, AsyncHeadlessGenieClient)
    return make_client(WORKATO, api_key="k", classes=classes, polling=POLLING, time=FakeClock())


def _sse(*events: str) -> httpx.Response:
    body = "".join(events).encode()
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


def test_a_prompt_id_that_is_not_a_path_segment_is_never_followed(secoda: Client) -> None:
    with respx.mock() as mock:
        created = mock.post(f"{SECODA}/ai/embedded_prompt/").mock(
            return_value=httpx.Response(201, json={"id": "..", "status": "PENDING"})
        )
        with pytest.raises(DecodeError, match="do not ask again"):
            secoda(secoda.client.ask("q"))
    assert created.call_count == 1


def test_a_prompt_answer_of_the_wrong_shape_is_a_decode_error(secoda: Client) -> None:
    with respx.mock() as mock:
        mock.post(f"{SECODA}/ai/embedded_prompt/").mock(
            return_value=httpx.Response(201, json={"id": "p1", "status": "PENDING"})
        )
        mock.get(f"{SECODA}/ai/embedded_prompt/p1/").mock(
            return_value=httpx.Response(
                200, json={"id": "p1", "status": "COMPLETED", "response": 7}
            )
        )
        with pytest.raises(DecodeError):
            secoda(secoda.client.ask("q"))


def test_an_html_500_on_a_prompt_is_not_retried(secoda: Client) -> None:
    with respx.mock() as mock:
        created = mock.post(f"{SECODA}/ai/embedded_prompt/").mock(
            return_value=httpx.Response(500, text="<html><title>Server Error</title></html>")
        )
        with pytest.raises(GenieError, match="Server Error"):
            secoda(secoda.client.ask("q"))
    assert created.call_count == 1


def test_an_event_that_is_not_json_is_a_decode_error(workato: Client) -> None:
    with respx.mock() as mock:
        mock.post(f"{CHAT}/messages").mock(return_value=_sse("data: <html>\n\n"))
        with pytest.raises(DecodeError, match="not a JSON object"):
            workato(workato.client.send_message("g", "c", "q"))


def test_a_confirmation_without_a_call_id_is_a_decode_error(workato: Client) -> None:
    started = '{"id":"e1","type":"processing.started","genie_run_id":"r1"}'
    confirm = '{"id":"e2","type":"skill.confirmation_required","genie_run_id":"r1","data":{}}'
    with respx.mock() as mock:
        sent = mock.post(f"{CHAT}/messages").mock(
            return_value=_sse(f"data: {started}\n\n", f"data: {confirm}\n\n")
        )
        with pytest.raises(DecodeError, match="call_id"):
            workato(workato.client.send_message("g", "c", "q"))
    assert sent.call_count == 1


def test_unknown_events_and_repeats_are_skipped(workato: Client) -> None:
    events = [
        '{"id":"e1","type":"processing.started","genie_run_id":"r1"}',
        '{"id":"e2","type":"vendor.new_thing","genie_run_id":"r1","data":{"x":1}}',
        '{"id":"e3","type":"agent.message","genie_run_id":"r1","data":{"content":"hi"}}',
        '{"id":"e3","type":"agent.message","genie_run_id":"r1","data":{"content":"hi"}}',
        '{"id":"e4","type":"processing.finished","genie_run_id":"r1","data":{"status":"completed"}}',
    ]
    with respx.mock() as mock:
        mock.post(f"{CHAT}/messages").mock(return_value=_sse(*(f"data: {e}\n\n" for e in events)))
        reply = workato(workato.client.send_message("g", "c", "q"))
    assert reply.messages == ["hi"]
    assert [e.id for e in reply.events] == ["e1", "e2", "e3", "e4"]


def test_a_run_reported_failed_is_a_typed_error(workato: Client) -> None:
    events = [
        '{"id":"e1","type":"processing.started","genie_run_id":"r1"}',
        '{"id":"e2","type":"processing.finished","genie_run_id":"r1",'
        '"data":{"status":"FAILED","error":"quota"}}',
    ]
    with respx.mock() as mock:
        mock.post(f"{CHAT}/messages").mock(return_value=_sse(*(f"data: {e}\n\n" for e in events)))
        with pytest.raises(ResponseFailedError, match="quota") as caught:
            workato(workato.client.send_message("g", "c", "q"))
    assert (caught.value.response_id, caught.value.agent_id) == ("r1", "g")


def test_the_api_key_goes_only_to_the_base_urls_origin(workato: Client) -> None:
    with respx.mock() as mock:
        route = mock.post(f"{WORKATO}/api/v1/genies/g/chat/conversations").mock(
            return_value=httpx.Response(201, json={"conversation_id": "c"})
        )
        workato(workato.client.create_conversation("g"))
    assert route.calls[0].request.headers["authorization"] == "Bearer k"


def test_events_without_ids_listed_twice_are_given_once(workato: Client) -> None:
    started = '{"id":"e1","type":"processing.started","genie_run_id":"r1","created_at":"t1"}'
    thinking = {"type": "agent.thinking", "genie_run_id": "r1", "created_at": "t2",
                "data": {"content": "hmm"}}  # fmt: skip
    message = {"type": "agent.message", "genie_run_id": "r1", "created_at": "t3",
               "data": {"content": "hi"}}  # fmt: skip
    finished = {"type": "processing.finished", "genie_run_id": "r1", "created_at": "t4",
                "data": {"status": "completed"}}  # fmt: skip
    listings = iter([{"events": [thinking, message]}, {"events": [message, finished]}])
    with respx.mock() as mock:
        mock.post(f"{CHAT}/messages").mock(return_value=_sse(f"data: {started}\n\n"))
        mock.get(f"{CHAT}/genie-runs/r1").mock(return_value=httpx.Response(404, json={}))
        mock.get(f"{WORKATO}/api/v1/genies/g/chat/conversations/events").mock(
            side_effect=lambda request: httpx.Response(200, json=next(listings))
        )
        events: list[object] = []
        reply = workato(workato.client.send_message("g", "c", "q", on_event=events.append))
    assert reply.messages == ["hi"]
    assert [type(e).__name__ for e in events].count("TextReady") == 1


def test_event_fields_beside_the_type_are_read_as_well_as_nested_ones(workato: Client) -> None:
    events = [
        '{"id":"e1","type":"processing.started","genie_run_id":"r1"}',
        '{"id":"e2","type":"agent.message","genie_run_id":"r1","content":"flat"}',
        '{"id":"e3","type":"processing.finished","genie_run_id":"r1","status":"completed"}',
    ]
    with respx.mock() as mock:
        mock.post(f"{CHAT}/messages").mock(return_value=_sse(*(f"data: {e}\n\n" for e in events)))
        reply = workato(workato.client.send_message("g", "c", "q"))
    assert reply.text == "flat"
