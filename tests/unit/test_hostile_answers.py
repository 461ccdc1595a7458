"""Answers a hostile or unusual server sends, and arguments that must not be sent, on both clients."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from genie_sdk import DecodeError, DownloadError, PollingPolicy, PollTimeoutError, ServerError
from genie_sdk._core import pages
from tests.support.clients import Client
from tests.support.workspace import API
from tests.unit.scripted import (
    FOLLOW_UP,
    MESSAGE,
    NO_JITTER,
    START,
    C,
    M,
    S,
    message,
    query,
    responses,
    result_url,
    statement,
)

DEEP = b"[" * 100_000 + b"]" * 100_000
"""JSON nested far deeper than a parser's recursion allows."""


# -- deeply nested JSON -----------------------------------------------------------------------


def test_deeply_nested_answer_is_a_decode_error_with_ids(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=httpx.Response(200, json=started_body()))
        mock.get(MESSAGE).mock(return_value=httpx.Response(200, content=DEEP))
        with pytest.raises(DecodeError, match="nested too deep") as caught:
            genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert (caught.value.conversation_id, caught.value.message_id) == (C, M)


def test_deeply_nested_error_body_still_gives_the_status(genie: Client) -> None:
    with respx.mock() as mock:
        mock.get(f"{API}/spaces/{S}").mock(return_value=httpx.Response(500, content=DEEP))
        with pytest.raises(ServerError) as caught:
            genie(genie.client.spaces.get(S))
    assert caught.value.status_code == 500


def test_ask_many_keeps_the_answers_around_a_deeply_nested_one(genie: Client) -> None:
    answered = message("COMPLETED", {"attachment_id": "t", "text": {"content": "done"}})

    def start(request: httpx.Request) -> httpx.Response:
        if b"deep" in request.content:
            return httpx.Response(200, content=DEEP)
        return httpx.Response(200, json=started_body(answered))

    with respx.mock() as mock:
        mock.post(START).mock(side_effect=start)
        outcomes = genie(genie.client.ask_many(S, ["one", "deep", "two"], polling=NO_JITTER))
    assert [type(o).__name__ for o in outcomes] == [
        type(outcomes[0]).__name__,
        "DecodeError",
        type(outcomes[0]).__name__,
    ]
    assert outcomes[0].text == outcomes[2].text == "done"


# -- text that is not valid Unicode -----------------------------------------------------------

LONE = "total sales \ud800 by region"

SURROGATE_CALLS: dict[str, Callable[[Any], Any]] = {
    "ask": lambda c: c.ask(S, LONE),
    "ask follow-up": lambda c: c.ask(S, LONE, conversation_id=C),
    "conversations.start": lambda c: c.conversations.start(S, LONE),
    "messages.create": lambda c: c.messages.create(S, C, LONE),
    "messages.create_comment": lambda c: c.messages.create_comment(S, C, M, LONE),
    "messages.send_feedback comment": lambda c: c.messages.send_feedback(
        S, C, M, "NEGATIVE", comment=LONE
    ),
    "spaces.create title": lambda c: c.spaces.create("w1", "{}", title=LONE),
    "spaces.update description": lambda c: c.spaces.update(S, description=LONE),
    "ask_many": lambda c: c.ask_many(S, ["fine", LONE]),
}


@pytest.mark.parametrize("call", list(SURROGATE_CALLS))
def test_lone_surrogates_are_refused_before_any_request(genie: Client, call: str) -> None:
    with respx.mock(assert_all_called=False) as mock:
        mock.route().mock(return_value=httpx.Response(200, json=started_body()))
        with pytest.raises(ValueError, match="valid Unicode"):
            genie(SURROGATE_CALLS[call](genie.client))
        assert not mock.calls


# -- malformed download links -----------------------------------------------------------------

SECRET = "X-Amz-Signature=s3cr3t"
BAD_LINKS = {
    "CRLF in the link": {"external_link": f"https://storage.example.com/x\r\nInjected: 1?{SECRET}"},
    "port out of range": {"external_link": f"https://storage.example.com:99999/x?{SECRET}"},
    "no host": {"external_link": f"https:///x?{SECRET}"},
    "CRLF in a header": {
        "external_link": f"https://storage.example.com/x?{SECRET}",
        "http_headers": {"x-key": "s3cr3t\r\nInjected: 1"},
    },
}


@pytest.mark.parametrize("bad", list(BAD_LINKS))
def test_malformed_download_links_are_download_errors_that_do_not_quote_them(
    genie: Client, bad: str, tmp_path: Path
) -> None:
    link = {"chunk_index": 0, "row_count": 1, **BAD_LINKS[bad]}
    with respx.mock(assert_all_called=False) as mock:
        answer = answered_with_download(genie, mock, [link])
        with pytest.raises(DownloadError, match="malformed") as caught:
            genie(answer.download(tmp_path / "rows.csv"))
        assert not [call for call in mock.calls if "storage" in str(call.request.url)]
    text = str(caught.value)
    assert not {"\r", "\n"} & set(text)
    assert "s3cr3t" not in text
    assert "storage.example.com" not in text


def test_internal_links_that_climb_out_are_refused(genie: Client, tmp_path: Path) -> None:
    link = {
        "chunk_index": 0,
        "row_count": 1,
        "external_link": "https://storage.example.com/0",
        "next_chunk_index": 1,
        "next_chunk_internal_link": "/api/2.0/sql/statements/st1/../../../genie/spaces/s1",
    }
    with respx.mock(assert_all_called=False) as mock:
        mock.get("https://storage.example.com/0").mock(
            return_value=httpx.Response(200, content=b'[["a","1.00"]]')
        )
        answer = answered_with_download(genie, mock, [link], total_chunks=2)
        with pytest.raises(DownloadError, match="segment"):
            genie(answer.download(tmp_path / "rows.csv"))
        assert not [c for c in mock.calls if "/sql/statements" in c.request.url.path]


# -- listings that never end ------------------------------------------------------------------


def test_a_listing_whose_token_never_repeats_ends_with_an_error(
    genie: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "MAX_PAGES", 50, raising=False)
    tokens = itertools.count()

    def endless(_request: httpx.Request) -> httpx.Response:
        token = next(tokens)
        assert token < 1_000, "the listing kept going"
        return httpx.Response(200, json={"spaces": [], "next_page_token": f"t{token}"})

    with respx.mock() as mock:
        mock.get(f"{API}/spaces").mock(side_effect=endless)
        with pytest.raises(DecodeError, match="did not end after 50 pages"):
            genie.items(genie.client.spaces.list())
        assert mock.calls.call_count == 50


# -- the start-conversation answer of the documentation ---------------------------------------

DOCUMENTED_START = {
    "conversation": {
        "created_timestamp": 1719769718,
        "id": C,
        "last_updated_timestamp": 1719769718,
        "space_id": S,
        "title": "Give me top sales for last month",
        "user_id": 12345,
    },
    "message": {
        "attachments": None,
        "content": "Give me top sales for last month",
        "conversation_id": C,
        "created_timestamp": 1719769718,
        "error": None,
        "id": M,
        "last_updated_timestamp": 1719769718,
        "query_result": None,
        "space_id": S,
        "status": "IN_PROGRESS",
        "user_id": 12345,
    },
}


def test_the_documented_start_answer_is_understood(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=httpx.Response(200, json=DOCUMENTED_START))
        mock.get(MESSAGE).mock(side_effect=responses(message("COMPLETED", query("q1", "SELECT 1"))))
        mock.get(result_url("q1")).mock(
            side_effect=responses(statement("SUCCEEDED", [["west", "1.00"]]))
        )
        answer = genie(genie.client.ask(S, "q", polling=NO_JITTER))
        started = genie(genie.client.conversations.start(S, "q"))
    assert (answer.conversation_id, answer.message_id) == (C, M)
    assert answer.result.rows == [("west", answer.result.rows[0][1])]
    assert (started.conversation_id, started.message_id) == (C, M)


@pytest.mark.parametrize(
    "body",
    [
        b'{"conversation": {"id": "c1"}, "message": {"id": "m1", "attachments": "oops"}}',
        b'{"conversation_id": "c1", "message": "not a message"',
    ],
    ids=["wrong shape", "broken JSON"],
)
def test_an_unreadable_start_answer_says_the_question_was_sent(genie: Client, body: bytes) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=httpx.Response(200, content=body))
        with pytest.raises(DecodeError, match="question was sent") as caught:
            genie(genie.client.ask(S, "q", polling=NO_JITTER))
        assert mock.calls.call_count == 1
    error = caught.value
    assert error.space_id == S
    if body.endswith(b"}}"):
        assert (error.conversation_id, error.message_id) == (C, M)


def test_an_unreadable_follow_up_answer_keeps_the_conversation(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(FOLLOW_UP).mock(
            return_value=httpx.Response(200, json={"id": M, "attachments": 5})
        )
        with pytest.raises(DecodeError, match="question was sent") as caught:
            genie(genie.client.ask(S, "q", conversation_id=C, polling=NO_JITTER))
    assert (caught.value.conversation_id, caught.value.message_id) == (C, M)


# -- helpers ----------------------------------------------------------------------------------


def started_body(first: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"conversation_id": C, "message_id": M, "message": first or message("SUBMITTED")}


def answered_with_download(
    genie: Client, mock: respx.MockRouter, links: list[dict[str, Any]], total_chunks: int = 1
) -> Any:
    """An answer whose full download is exported at once with ``links``."""
    mock.get(MESSAGE).mock(
        return_value=httpx.Response(200, json=message("COMPLETED", query("q1", "SELECT 1")))
    )
    downloads = f"{MESSAGE}/attachments/q1/downloads"
    mock.post(downloads).mock(
        return_value=httpx.Response(200, json={"download_id": "d1", "download_id_signature": "sig"})
    )
    done = statement("SUCCEEDED", [])["statement_response"]
    done["manifest"]["format"] = "JSON_ARRAY"
    done["manifest"]["total_chunk_count"] = total_chunks
    done["result"] = {"external_links": links}
    mock.get(f"{downloads}/d1").mock(
        return_value=httpx.Response(200, json={"statement_response": done})
    )
    mock.get(result_url("q1")).mock(
        return_value=httpx.Response(200, json=statement("SUCCEEDED", [["west", "1.00"]]))
    )
    return genie(genie.client.wait(S, C, M, polling=NO_JITTER))


def test_a_polled_message_cannot_move_the_conversation_to_a_hostile_id(genie: Client) -> None:
    hostile = message("EXECUTING_QUERY", conversation_id="../../spaces")
    answered = message("COMPLETED", {"attachment_id": "t", "text": {"content": "done"}})
    current = [hostile]
    with respx.mock() as mock:
        mock.post(START).mock(return_value=httpx.Response(200, json=started_body()))
        mock.get(MESSAGE).mock(side_effect=lambda _: httpx.Response(200, json=current[0]))
        conversation = genie.client.conversation(S)
        with pytest.raises(PollTimeoutError):
            genie(conversation.ask("q", polling=PollingPolicy(initial=0.05, timeout=1.0)))
        assert conversation.id == C
        current[0] = answered
        answer = genie(conversation.wait(polling=NO_JITTER))
    assert answer.text == "done"
