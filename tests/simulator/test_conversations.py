"""Conversations and messages: shapes, lifecycle, listing, feedback, comments, limits."""

from __future__ import annotations

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator, SimClock
from tests.simulator._helpers import API, Genie, kinds, queries

MESSAGE_FIELDS = {
    "id",
    "message_id",
    "space_id",
    "conversation_id",
    "user_id",
    "content",
    "status",
    "created_timestamp",
    "last_updated_timestamp",
}


def test_start_conversation_shape(sim: GenieSimulator, genie: Genie) -> None:
    body = genie.start("total sales by region")
    assert set(body) == {"conversation_id", "message_id", "conversation", "message"}
    conversation, message = body["conversation"], body["message"]
    assert conversation["id"] == conversation["conversation_id"] == body["conversation_id"]
    assert conversation["space_id"] == sim.space_id
    assert conversation["title"] == "total sales by region"
    assert conversation["user_id"] == sim.user_id
    assert set(message) >= MESSAGE_FIELDS
    assert message["id"] == message["message_id"] == body["message_id"]
    assert message["status"] == "SUBMITTED"
    assert "attachments" not in message
    assert isinstance(message["created_timestamp"], int)
    assert message["created_timestamp"] > 1_600_000_000_000


def test_lifecycle_advances_one_step_per_poll(genie: Genie) -> None:
    message = genie.start("total sales by region")["message"]
    seen = []
    for _ in range(6):
        polled = genie.get(message)
        seen.append((polled["status"], kinds(polled)))
    assert seen[:4] == [
        ("FILTERING_CONTEXT", []),
        ("ASKING_AI", []),
        ("EXECUTING_QUERY", ["query"]),
        ("COMPLETED", ["query", "text", "viz", "suggested_questions"]),
    ]
    assert seen[4][0] == seen[5][0] == "COMPLETED"


def test_sql_is_visible_while_executing(genie: Genie) -> None:
    message = genie.start("how many customers")["message"]
    for _ in range(3):
        message = genie.get(message)
    assert message["status"] == "EXECUTING_QUERY"
    query = queries(message)[0]["query"]
    assert query["query"] == "SELECT COUNT(*) AS customers FROM customers"
    assert "query_result_metadata" not in query
    assert genie.result(message)["status"]["state"] == "RUNNING"


@pytest.mark.genie_simulator(warehouse_startup=2)
def test_warehouse_start_up_shows_pending_warehouse(genie: Genie) -> None:
    message = genie.start("how many customers")["message"]
    statuses = [genie.get(message)["status"] for _ in range(6)]
    assert statuses == [
        "FILTERING_CONTEXT",
        "ASKING_AI",
        "PENDING_WAREHOUSE",
        "PENDING_WAREHOUSE",
        "EXECUTING_QUERY",
        "COMPLETED",
    ]


@pytest.mark.genie_simulator(steps_per_poll=2)
def test_steps_per_poll(genie: Genie) -> None:
    message = genie.start("how many customers")["message"]
    assert [genie.get(message)["status"] for _ in range(3)] == [
        "ASKING_AI",
        "COMPLETED",
        "COMPLETED",
    ]


@pytest.mark.genie_simulator(advance="time", stage_seconds=10)
def test_time_mode_advances_with_the_clock(sim: GenieSimulator, genie: Genie) -> None:
    message = genie.start("how many customers")["message"]
    assert genie.get(message)["status"] == "SUBMITTED"
    assert genie.get(message)["status"] == "SUBMITTED"
    sim.clock.advance(20)
    assert genie.get(message)["status"] == "ASKING_AI"
    sim.clock.advance(100)
    assert genie.get(message)["status"] == "COMPLETED"


def test_follow_up_in_the_same_conversation(genie: Genie) -> None:
    first = genie.ask("total sales by region")
    second = genie.follow_up(first["conversation_id"], "only for 2024")
    third = genie.follow_up(first["conversation_id"], "what about 2023?")
    sql_2024 = queries(second)[0]["query"]["query"]
    sql_2023 = queries(third)[0]["query"]["query"]
    assert "year(sale_date) = 2024" in sql_2024
    assert "year(sale_date) = 2023" in sql_2023
    assert "2024" not in sql_2023
    total = sum(float(r[1]) for r in genie.result(first)["result"]["data_array"])
    by_year = [
        sum(float(r[1]) for r in genie.result(m)["result"]["data_array"]) for m in (second, third)
    ]
    assert sum(by_year) == pytest.approx(total)


def test_list_messages_oldest_first_with_pages(genie: Genie, http: httpx.Client) -> None:
    first = genie.ask("how many customers")
    conversation_id = first["conversation_id"]
    genie.send(conversation_id, "sales by channel")
    genie.send(conversation_id, "what can you do")
    path = f"{genie.conversation(conversation_id)}/messages"
    page1 = http.get(path, params={"page_size": 2}).json()
    page2 = http.get(path, params={"page_token": page1["next_page_token"]}).json()
    contents = [m["content"] for m in page1["messages"] + page2["messages"]]
    assert contents == ["how many customers", "sales by channel", "what can you do"]
    assert "next_page_token" not in page2
    assert page1["messages"][0]["status"] == "COMPLETED"


def test_list_conversations_newest_first_and_include_all(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    mine = [genie.start(f"question {i}")["conversation_id"] for i in range(3)]
    token = http.post(
        "/oidc/v1/token",
        data={"grant_type": "client_credentials", "scope": "all-apis"},
        auth=(sim.client_id, sim.client_secret),
    ).json()["access_token"]
    robot = Genie(
        httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}), sim.space_id
    )
    theirs = robot.start("from a service principal")["conversation_id"]
    path = f"{genie.space}/conversations"
    listed = http.get(path).json()["conversations"]
    assert [c["conversation_id"] for c in listed] == mine[::-1]
    assert listed[0] == {
        "conversation_id": mine[2],
        "title": "question 2",
        "created_timestamp": listed[0]["created_timestamp"],
        "agent_type": "GENIE_CONVERSATION_TYPE_CHAT",
    }
    everyone = http.get(path, params={"include_all": "true"}).json()["conversations"]
    assert [c["conversation_id"] for c in everyone] == [theirs, *mine[::-1]]
    page = http.get(path, params={"page_size": 2}).json()
    assert len(page["conversations"]) == 2
    rest = http.get(path, params={"page_token": page["next_page_token"]}).json()
    assert [c["conversation_id"] for c in rest["conversations"]] == [mine[0]]
    robot.http.close()


def test_delete_message_and_conversation(genie: Genie, http: httpx.Client) -> None:
    message = genie.ask("how many customers")
    assert http.delete(genie.message_path(message)).json() == {}
    assert http.get(genie.message_path(message)).status_code == 404
    conversation = genie.conversation(message["conversation_id"])
    assert http.delete(conversation).json() == {}
    assert http.get(f"{conversation}/messages").status_code == 404
    assert http.delete(conversation).status_code == 404


def test_invalid_questions_are_rejected(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    for body in ({}, {"content": ""}, {"content": "   "}, {"content": 5}):
        response = http.post(f"{genie.space}/start-conversation", json=body)
        assert response.status_code == 400
        assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert sim.messages_created == 0
    unknown = http.post(f"{genie.space}/conversations/{'f' * 32}/messages", json={"content": "x"})
    assert unknown.status_code == 404
    assert unknown.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


def test_questions_over_the_length_limit_are_refused(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    limit = sim.settings.max_question_length
    assert limit == 10_000
    too_long = "top" + " " * 20_000 + "products"
    started = http.post(f"{genie.space}/start-conversation", json={"content": too_long})
    conversation = genie.start("x" * limit)["conversation_id"]
    sent = http.post(
        f"{genie.conversation(conversation)}/messages", json={"content": "y" * (limit + 1)}
    )
    for refused in (started, sent):
        assert refused.status_code == 400
        assert refused.json()["error_code"] == "INVALID_PARAMETER_VALUE"
        assert "10,000 characters" in refused.json()["message"]
    assert sim.messages_created == 1


@pytest.mark.parametrize(
    "raw",
    [b'{"content": "sales \\ud800 by region"}', b'{"content": "sales \xed\xa0\x80 by region"}'],
    ids=["escaped", "encoded"],
)
def test_lone_surrogates_are_refused_and_never_stored(
    sim: GenieSimulator, genie: Genie, http: httpx.Client, raw: bytes
) -> None:
    json_type = {"Content-Type": "application/json"}
    started = http.post(f"{genie.space}/start-conversation", content=raw, headers=json_type)
    conversation = genie.start("how many customers")["conversation_id"]
    sent = http.post(f"{genie.conversation(conversation)}/messages", content=raw, headers=json_type)
    commented = http.post(
        f"{genie.message_path(genie.send(conversation, 'top 5 products'))}/comments",
        content=raw,
        headers=json_type,
    )
    for refused in (started, sent, commented):
        assert refused.status_code == 400, refused.text
        assert refused.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert sim.messages_created == 2
    listed = http.get(f"{genie.space}/conversations")
    assert listed.status_code == 200
    assert [c["title"] for c in listed.json()["conversations"]] == ["how many customers"]
    assert http.get(f"{genie.conversation(conversation)}/messages").status_code == 200


@pytest.mark.genie_simulator(max_conversations_per_space=2)
def test_conversation_limit_per_space(genie: Genie, http: httpx.Client) -> None:
    first = genie.start("one")
    genie.start("two")
    refused = http.post(f"{genie.space}/start-conversation", json={"content": "three"})
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "RESOURCE_LIMIT_EXCEEDED"
    http.delete(genie.conversation(first["conversation_id"]))
    genie.start("three")


def test_feedback(genie: Genie, http: httpx.Client) -> None:
    message = genie.ask("how many customers")
    path = f"{genie.message_path(message)}/feedback"
    assert http.post(path, json={"rating": "POSITIVE", "comment": "great"}).json() == {}
    assert genie.get(message)["feedback"] == {"rating": "POSITIVE", "comment": "great"}
    assert http.post(path, json={"rating": "MEH"}).status_code == 400


def test_comments_per_message_and_conversation(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    first = genie.ask("how many customers")
    second = genie.follow_up(first["conversation_id"], "sales by channel")
    for message, text in ((first, "a"), (second, "b"), (first, "c")):
        comment = http.post(
            f"{genie.message_path(message)}/comments", json={"content": text}
        ).json()
        assert comment["message_id"] == message["message_id"]
        assert comment["user_id"] == sim.user_id
        assert set(comment) == {
            "message_comment_id",
            "space_id",
            "conversation_id",
            "message_id",
            "content",
            "user_id",
            "created_timestamp",
        }
    on_first = http.get(f"{genie.message_path(first)}/comments").json()["comments"]
    assert [c["content"] for c in on_first] == ["a", "c"]
    path = f"{genie.conversation(first['conversation_id'])}/list-comments"
    page = http.get(path, params={"page_size": 2}).json()
    rest = http.get(path, params={"page_token": page["next_page_token"]}).json()
    assert [c["content"] for c in page["comments"] + rest["comments"]] == ["a", "b", "c"]
    empty = http.post(f"{genie.message_path(first)}/comments", json={"content": ""})
    assert empty.status_code == 400


def test_conversation_comments_keep_creation_order_within_one_millisecond() -> None:
    # Its own simulator: a frozen clock is a constructor setting, which a reset cannot give.
    with (
        GenieSimulator(rate_limit=None, clock=SimClock(frozen=True)) as sim,
        httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {sim.token}"}) as http,
    ):
        genie = Genie(http, sim.space_id)
        first = genie.start("how many customers")
        second = genie.send(first["conversation_id"], "sales by channel")
        for message, text in ((first["message"], "a"), (second, "b"), (first["message"], "c")):
            http.post(f"{genie.message_path(message)}/comments", json={"content": text})
        path = f"{genie.conversation(first['conversation_id'])}/list-comments"
        assert [c["content"] for c in http.get(path).json()["comments"]] == ["a", "b", "c"]


def test_messages_are_counted(sim: GenieSimulator, genie: Genie) -> None:
    genie.start("how many customers")
    genie.start("top 3 products")
    assert sim.messages_created == 2
    assert [m["content"] for m in sim.messages] == ["how many customers", "top 3 products"]
    assert sim.count_requests("POST", "/start-conversation$") == 2


def test_api_requires_a_bearer_token(sim: GenieSimulator) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {sim.token}"}):
        response = httpx.get(f"{sim.url}{API}/spaces", headers=headers)
        assert response.status_code == 401
        assert response.json()["error_code"] == "UNAUTHENTICATED"
