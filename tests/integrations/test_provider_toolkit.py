"""The shared tool core over a provider, sync: threads follow up, bad questions are never sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from genie_sdk.integrations.toolkit import ProviderToolkit
from genie_sdk.providers.secoda import SecodaClient
from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import QUICK

PROMPTS = r"/secoda/api/v1/ai/embedded_prompt/$"


@pytest.fixture
def toolkit(sim: GenieSimulator) -> Iterator[ProviderToolkit]:
    with SecodaClient(sim.secoda_url, sim.secoda.api_key, polling=QUICK) as client:
        yield ProviderToolkit(client.as_provider())


def test_a_thread_follows_up_in_its_own_conversation(
    toolkit: ProviderToolkit, sim: GenieSimulator
) -> None:
    first = toolkit.ask("Which tables hold customers?", thread="a")
    other = toolkit.ask("Which tables hold orders?", thread="b")
    follow = toolkit.ask("Which has the most rows?", thread="a")

    assert first.provider == "secoda"
    assert [r.title for r in first.references] == ["customers", "orders"]
    assert sim.secoda.prompts[first.conversation_id or ""].parent is None
    assert sim.secoda.prompts[other.conversation_id or ""].parent is None
    assert sim.secoda.prompts[follow.conversation_id or ""].parent == first.conversation_id


def test_an_empty_question_is_refused_before_any_request(
    toolkit: ProviderToolkit, sim: GenieSimulator
) -> None:
    with pytest.raises(ValueError, match="question"):
        toolkit.ask("  ")

    assert sim.count_requests("POST", PROMPTS) == 0
