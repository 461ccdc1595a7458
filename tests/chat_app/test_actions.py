"""The app's actions over the SDK and the simulator, without a browser."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from dash import html
from genie_chat.backend import Backend, connect, on_simulator
from genie_chat.chat import Chat, TurnUpdate, check_question
from genie_chat.config import load_settings
from genie_chat.insights import InsightsError
from genie_chat.server import create_app
from genie_chat.views import answer_view

from genie_sdk import MessageIds, PollingPolicy
from genie_sdk.errors import ConfigurationError
from genie_sdk.simulator import GenieSimulator

NO_HEADERS: dict[str, str] = {}


@pytest.fixture(scope="module")
def backend(chat_sim: GenieSimulator) -> Iterator[Backend]:
    """The app's backend, polling quickly (no one is watching)."""
    fast = PollingPolicy(initial=0.02, maximum=0.1, timeout=30)
    backend = on_simulator(chat_sim, polling=fast)
    yield backend
    assert backend.shared is not None
    backend.shared.close()


@pytest.fixture
def chat(chat_sim: GenieSimulator, backend: Backend) -> Chat:
    chat_sim.reset()
    return Chat(backend)


def finish(chat: Chat, job_id: str) -> TurnUpdate:
    deadline = time.monotonic() + 30
    while True:
        update = chat.poll(job_id)
        assert update is not None
        if update.done:
            return update
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_questions_are_checked_before_anything_is_sent(
    chat: Chat, chat_sim: GenieSimulator
) -> None:
    for blank in ("", "   ", None):
        with pytest.raises(ValueError, match="Type a question first"):
            check_question(blank)
    with pytest.raises(ValueError, match="at most 10,000"):
        chat.ask(NO_HEADERS, "x" * 10_001, None)
    assert check_question("  sales by region ") == "sales by region"
    assert chat_sim.requests == []


def test_a_follow_up_goes_to_the_same_conversation(chat: Chat, chat_sim: GenieSimulator) -> None:
    job_id = chat.ask(NO_HEADERS, "total sales by region", None)
    assert chat.busy(job_id)
    first = finish(chat, job_id)
    assert not chat.busy(job_id)
    assert not chat.busy(None)
    assert first.conversation_id is not None
    second = finish(chat, chat.ask(NO_HEADERS, "only 2024", first.conversation_id))
    assert second.conversation_id == first.conversation_id
    assert [m["conversation_id"] for m in chat_sim.messages] == [first.conversation_id] * 2
    assert isinstance(second.turn, html.Article)
    listed = chat.conversations(NO_HEADERS)
    assert [c.conversation_id for c in listed] == [first.conversation_id]
    turns = chat.open(NO_HEADERS, first.conversation_id)
    assert [t.to_plotly_json()["props"]["aria-label"] for t in turns] == [
        "Genie's answer to: total sales by region",
        "Genie's answer to: only 2024",
    ]


def test_retrying_a_failure_that_can_only_be_asked_again_asks_once_more(
    chat: Chat, chat_sim: GenieSimulator
) -> None:
    chat_sim.add_answer("broken", error_type="SQL_EXECUTION_EXCEPTION")
    failed = chat.ask(NO_HEADERS, "broken question", None)
    assert finish(chat, failed).turn is not None
    again = chat.retry(NO_HEADERS, failed)
    assert again is not None
    finish(chat, again)
    assert chat.retry(NO_HEADERS, failed) is None  # once only
    assert chat_sim.messages_created == 2
    conversation_ids = {m["conversation_id"] for m in chat_sim.messages}
    assert len(conversation_ids) == 1  # asked again in the same conversation
    assert chat.retry(NO_HEADERS, "no-such-job") is None


def test_pages_feedback_and_insights_by_message_ids(chat: Chat, chat_sim: GenieSimulator) -> None:
    update = finish(chat, chat.ask(NO_HEADERS, "show me all the sales", None))
    message = chat_sim.messages[-1]
    ids = [chat_sim.space_id, message["conversation_id"], message["message_id"]]
    _table, page = chat.page(NO_HEADERS, ids, 3)
    assert page == 3
    assert chat.page(NO_HEADERS, ids, 10_000)[1] == 499
    chat.feedback(NO_HEADERS, ids, "POSITIVE")
    assert chat_sim.messages[-1]["feedback"]["rating"] == "POSITIVE"
    assert "**What the data shows** (200 rows" in chat.insights(NO_HEADERS, ids)
    assert update.done


def test_insights_are_hidden_without_a_serving_endpoint(
    chat: Chat, chat_sim: GenieSimulator, backend: Backend
) -> None:
    finish(chat, chat.ask(NO_HEADERS, "total sales by region", None))
    answer = chat.answers.get("app", MessageIds(chat_sim.space_id, *_ids(chat_sim)), backend.shared)  # type: ignore[arg-type]
    shown = str(answer_view(answer, insights=True).to_plotly_json())
    hidden = str(answer_view(answer, insights=False).to_plotly_json())
    assert "Generate insights" in shown
    assert "Generate insights" not in hidden
    without = Chat(Backend(chat_sim.space_id, None, backend.shared))
    assert not without.insights_enabled
    with pytest.raises(InsightsError, match="No serving endpoint"):
        without.insights(NO_HEADERS, [chat_sim.space_id, *_ids(chat_sim)])


def _ids(sim: GenieSimulator) -> tuple[str, str]:
    message = sim.messages[-1]
    return message["conversation_id"], message["message_id"]


@pytest.fixture
def user_backend(chat_sim: GenieSimulator) -> Backend:
    return Backend(chat_sim.space_id, None, None, host=chat_sim.url, user_auth=True)


def test_on_behalf_of_the_user_each_request_carries_their_token(
    chat_sim: GenieSimulator, user_backend: Backend
) -> None:
    chat_sim.reset()
    chat = Chat(user_backend)
    with pytest.raises(ConfigurationError, match="X-Forwarded-Access-Token"):
        chat.ask(NO_HEADERS, "total sales by region", None)
    user = {"X-Forwarded-Access-Token": chat_sim.token}
    finish(chat, chat.ask(user, "total sales by region", None))
    sent = [r for r in chat_sim.requests if r.path.endswith("/start-conversation")]
    assert len(sent) == 1
    assert user_backend.principal(user) != user_backend.principal(
        {"x-forwarded-access-token": "other"}
    )
    assert user_backend.principal(user).startswith("user:")


def test_downloads_only_from_the_apps_space(
    chat: Chat, chat_sim: GenieSimulator, backend: Backend
) -> None:
    finish(chat, chat.ask(NO_HEADERS, "how many customers", None))
    conversation_id, message_id = _ids(chat_sim)
    client = create_app(backend).server.test_client()
    ok = client.get(f"/download/{chat_sim.space_id}/{conversation_id}/{message_id}.csv")
    assert ok.status_code == 200
    assert ok.data.decode().splitlines() == ["customers", "2000"]
    assert client.get(f"/download/other/{conversation_id}/{message_id}.csv").status_code == 404
    assert (
        client.get(f"/download/{chat_sim.space_id}/{conversation_id}/nope.csv").status_code == 502
    )


def test_on_simulator_uses_its_first_serving_endpoint(chat_sim: GenieSimulator) -> None:
    backend = on_simulator(chat_sim)
    assert backend.serving_endpoint == "genie-insights"
    assert backend.principal({}) == "app"
    backend.release(backend.shared)  # type: ignore[arg-type]  # the shared client stays open
    assert backend.shared is not None
    backend.shared.spaces.get(chat_sim.space_id)
    backend.shared.close()


def test_connect_to_a_workspace_as_the_app_or_as_each_user(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    workspace = {"DATABRICKS_HOST": "https://example.cloud.databricks.com", "GENIE_SPACE_ID": "s1"}
    service = connect(load_settings({**workspace, "DATABRICKS_SERVICE_TOKEN": "dapi-app"}))
    assert service.shared is not None
    assert service.shared.config.auth_type == "pat"
    assert (service.space_id, service.user_auth) == ("s1", False)
    service.close()
    user = connect(load_settings({**workspace, "GENIE_AUTH_MODE": "user"}))
    assert user.shared is None
    assert user.user_auth
    client = user.client({"X-Forwarded-Access-Token": "user-token"})
    assert client.config.auth_type == "bearer"
    user.release(client)
    with pytest.raises(SystemExit, match="GENIE_SPACE_ID"):
        connect(load_settings({"DATABRICKS_HOST": workspace["DATABRICKS_HOST"]}))


def test_connect_without_a_workspace_starts_the_simulator() -> None:
    backend = connect(load_settings({}))
    try:
        assert backend.simulator is not None
        assert backend.serving_endpoint == "genie-insights"
        assert backend.space_id == backend.simulator.space_id
    finally:
        backend.close()


def test_agent_mode_and_genie_one_answer_with_reports(chat: Chat, chat_sim: GenieSimulator) -> None:
    agent = finish(chat, chat.ask(NO_HEADERS, "total sales by region", None, "agent"))
    props = agent.turn.to_plotly_json()["props"]
    assert props["aria-label"] == "Genie's report on: total sales by region"
    assert "Total sales by region" in str(props["children"])
    assert agent.conversation_id is not None
    follow_up = finish(chat, chat.ask(NO_HEADERS, "only 2024", agent.conversation_id, "agent"))
    assert follow_up.conversation_id == agent.conversation_id
    one = finish(chat, chat.ask(NO_HEADERS, "how many customers", None, "one"))
    assert "2000" in str(one.turn.to_plotly_json())
    chat_turn = finish(chat, chat.ask(NO_HEADERS, "how many customers", None))
    listed = [c.conversation_id for c in chat.conversations(NO_HEADERS)]
    assert listed == [chat_turn.conversation_id]  # the sidebar lists chat conversations only
