"""``genie providers ask``: the same question through Genie, Secoda and a Workato genie."""

from __future__ import annotations

import json

import pytest

from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie


@pytest.fixture
def keys(workspace: GenieSimulator, monkeypatch: pytest.MonkeyPatch) -> GenieSimulator:
    monkeypatch.setenv("SECODA_API_KEY", workspace.secoda.api_key)
    monkeypatch.setenv("SECODA_BASE_URL", workspace.secoda_url)
    monkeypatch.setenv("WORKATO_API_KEY", workspace.workato.api_key)
    monkeypatch.setenv("WORKATO_BASE_URL", workspace.workato_url)
    monkeypatch.setenv("WORKATO_GENIE", workspace.genie_handle)
    return workspace


def test_genie_through_the_provider_protocol(keys: GenieSimulator, genie: Genie) -> None:
    result = genie(
        "providers", "ask", "genie", "What are the total sales by region?", "--space", keys.space_id
    )
    assert result.exit_code == 0, result.output
    assert "Central" in result.stdout
    assert "--follow-up" in result.stdout


def test_secoda_answers_with_sources_and_follows_up(keys: GenieSimulator, genie: Genie) -> None:
    result = genie("providers", "ask", "secoda", "Which tables hold customers?")
    assert result.exit_code == 0, result.output
    assert "customers (table)" in result.stdout
    assert "COMPLETED" in result.stderr
    first = json.loads(
        genie("providers", "ask", "secoda", "Which hold customers?", "--json").stdout
    )
    follow = genie(
        "providers", "ask", "secoda", "And orders?", "--follow-up", first["conversation"], "--json"
    )
    assert follow.exit_code == 0, follow.output
    answer = json.loads(follow.stdout)
    assert keys.secoda.prompts[answer["conversation"]].parent == first["conversation"]
    assert [r["title"] for r in answer["references"]] == ["customers", "orders"]


def test_workato_streams_and_asks_before_running_a_skill(
    keys: GenieSimulator, genie: Genie
) -> None:
    keys.workato.add_reply("report", "Sent the report.", skill="send_report")
    result = genie("providers", "ask", "workato", "Summarise yesterday's orders")
    assert result.exit_code == 0, result.output
    assert "42 orders" in result.stdout
    assert "Looking at the orders data." in result.stderr
    refused = genie("providers", "ask", "workato", "Send the report")
    assert "I did not run send_report" in refused.stdout
    assert "--approve-skills" in refused.stderr
    approved = genie("providers", "ask", "workato", "Send the report", "--approve-skills")
    assert "Sent the report." in approved.stdout


def test_a_missing_key_is_named_and_no_key_is_shown(
    keys: GenieSimulator, genie: Genie, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECODA_API_KEY")
    result = genie("providers", "ask", "secoda", "anything")
    assert result.exit_code != 0
    assert "SECODA_API_KEY" in result.stderr
    monkeypatch.setenv("SECODA_API_KEY", "secoda_wrong_but_secret")
    wrong = genie("providers", "ask", "secoda", "anything")
    assert wrong.exit_code != 0
    assert "secoda_wrong_but_secret" not in wrong.output


def test_chat_follows_up_each_question(keys: GenieSimulator, genie: Genie) -> None:
    result = genie(
        "providers", "chat", "secoda", input="Which tables hold customers?\nAnd orders?\n/quit\n"
    )
    assert result.exit_code == 0, result.output
    first, second = keys.secoda.prompts.values()
    assert second.parent == first.id
    assert result.stdout.count("customers (table)") == 2


def test_chat_with_a_workato_genie_keeps_its_conversation(
    keys: GenieSimulator, genie: Genie
) -> None:
    result = genie("providers", "chat", "workato", input="orders?\nand before?\n")
    assert result.exit_code == 0, result.output
    assert len(keys.workato.conversations) == 1
    assert keys.workato.messages_sent == 2


def test_agent_mode_and_genie_one_through_the_protocol(keys: GenieSimulator, genie: Genie) -> None:
    agent = genie(
        "providers", "ask", "agent-mode", "total sales by region", "--space", keys.space_id
    )
    assert agent.exit_code == 0, agent.output
    assert "SQL" in agent.stdout
    one = genie("providers", "ask", "genie-one", "total sales by region", "--json")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["provider"] == "genie_one"
