"""The provider protocol: Genie chat mode through it, against the simulator."""

from __future__ import annotations

from genie_sdk import AnswerReady, AsyncGenieClient, GenieClient, ResponseIds, StatusChanged
from genie_sdk.auth import PAT
from genie_sdk.models import FeedbackRating
from genie_sdk.providers import (
    AgentModeProvider,
    AsyncAgentModeProvider,
    AsyncFeedbackProvider,
    AsyncGenieOneProvider,
    AsyncGenieProvider,
    FeedbackProvider,
    GenieOneProvider,
    GenieProvider,
    Provider,
    ProviderAnswer,
)
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import MakeClient


def _provider(client: object, space_id: str) -> object:
    if isinstance(client, AsyncGenieClient):
        return AsyncGenieProvider(client, space_id)
    assert isinstance(client, GenieClient)
    return GenieProvider(client, space_id)


def test_genie_chat_mode_answers_through_the_protocol(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    live = make_live()
    provider = _provider(live.client, sim.space_id)
    assert isinstance(provider, FeedbackProvider if live.kind == "sync" else AsyncFeedbackProvider)
    answer = live(provider.ask("What are the total sales by region?"))  # type: ignore[attr-defined]
    assert isinstance(answer, ProviderAnswer)
    assert answer.provider == "genie"
    assert answer.sql
    assert answer.result is not None
    assert answer.result.rows
    assert answer.conversation == answer.raw.conversation_id
    assert answer.ids == answer.raw.ids

    events = live.items(
        provider.ask_events("What are the total sales by region?", conversation=answer.conversation)  # type: ignore[attr-defined]
    )
    assert any(isinstance(e, StatusChanged) for e in events)
    follow = events[-1]
    assert isinstance(follow, AnswerReady)
    assert isinstance(follow.answer, ProviderAnswer)
    assert follow.answer.conversation == answer.conversation

    live(provider.send_feedback(follow.answer, helpful=True))  # type: ignore[attr-defined]
    message = next(m for m in sim.messages if m["message_id"] == follow.answer.raw.message_id)
    assert message["feedback"]["rating"] == FeedbackRating.POSITIVE.value


def test_the_sync_provider_satisfies_the_protocol() -> None:
    client = GenieClient("https://example.cloud.databricks.com", auth=PAT("t"))
    assert isinstance(GenieProvider(client, "space"), Provider)


def test_agent_mode_and_genie_one_answer_through_the_protocol(
    make_live: MakeClient, sim: GenieSimulator
) -> None:
    live = make_live()
    sync = live.kind == "sync"
    agent = (AgentModeProvider if sync else AsyncAgentModeProvider)(live.client, sim.space_id)
    one = (GenieOneProvider if sync else AsyncGenieOneProvider)(live.client)
    report = live(agent.ask("total sales by region"))
    assert report.provider == "agent_mode"
    assert report.text
    assert report.sql
    assert report.ids == ResponseIds(report.conversation, report.raw.response_id, sim.space_id)
    follow = live(agent.ask("only 2024", conversation=report.conversation))
    assert follow.conversation == report.conversation

    events = live.items(one.ask_events("total sales by region"))
    answer = events[-1]
    assert isinstance(answer, AnswerReady)
    assert answer.answer.provider == "genie_one"
    assert answer.answer.text
    assert [r.kind for r in answer.answer.references]
