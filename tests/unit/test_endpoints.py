"""Every endpoint: method, path, query, body and decoding, for both clients."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from genie_sdk import Page
from genie_sdk.models import (
    ConversationSummary,
    EvalResult,
    EvalResultDetails,
    EvalRun,
    GenerateDownloadResponse,
    Message,
    MessageComment,
    MessageStatus,
    Space,
    StartConversationResponse,
    StatementResponse,
    StatementState,
)
from tests.support.clients import Client
from tests.support.workspace import API

S, C, M, A = "s1", "c1", "m1", "a1"
MSG = f"/spaces/{S}/conversations/{C}/messages/{M}"
STATEMENT = {
    "statement_response": {
        "statement_id": "st1",
        "status": {"state": "SUCCEEDED"},
        "manifest": {
            "format": "JSON_ARRAY",
            "schema": {
                "column_count": 1,
                "columns": [{"name": "n", "type_name": "INT", "position": 0}],
            },
        },
        "result": {"row_count": 1, "data_array": [["1"]]},
    }
}
MESSAGE = {
    "id": M,
    "message_id": M,
    "space_id": S,
    "conversation_id": C,
    "status": "SUBMITTED",
    "content": "q",
}

# resource, method, args, kwargs, http method, path, query, body, response, expected type
CASES: list[
    tuple[str, str, tuple[Any, ...], dict[str, Any], str, str, dict[str, str], Any, Any, type]
] = [
    (
        "spaces",
        "get",
        (S,),
        {"include_serialized_space": True},
        "GET",
        f"/spaces/{S}",
        {"include_serialized_space": "true"},
        None,
        {"space_id": S, "title": "Sales"},
        Space,
    ),
    (
        "spaces",
        "create",
        ("w1", "{}"),
        {"title": "T"},
        "POST",
        "/spaces",
        {},
        {"warehouse_id": "w1", "serialized_space": "{}", "title": "T"},
        {"space_id": S, "title": "T"},
        Space,
    ),
    (
        "spaces",
        "update",
        (S,),
        {"title": "New", "etag": "e1"},
        "PATCH",
        f"/spaces/{S}",
        {},
        {"title": "New", "etag": "e1"},
        {"space_id": S, "title": "New"},
        Space,
    ),
    ("spaces", "trash", (S,), {}, "DELETE", f"/spaces/{S}", {}, None, {}, type(None)),
    (
        "conversations",
        "start",
        (S, "How many?"),
        {"enable_visualization": True},
        "POST",
        f"/spaces/{S}/start-conversation",
        {},
        {"content": "How many?", "enable_visualization": True},
        {"conversation_id": C, "message_id": M, "message": MESSAGE, "conversation": {"id": C}},
        StartConversationResponse,
    ),
    (
        "conversations",
        "delete",
        (S, C),
        {},
        "DELETE",
        f"/spaces/{S}/conversations/{C}",
        {},
        None,
        {},
        type(None),
    ),
    (
        "messages",
        "create",
        (S, C, "and 2024?"),
        {},
        "POST",
        f"/spaces/{S}/conversations/{C}/messages",
        {},
        {"content": "and 2024?"},
        MESSAGE,
        Message,
    ),
    ("messages", "get", (S, C, M), {}, "GET", MSG, {}, None, MESSAGE, Message),
    ("messages", "delete", (S, C, M), {}, "DELETE", MSG, {}, None, {}, type(None)),
    (
        "messages",
        "send_feedback",
        (S, C, M, "POSITIVE"),
        {"comment": "great"},
        "POST",
        MSG + "/feedback",
        {},
        {"rating": "POSITIVE", "comment": "great"},
        {},
        type(None),
    ),
    (
        "messages",
        "create_comment",
        (S, C, M, "nice"),
        {},
        "POST",
        MSG + "/comments",
        {},
        {"content": "nice"},
        {"message_comment_id": "k1", "content": "nice"},
        MessageComment,
    ),
    (
        "messages",
        "get_query_result",
        (S, C, M, A),
        {},
        "GET",
        MSG + f"/attachments/{A}/query-result",
        {},
        None,
        STATEMENT,
        StatementResponse,
    ),
    (
        "messages",
        "execute_query",
        (S, C, M, A),
        {},
        "POST",
        MSG + f"/attachments/{A}/execute-query",
        {},
        None,
        STATEMENT,
        StatementResponse,
    ),
    (
        "messages",
        "generate_download",
        (S, C, M, A),
        {},
        "POST",
        MSG + f"/attachments/{A}/downloads",
        {},
        None,
        {"download_id": "d1", "download_id_signature": "sig"},
        GenerateDownloadResponse,
    ),
    (
        "messages",
        "get_download",
        (S, C, M, A, "d1", "sig"),
        {},
        "GET",
        MSG + f"/attachments/{A}/downloads/d1",
        {"download_id_signature": "sig"},
        None,
        STATEMENT,
        StatementResponse,
    ),
    (
        "eval_runs",
        "create",
        (S,),
        {"benchmark_question_ids": ["b1", "b2"]},
        "POST",
        f"/spaces/{S}/eval-runs",
        {},
        {"benchmark_question_ids": ["b1", "b2"]},
        {"eval_run_id": "r1", "eval_run_status": "RUNNING"},
        EvalRun,
    ),
    (
        "eval_runs",
        "get",
        (S, "r1"),
        {},
        "GET",
        f"/spaces/{S}/eval-runs/r1",
        {},
        None,
        {"eval_run_id": "r1", "eval_run_status": "DONE"},
        EvalRun,
    ),
    (
        "eval_runs",
        "get_result",
        (S, "r1", "x1"),
        {},
        "GET",
        f"/spaces/{S}/eval-runs/r1/results/x1",
        {},
        None,
        {
            "result_id": "x1",
            "assessment": "GOOD",
            "actual_response": [{"response": "SELECT 1", "response_type": "SQL"}],
        },
        EvalResultDetails,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_endpoint(genie: Client, case: tuple[Any, ...]) -> None:
    resource, method, args, kwargs, http_method, path, query, body, response, expected = case
    with respx.mock(assert_all_called=True) as mock:
        route = mock.request(http_method, API + path).mock(
            return_value=httpx.Response(200, json=response)
        )
        value = genie(getattr(getattr(genie.client, resource), method)(*args, **kwargs))
    request = route.calls.last.request
    assert dict(request.url.params) == query
    assert request.headers["authorization"] == "Bearer dapi-test-token"
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == body
    assert isinstance(value, expected)


LISTINGS = [
    ("spaces", "list", (), {}, "/spaces", "spaces", {"space_id": S, "title": "x"}, Space, {}),
    (
        "conversations",
        "list",
        (S,),
        {"include_all": True},
        f"/spaces/{S}/conversations",
        "conversations",
        {"conversation_id": C, "agent_type": "GENIE_CONVERSATION_TYPE_CHAT"},
        ConversationSummary,
        {"include_all": "true"},
    ),
    (
        "conversations",
        "list_comments",
        (S, C),
        {},
        f"/spaces/{S}/conversations/{C}/list-comments",
        "comments",
        {"message_comment_id": "k"},
        MessageComment,
        {},
    ),
    (
        "messages",
        "list",
        (S, C),
        {},
        f"/spaces/{S}/conversations/{C}/messages",
        "messages",
        MESSAGE,
        Message,
        {},
    ),
    (
        "messages",
        "list_comments",
        (S, C, M),
        {},
        MSG + "/comments",
        "comments",
        {"message_comment_id": "k"},
        MessageComment,
        {},
    ),
    (
        "eval_runs",
        "list",
        (S,),
        {},
        f"/spaces/{S}/eval-runs",
        "eval_runs",
        {"eval_run_id": "r"},
        EvalRun,
        {},
    ),
    (
        "eval_runs",
        "list_results",
        (S, "r1"),
        {},
        f"/spaces/{S}/eval-runs/r1/results",
        "eval_results",
        {"result_id": "x"},
        EvalResult,
        {},
    ),
]


@pytest.mark.parametrize("case", LISTINGS, ids=[f"{c[0]}.{c[1]}" for c in LISTINGS])
def test_listing_follows_page_tokens(genie: Client, case: tuple[Any, ...]) -> None:
    resource, method, args, kwargs, path, field, item, expected, extra = case
    pages = [
        httpx.Response(200, json={field: [item, item], "next_page_token": "p2"}),
        httpx.Response(200, json={field: [item]}),
    ]
    with respx.mock() as mock:
        route = mock.get(API + path).mock(side_effect=pages)
        items = genie.items(
            getattr(getattr(genie.client, resource), method)(*args, page_size=2, **kwargs)
        )
    assert len(items) == 3
    assert all(isinstance(item, expected) for item in items)
    first, second = (dict(call.request.url.params) for call in route.calls)
    assert first == {"page_size": "2", **extra}
    assert second == {"page_size": "2", "page_token": "p2", **extra}


def test_listing_is_lazy_and_gives_pages(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.get(API + "/spaces").mock(
            side_effect=[
                httpx.Response(200, json={"spaces": [{"space_id": "a"}], "next_page_token": "t"}),
                httpx.Response(200, json={"spaces": [{"space_id": "b"}], "next_page_token": ""}),
            ]
        )
        pager = genie.client.spaces.list(page_token="start")
        assert route.call_count == 0
        pages = genie.pages(pager)
    assert [type(p) for p in pages] == [Page, Page]
    assert [[s.space_id for s in p.items] for p in pages] == [["a"], ["b"]]
    assert pages[-1].next_page_token is None
    assert dict(route.calls[0].request.url.params) == {"page_token": "start"}


def test_visualization_download_returns_png_bytes(genie: Client) -> None:
    png = b"\x89PNG\r\n\x1a\nrest"
    name = f"spaces/{S}/conversations/{C}/messages/{M}/attachments/v1"
    with respx.mock() as mock:
        route = mock.get(f"{API}/{name}/download-visualization").mock(
            return_value=httpx.Response(200, content=png, headers={"content-type": "image/png"})
        )
        data = genie(genie.client.messages.download_visualization(name))
    assert data == png
    assert route.calls.last.request.headers["accept"] == "*/*"


@pytest.mark.parametrize(
    ("method", "args", "http_method", "path"),
    [
        ("get_message_query_result", (S, C, M), "GET", MSG + "/query-result"),
        ("get_query_result_by_attachment", (S, C, M, A), "GET", MSG + f"/query-result/{A}"),
        ("execute_message_query", (S, C, M), "POST", MSG + "/execute-query"),
    ],
)
def test_deprecated_endpoints_still_work(
    genie: Client, method: str, args: tuple[str, ...], http_method: str, path: str
) -> None:
    with respx.mock() as mock:
        mock.request(http_method, API + path).mock(return_value=httpx.Response(200, json=STATEMENT))
        with pytest.deprecated_call():
            statement = genie(getattr(genie.client.messages, method)(*args))
    assert statement.state is StatementState.SUCCEEDED


def test_ids_are_percent_encoded(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.get(url__regex=r".*").mock(return_value=httpx.Response(200, json=MESSAGE))
        genie(genie.client.messages.get("s 1", "c:1+", "m\u00fc"))
    assert route.calls.last.request.url.raw_path.decode() == (
        "/api/2.0/genie/spaces/s%201/conversations/c%3A1%2B/messages/m%C3%BC"
    )


@pytest.mark.parametrize("bad", ["c?1", "m#1", "a%2Fb", "a\\b", "%2e%2e", "\uff0e"])
def test_ids_that_are_not_one_plain_segment_are_refused(genie: Client, bad: str) -> None:
    with respx.mock(assert_all_called=False) as mock:
        mock.route().mock(return_value=httpx.Response(200, json=MESSAGE))
        with pytest.raises(ValueError, match="message_id must not"):
            genie(genie.client.messages.get(S, C, bad))
        assert not mock.calls


def test_unknown_fields_and_enum_values_are_kept(genie: Client) -> None:
    body = {
        **MESSAGE,
        "status": "THINKING_HARDER",
        "brand_new": {"x": 1},
        "attachments": [{"attachment_id": "z", "poll": {"q": 1}}],
    }
    with respx.mock() as mock:
        mock.get(API + MSG).mock(return_value=httpx.Response(200, json=body))
        message = genie(genie.client.messages.get(S, C, M))
    assert message.status == "THINKING_HARDER"
    assert not isinstance(message.status, MessageStatus)
    assert message.model_extra == {"brand_new": {"x": 1}}
    assert message.attachments[0].kind == "poll"


def test_related_dashboard_and_permission_endpoints(genie: Client) -> None:
    host = API.removesuffix("/api/2.0/genie")
    with respx.mock() as mock:
        listed = mock.get(host + "/api/2.0/lakeview/dashboards").mock(
            return_value=httpx.Response(
                200, json={"dashboards": [{"dashboard_id": "d1", "display_name": "Sales"}]}
            )
        )
        mock.get(host + "/api/2.0/lakeview/dashboards/d1").mock(
            return_value=httpx.Response(200, json={"dashboard_id": "d1", "warehouse_id": "w"})
        )
        mock.get(host + "/api/2.0/lakeview/dashboards/d1/published").mock(
            return_value=httpx.Response(
                200, json={"display_name": "Sales", "embed_credentials": True}
            )
        )
        mock.get(host + "/api/2.0/permissions/genie/s1/permissionLevels").mock(
            return_value=httpx.Response(
                200, json={"permission_levels": [{"permission_level": "CAN_RUN"}]}
            )
        )
        dashboards = genie.items(
            genie.client.dashboards.list(show_trashed=False, view="DASHBOARD_VIEW_BASIC")
        )
        draft = genie(genie.client.dashboards.get("d1"))
        published = genie(genie.client.dashboards.get_published("d1"))
        levels = genie(genie.client.permissions.get_levels("genie", "s1"))
    assert [d.display_name for d in dashboards] == ["Sales"]
    assert dict(listed.calls.last.request.url.params) == {
        "show_trashed": "false",
        "view": "DASHBOARD_VIEW_BASIC",
    }
    assert draft.warehouse_id == "w"
    assert published.embed_credentials is True
    assert levels.permission_levels[0].permission_level == "CAN_RUN"
    with pytest.raises(ValueError, match="view"):
        genie.client.dashboards.list(view="FULL")
