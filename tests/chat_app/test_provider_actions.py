"""Answering with Secoda and a Workato genie (the provider protocol), without a browser."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from genie_chat.backend import Backend, connect, on_simulator
from genie_chat.chat import Chat, TurnUpdate
from genie_chat.config import load_settings
from genie_chat.progress import Waiting, progress_of
from genie_chat.views import report_view, safe_link, waiting_view

from genie_sdk import PollingPolicy, ResponseIds, StatusChanged
from genie_sdk.errors import PermissionDeniedError
from genie_sdk.providers import ProviderAnswer, Reference
from genie_sdk.providers.workato import (
    ConnectionAuthorized,
    ConnectionAuthRequired,
    SkillConfirmationRequired,
)
from genie_sdk.simulator import GenieSimulator

NO_HEADERS: dict[str, str] = {}


@pytest.fixture(scope="module")
def backend(chat_sim: GenieSimulator) -> Iterator[Backend]:
    """The app's backend on the simulator (Genie, Secoda, Workato), polling quickly."""
    fast = PollingPolicy(initial=0.02, maximum=0.1, timeout=30)
    backend = on_simulator(chat_sim, polling=fast)
    yield backend
    for client in (backend.shared, backend.secoda, backend.workato):
        assert client is not None
        client.close()


@pytest.fixture
def chat(chat_sim: GenieSimulator, backend: Backend) -> Chat:
    chat_sim.reset()
    return Chat(backend)


def until(chat: Chat, job_id: str, seen: Callable[[TurnUpdate], bool]) -> TurnUpdate:
    deadline = time.monotonic() + 30
    while True:
        update = chat.poll(job_id)
        assert update is not None
        if seen(update):
            return update
        assert time.monotonic() < deadline
        time.sleep(0.05)


def finish(chat: Chat, job_id: str) -> TurnUpdate:
    return until(chat, job_id, lambda update: update.done)


def text_of(component: Any) -> str:
    return str(component.to_plotly_json())


def test_the_simulator_offers_secoda_and_workato_and_a_workspace_when_configured(
    chat_sim: GenieSimulator, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert backend.modes() == ["chat", "agent", "one", "secoda", "workato"]
    for name in ("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    workspace = {
        "DATABRICKS_HOST": "https://example.cloud.databricks.com",
        "GENIE_SPACE_ID": "s1",
        "DATABRICKS_SERVICE_TOKEN": "dapi-app",
    }
    plain = connect(load_settings(workspace))
    assert plain.modes() == ["chat", "agent", "one"]
    with pytest.raises(ValueError, match="not available"):
        Chat(plain).ask(NO_HEADERS, "which tables hold customers?", None, "secoda")
    plain.close()
    settings = load_settings(
        {
            **workspace,
            "SECODA_API_KEY": "secoda-key",
            "WORKATO_API_KEY": "workato-key",
            "WORKATO_GENIE": "sales-genie",
            "WORKATO_BASE_URL": "https://apim.workato.com",
        }
    )
    assert "secoda-key" not in repr(settings)
    assert "workato-key" not in repr(settings)
    full = connect(settings)
    assert full.modes() == ["chat", "agent", "one", "secoda", "workato"]
    assert full.secoda is not None
    assert full.secoda.base_url == "https://app.secoda.co/api/v1"
    assert full.workato is not None
    assert full.workato.base_url == "https://apim.workato.com"
    full.close()
    without_genie = connect(load_settings({**workspace, "WORKATO_API_KEY": "workato-key"}))
    assert without_genie.modes() == ["chat", "agent", "one"]  # a handle is needed too
    without_genie.close()


def test_secoda_answers_with_sources_follows_up_by_parent_and_takes_feedback(
    chat: Chat, chat_sim: GenieSimulator
) -> None:
    first = finish(chat, chat.ask(NO_HEADERS, "Which tables hold customers?", None, "secoda"))
    shown = text_of(first.turn)
    assert "Secoda's answer to: Which tables hold customers?" in shown
    assert "Sources" in shown
    assert "customers" in shown
    assert "(table)" in shown
    assert "rate-up" in shown  # Secoda takes feedback
    prompts = list(chat_sim.secoda.prompts.values())
    assert first.conversation_id == prompts[0].id
    follow_up = chat.ask(
        NO_HEADERS, "Which one has the most rows?", first.conversation_id, "secoda"
    )
    second = finish(chat, follow_up)
    prompts = list(chat_sim.secoda.prompts.values())
    assert [p.parent for p in prompts] == [None, prompts[0].id]
    assert second.conversation_id == prompts[1].id
    with pytest.raises(ValueError, match="no longer available"):
        chat.rate(NO_HEADERS, "no-such-job", True)
    assert chat.rate(NO_HEADERS, follow_up, False) == "Secoda"
    assert prompts[1].feedback == [{"is_helpful": False, "feedback": None}]
    assert chat_sim.secoda.prompts_created == 2


def test_a_failed_secoda_prompt_says_so_and_can_be_asked_again(
    chat: Chat, chat_sim: GenieSimulator
) -> None:
    chat_sim.secoda.add_answer("revenue", fail_logs="Model context exceeded")
    failed = chat.ask(NO_HEADERS, "What is our revenue?", None, "secoda")
    shown = text_of(finish(chat, failed).turn)
    assert "Secoda could not answer" in shown
    assert "Model context exceeded" in shown  # in the technical details
    again = chat.retry(NO_HEADERS, failed)
    assert again is not None
    finish(chat, again)
    assert chat_sim.secoda.prompts_created == 2


def test_a_workato_genie_answers_and_follows_up_in_its_conversation(
    chat: Chat, chat_sim: GenieSimulator
) -> None:
    asked = chat.ask(NO_HEADERS, "Summarise yesterday's orders", None, "workato")
    first = finish(chat, asked)
    shown = text_of(first.turn)
    assert "The Workato genie's answer to: Summarise yesterday's orders" in shown
    assert "42 orders worth $12,345" in shown
    assert "rate-up" not in shown  # Workato takes no feedback
    with pytest.raises(ValueError, match="does not take feedback"):
        chat.rate(NO_HEADERS, asked, True)
    second = finish(
        chat, chat.ask(NO_HEADERS, "And the day before?", first.conversation_id, "workato")
    )
    assert second.conversation_id == first.conversation_id
    assert list(chat_sim.workato.conversations) == [first.conversation_id]
    assert chat_sim.workato.messages_sent == 2


@pytest.mark.parametrize("approve", [True, False])
def test_a_workato_skill_waits_for_the_users_approval(
    chat: Chat, chat_sim: GenieSimulator, approve: bool
) -> None:
    chat_sim.workato.add_reply("report", "Sent the report.", skill="send_report")
    job_id = chat.ask(NO_HEADERS, "Send the report", None, "workato")
    waiting = until(chat, job_id, lambda update: "decide" in text_of(update.progress))
    assert "The genie wants to run send_report. Allow it?" in text_of(waiting.progress)
    call_id = progress_of(chat.jobs.get(job_id).events).waiting.key  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="Nothing is waiting"):
        chat.decide({"X-Forwarded-Access-Token": "someone"}, "no-such-job", call_id, True)
    chat_sim.faults.http_error(403, method="POST", path="/skill_approval/")
    with pytest.raises(PermissionDeniedError):
        chat.decide(NO_HEADERS, job_id, call_id, approve)
    assert "decide" in text_of(chat.poll(job_id).progress)  # type: ignore[union-attr]  # offered again
    assert chat.decide(NO_HEADERS, job_id, call_id, approve).endswith("send_report.")
    with pytest.raises(ValueError, match="already answered"):
        chat.decide(NO_HEADERS, job_id, call_id, approve)
    shown = text_of(finish(chat, job_id).turn)
    assert ("Sent the report." if approve else "I did not run send_report") in shown
    assert chat_sim.workato.decisions == [(call_id, approve)]


def test_a_workato_connection_shows_its_sign_in_link_and_can_go_on_without_it(
    chat: Chat, chat_sim: GenieSimulator
) -> None:
    chat_sim.workato.add_reply("crm", connection="Salesforce")
    job_id = chat.ask(NO_HEADERS, "Update the CRM", None, "workato")
    waiting = until(chat, job_id, lambda update: "decide" in text_of(update.progress))
    shown = text_of(waiting.progress)
    assert "Salesforce needs you to sign in; the genie waits." in shown
    assert "href='http://127.0.0.1:" in shown
    assert "/workato/connections/authorize/" in shown
    attempt = progress_of(chat.jobs.get(job_id).events).waiting.key  # type: ignore[union-attr]
    assert chat.decide(NO_HEADERS, job_id, attempt, False).startswith("The genie goes on")
    assert "I could not use Salesforce without access." in text_of(finish(chat, job_id).turn)


def test_progress_shows_what_a_genie_waits_for_until_the_next_event() -> None:
    ids = ResponseIds("c1", "run1", "sales-genie")
    skill = SkillConfirmationRequired("call-1", "send_report", ids=ids)
    auth = ConnectionAuthRequired("attempt-1", "https://example.com/auth", "Salesforce", ids=ids)
    assert progress_of([StatusChanged("processing", ids=ids), skill]).waiting == Waiting(
        "skill", "call-1", "send_report"
    )
    assert progress_of([auth]).waiting == Waiting(
        "connection", "attempt-1", "Salesforce", "https://example.com/auth"
    )
    after = progress_of([auth, ConnectionAuthorized("attempt-1", ids=ids)])
    assert after.waiting is None
    assert after.steps[-1] == "Connection authorized"
    hostile = text_of(waiting_view(Waiting("connection", "a", None, "javascript:alert(1)"), "j"))
    assert "javascript:" not in hostile
    assert "A connection needs you to sign in" in hostile


def test_report_view_shows_references_sql_chips_and_feedback_only_when_taken() -> None:
    answer = ProviderAnswer(
        "secoda",
        "Two tables.",
        "p1",
        references=[
            Reference("customers", "t1", "table", "https://app.secoda.co/table/t1"),
            Reference("evil", "t2", None, "javascript:alert(1)"),
        ],
        sql="select 1",
        suggested_questions=["Which one is bigger?"],
    )
    shown = text_of(report_view(answer, "Which tables?", "job1", feedback=True))
    assert "https://app.secoda.co/table/t1" in shown
    assert "javascript:" not in shown
    assert "SELECT 1" in shown
    assert "Which one is bigger?" in shown
    assert "rate-up" in shown
    assert "rate-up" not in text_of(report_view(answer, "Which tables?", "job1"))
    assert safe_link("HTTPS://example.com") == "HTTPS://example.com"
    assert safe_link("data:text/html,x") is None
    empty = ProviderAnswer("workato", None, "c1")
    assert "No answer text came back." in text_of(report_view(empty, "q", "job2"))
