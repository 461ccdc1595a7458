"""The request path's shortcuts: no retry machinery for a call that succeeds at once, one-pass
decoding from the body's bytes, and the same answers and errors as the reference path."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx

from genie_sdk import DecodeError
from genie_sdk._core.calls import Call
from genie_sdk._core.decoding import decode_response
from genie_sdk._io import async_sender, sync_sender
from genie_sdk.auth import PAT
from genie_sdk.auth import _base as auth_base
from genie_sdk.models import Message
from tests.support.clients import Client
from tests.unit.scripted import MESSAGE, C, M, S, message


def _refuse_setup(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the retry machinery was set up for a call that succeeded at once")


@pytest.fixture
def no_retry_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_sender, "Retrying", _refuse_setup)
    monkeypatch.setattr(async_sender, "AsyncRetrying", _refuse_setup)


@pytest.mark.usefixtures("no_retry_setup")
def test_a_call_that_succeeds_at_once_sets_up_no_retries(genie: Client) -> None:
    with respx.mock() as mock:
        mock.get(MESSAGE).mock(return_value=httpx.Response(200, json=message("COMPLETED")))
        got = genie(genie.client.messages.get(S, C, M))
    assert got.message_id == M


def test_a_failed_first_attempt_is_retried_by_the_policy(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.get(MESSAGE)
        route.side_effect = [
            httpx.Response(503),
            httpx.Response(200, json=message("COMPLETED")),
        ]
        got = genie(genie.client.messages.get(S, C, M))
    assert got.message_id == M
    assert route.call_count == 2


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_fixed_token_is_sent_without_running_a_token_flow(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a token flow ran for a fixed token")

    monkeypatch.setattr(auth_base, "drive_sync", refuse)
    monkeypatch.setattr(auth_base, "drive_async", refuse)
    pat = PAT("dapi-fixed", host="https://example.cloud.databricks.com")
    seen: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return httpx.Response(200)

    transport = httpx.MockTransport(answer)
    url = "https://example.cloud.databricks.com/api"
    if kind == "sync":
        with httpx.Client(transport=transport, auth=pat) as client:
            client.get(url)
    else:

        async def main() -> None:
            async with httpx.AsyncClient(transport=transport, auth=pat) as client:
                await client.get(url)

        asyncio.run(main())
    assert seen == ["Bearer dapi-fixed"]


def _call(**overrides: Any) -> Call[Message]:
    return Call(
        "GET",
        "/api/2.0/genie/x",
        overrides.pop("decode", Message.model_validate),
        decode_json=overrides.pop("decode_json", Message.model_validate_json),
    )


def _never(_data: Any) -> Message:
    raise AssertionError("decoded twice")


def test_a_well_formed_body_is_decoded_in_one_pass() -> None:
    body = json.dumps(message("COMPLETED")).encode()
    got = decode_response(_call(decode=_never), 200, {}, body)
    assert got == Message.model_validate(message("COMPLETED"))


def test_text_the_one_pass_parser_refuses_is_still_decoded() -> None:
    body = json.dumps(message("COMPLETED", content="half \ud800 a pair")).encode()
    assert b"\\ud800" in body
    got = decode_response(_call(), 200, {}, body)
    assert got.content == "half \ud800 a pair"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"status": "COMPLETED", "attachments": 5}', "unexpected response shape"),
        (b'{"status": ', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
    ],
    ids=["wrong shape", "cut short", "nested too deep"],
)
def test_bodies_the_model_refuses_give_the_reference_errors(body: bytes, error: str) -> None:
    reference = Call("GET", "/api/2.0/genie/x", Message.model_validate)
    with pytest.raises(DecodeError) as expected:
        decode_response(reference, 200, {}, body)
    with pytest.raises(DecodeError, match=error) as caught:
        decode_response(_call(), 200, {}, body)
    assert str(caught.value) == str(expected.value)
    assert caught.value.status_code == 200
