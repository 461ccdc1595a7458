"""Error mapping and retries over HTTP, for both clients."""

from __future__ import annotations

import httpx
import pytest
import respx

from genie_sdk import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DecodeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
)
from tests.support.clients import Client
from tests.support.clocks import FakeClock
from tests.support.workspace import API

SPACE = API + "/spaces/s1"
START = API + "/spaces/s1/start-conversation"
STARTED = {"conversation_id": "c1", "message_id": "m1"}


@pytest.mark.parametrize(
    ("status", "body", "expected", "code"),
    [
        (
            400,
            {"error_code": "INVALID_PARAMETER_VALUE", "message": "bad"},
            BadRequestError,
            "INVALID_PARAMETER_VALUE",
        ),
        (
            401,
            {"error_code": "UNAUTHENTICATED", "message": "no"},
            AuthenticationError,
            "UNAUTHENTICATED",
        ),
        (
            403,
            {"error_code": "PERMISSION_DENIED", "message": "no"},
            PermissionDeniedError,
            "PERMISSION_DENIED",
        ),
        (
            404,
            {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "gone"},
            NotFoundError,
            "RESOURCE_DOES_NOT_EXIST",
        ),
        (
            409,
            {"error_code": "RESOURCE_CONFLICT", "message": "etag"},
            ConflictError,
            "RESOURCE_CONFLICT",
        ),
        (418, {"message": "teapot"}, ApiError, None),
        (501, {"error_code": "NOT_IMPLEMENTED", "message": "x"}, ServerError, "NOT_IMPLEMENTED"),
    ],
)
def test_status_maps_to_typed_error(
    genie: Client, status: int, body: dict[str, str], expected: type, code: str | None
) -> None:
    with respx.mock() as mock:
        mock.get(SPACE).mock(
            return_value=httpx.Response(status, json=body, headers={"x-request-id": "rq-1"})
        )
        with pytest.raises(expected) as caught:
            genie(genie.client.spaces.get("s1"))
    error = caught.value
    assert type(error) is expected
    assert error.status_code == status
    assert error.error_code == code
    assert error.request_id == "rq-1"
    assert "dapi-test-token" not in str(error)


def test_error_details_are_parsed(genie: Client) -> None:
    body = {
        "error_code": "RESOURCE_DOES_NOT_EXIST",
        "message": "Space s1 not found",
        "details": [
            {"@type": "type.googleapis.com/google.rpc.RequestInfo", "request_id": "from-details"},
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "NOPE"},
        ],
    }
    with respx.mock() as mock:
        mock.get(SPACE).mock(return_value=httpx.Response(404, json=body))
        with pytest.raises(NotFoundError) as caught:
            genie(genie.client.spaces.get("s1"))
    assert caught.value.request_id == "from-details"
    assert caught.value.message == "Space s1 not found"
    assert caught.value.details[1]["reason"] == "NOPE"


@pytest.mark.parametrize(
    ("content", "headers", "message"),
    [
        (b"", {}, "Forbidden"),
        (
            b"<html><head><title>403 Forbidden</title></head><body>nginx</body></html>",
            {"content-type": "text/html"},
            "403 Forbidden",
        ),
        (
            b"<html><body><pre>Access denied by gateway</pre></body></html>",
            {"content-type": "text/html"},
            "Access denied by gateway",
        ),
        (
            b"PERMISSION_DENIED: you shall not pass",
            {"content-type": "text/plain"},
            "you shall not pass",
        ),
        (b"{not json", {"content-type": "application/json"}, "Forbidden: {not json"),
    ],
)
def test_non_json_error_bodies_still_give_typed_errors(
    genie: Client, content: bytes, headers: dict[str, str], message: str
) -> None:
    with respx.mock() as mock:
        mock.get(SPACE).mock(return_value=httpx.Response(403, content=content, headers=headers))
        with pytest.raises(PermissionDeniedError) as caught:
            genie(genie.client.spaces.get("s1"))
    assert caught.value.message.startswith(message)
    assert "Config: host=https://example.cloud.databricks.com" in str(caught.value)
    assert "dapi-test-token" not in str(caught.value)


def test_malformed_success_body_is_a_decode_error(genie: Client) -> None:
    with respx.mock() as mock:
        mock.get(SPACE).mock(return_value=httpx.Response(200, content=b'{"space_id": '))
        with pytest.raises(DecodeError):
            genie(genie.client.spaces.get("s1"))
        mock.get(SPACE).mock(return_value=httpx.Response(200, json={"space_id": 5, "title": []}))
        with pytest.raises(DecodeError, match="unexpected response shape"):
            genie(genie.client.spaces.get("s1"))


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_get_is_retried_on_transient_statuses(genie: Client, clock: FakeClock, status: int) -> None:
    with respx.mock() as mock:
        route = mock.get(SPACE).mock(
            side_effect=[
                httpx.Response(status),
                httpx.Response(status),
                httpx.Response(200, json={"space_id": "s1"}),
            ]
        )
        space = genie(genie.client.spaces.get("s1"))
    assert space.space_id == "s1"
    assert route.call_count == 3
    assert len(clock.sleeps) == 2


def test_retries_stop_after_max_retries(make_genie: object) -> None:
    genie = make_genie(max_retries=2)  # type: ignore[operator]
    with respx.mock() as mock:
        route = mock.get(SPACE).mock(
            return_value=httpx.Response(
                503, json={"error_code": "TEMPORARILY_UNAVAILABLE", "message": "busy"}
            )
        )
        with pytest.raises(ServerError) as caught:
            genie(genie.client.spaces.get("s1"))
    assert route.call_count == 3
    assert caught.value.error_code == "TEMPORARILY_UNAVAILABLE"


def test_retry_after_is_honoured(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(
            side_effect=[
                httpx.Response(
                    429,
                    headers={"Retry-After": "7"},
                    json={"error_code": "REQUEST_LIMIT_EXCEEDED", "message": "slow down"},
                ),
                httpx.Response(200, json=STARTED),
            ]
        )
        genie(genie.client.conversations.start("s1", "q"))
    assert 7.0 <= clock.sleeps[0] < 7.1


def test_retry_after_beyond_cap_is_not_retried(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.post(START).mock(
            return_value=httpx.Response(429, headers={"Retry-After": "3600"})
        )
        with pytest.raises(RateLimitError) as caught:
            genie(genie.client.conversations.start("s1", "q"))
    assert route.call_count == 1
    assert caught.value.retry_after == 3600


@pytest.mark.parametrize("status", [429, 503])
def test_post_is_retried_when_the_server_refused_it(genie: Client, status: int) -> None:
    with respx.mock() as mock:
        route = mock.post(START).mock(
            side_effect=[httpx.Response(status), httpx.Response(200, json=STARTED)]
        )
        genie(genie.client.conversations.start("s1", "q"))
    assert route.call_count == 2


@pytest.mark.parametrize("status", [500, 502, 504])
def test_post_is_not_retried_when_the_server_may_have_acted(genie: Client, status: int) -> None:
    with respx.mock() as mock:
        route = mock.post(START).mock(return_value=httpx.Response(status))
        with pytest.raises(ServerError):
            genie(genie.client.conversations.start("s1", "q"))
    assert route.call_count == 1


def test_post_is_not_retried_after_a_read_timeout(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.post(START).mock(side_effect=httpx.ReadTimeout("timed out"))
        with pytest.raises(TransportError) as caught:
            genie(genie.client.conversations.start("s1", "q"))
    assert route.call_count == 1
    assert caught.value.request_sent is True


def test_post_is_retried_after_a_connect_error(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.post(START).mock(
            side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=STARTED)]
        )
        started = genie(genie.client.conversations.start("s1", "q"))
    assert route.call_count == 2
    assert started.conversation_id == "c1"


def test_get_is_retried_after_a_read_timeout(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.get(SPACE).mock(
            side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json={"space_id": "s1"})]
        )
        genie(genie.client.spaces.get("s1"))
    assert route.call_count == 2


def test_delete_is_not_retried_after_a_read_error(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.delete(SPACE).mock(side_effect=httpx.ReadError("reset"))
        with pytest.raises(TransportError):
            genie(genie.client.spaces.trash("s1"))
    assert route.call_count == 1


def test_client_errors_are_not_retried(genie: Client) -> None:
    with respx.mock() as mock:
        route = mock.get(SPACE).mock(
            return_value=httpx.Response(400, json={"error_code": "BAD_REQUEST", "message": "x"})
        )
        with pytest.raises(BadRequestError):
            genie(genie.client.spaces.get("s1"))
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("resource", "method", "args"),
    [
        ("conversations", "start", ("s1", "")),
        ("conversations", "start", ("s1", "   ")),
        ("conversations", "start", ("s/1", "q")),
        ("messages", "get", ("s1", "", "m1")),
        ("messages", "get", ("s1", "c/1", "m1")),
        ("messages", "send_feedback", ("s1", "c1", "m1", "GREAT")),
        ("spaces", "update", ("s1",)),
        ("spaces", "get", (None,)),
        ("messages", "download_visualization", ("../x",)),
    ],
)
def test_bad_arguments_raise_value_error_before_any_request(
    genie: Client, resource: str, method: str, args: tuple[object, ...]
) -> None:
    with respx.mock() as mock, pytest.raises(ValueError):
        genie(getattr(getattr(genie.client, resource), method)(*args))
    assert mock.calls.call_count == 0


def test_bad_page_arguments_raise_before_any_request(genie: Client) -> None:
    with respx.mock() as mock:
        with pytest.raises(ValueError, match="page_size"):
            genie.client.spaces.list(page_size=0)
        with pytest.raises(ValueError, match="page_token"):
            genie.client.spaces.list(page_token=5)
    assert mock.calls.call_count == 0


def test_api_errors_keep_the_body_and_the_request(genie: Client) -> None:
    body = {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no space s1", "extra": [1, 2]}
    with respx.mock() as mock:
        mock.get(SPACE).respond(404, json=body)
        with pytest.raises(NotFoundError) as caught:
            genie(genie.client.spaces.get("s1"))
    error = caught.value
    assert (error.method, error.path) == ("GET", "/api/2.0/genie/spaces/s1")
    assert '"extra": [1, 2]' in error.body or '"extra":[1,2]' in error.body
    assert "dapi-test-token" not in repr(error.__dict__)
