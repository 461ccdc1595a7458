"""Generate insights against hostile serving endpoints: every failure is a short message, bounded."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import respx
from genie_chat.insights import MAX_REPLY_BYTES, InsightsError, ask_model

from genie_sdk import GenieClient

HOST = "https://example.cloud.databricks.com"
URL = f"{HOST}/serving-endpoints/chat/invocations"
REQUEST = {"messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture
def client() -> Iterator[GenieClient]:
    with GenieClient(HOST, token="dapi-secret") as client:
        yield client


@respx.mock
def test_sends_the_request_with_the_clients_credentials(client: GenieClient) -> None:
    route = respx.post(URL).respond(json={"choices": [{"message": {"content": "fine"}}]})
    assert ask_model(client, "chat", REQUEST) == "fine"
    sent = route.calls.last.request
    assert sent.headers["authorization"] == "Bearer dapi-secret"
    assert sent.content == httpx.Request("POST", URL, json=REQUEST).content


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(401), "may not query the serving endpoint"),
        (httpx.Response(403, json={"error_code": "PERMISSION_DENIED"}), "needs CAN QUERY"),
        (httpx.Response(404), "no serving endpoint named 'chat'"),
        (httpx.Response(429), "busy"),
        (httpx.Response(503, text="<html>down</html>"), r"failed \(HTTP 503\)"),
        (httpx.Response(200, text="not json"), "not JSON"),
        (httpx.Response(200, text="[" * 100_000 + "]" * 100_000), "not JSON"),
        (httpx.Response(200, json={"choices": []}), "had no text"),
        (httpx.Response(200, content=b"x" * (MAX_REPLY_BYTES + 1)), "too long"),
    ],
)
@respx.mock
def test_hostile_answers_become_short_messages(
    client: GenieClient, response: httpx.Response, message: str
) -> None:
    respx.post(URL).mock(return_value=response)
    with pytest.raises(InsightsError, match=message):
        ask_model(client, "chat", REQUEST)


@respx.mock
def test_an_unreachable_endpoint(client: GenieClient) -> None:
    respx.post(URL).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(InsightsError, match="could not be reached"):
        ask_model(client, "chat", REQUEST)


@pytest.mark.parametrize("name", ["", "../api/2.0/genie/spaces", "a/b", "x?y=1", "-leading"])
def test_endpoint_names_cannot_leave_the_serving_path(client: GenieClient, name: str) -> None:
    with respx.mock(assert_all_called=False) as mock, pytest.raises(InsightsError):
        ask_model(client, name, REQUEST)
    assert not mock.calls


@respx.mock
def test_a_trickling_answer_stops_at_the_deadline(client: GenieClient) -> None:
    now = iter([0.0, 1.0, 10_000.0])
    respx.post(URL).mock(return_value=httpx.Response(200, content=iter([b'{"choices": ', b"[]}"])))
    with pytest.raises(InsightsError, match="took too long"):
        ask_model(client, "chat", REQUEST, clock=lambda: next(now))
