"""Secoda AI end to end against its simulator, from the sync and the async client."""

from __future__ import annotations

import pytest

from genie_sdk import (
    AnswerReady,
    AuthenticationError,
    Failed,
    RateLimited,
    RateLimitError,
    ResponseIds,
    StatusChanged,
    TextReady,
    TransportError,
)
from genie_sdk.providers import FeedbackProvider, ProviderAnswer
from genie_sdk.providers.secoda import (
    JobProgress,
    JobStatus,
    PromptFailedError,
    SecodaAnswer,
    SecodaTimeoutError,
)
from genie_sdk.simulator import GenieSimulator
from tests.providers.conftest import MakeSecoda
from tests.support.clients import Client
from tests.support.clocks import FakeClock

PROMPTS = r"/secoda/api/v1/ai/embedded_prompt/$"


def test_whole_flow_ask_follow_up_feedback_and_descriptions(
    secoda: Client, sim: GenieSimulator
) -> None:
    sim.secoda.add_answer(
        "most rows",
        "**orders** has the most rows.",
        references=({"id": "table-orders", "title": "orders", "type": "table"},),
    )
    first = secoda(secoda.client.ask("What tables contain customer information?"))
    assert isinstance(first, SecodaAnswer)
    assert "customers" in (first.text or "")
    assert [r.title for r in first.references] == ["customers", "orders"]

    follow = secoda(secoda.client.ask("Which one has the most rows?", parent=first.prompt_id))
    assert follow.text == "**orders** has the most rows."
    assert follow.parent == first.prompt_id
    assert follow.ids == ResponseIds(first.prompt_id, follow.prompt_id)

    secoda(secoda.client.send_feedback(follow.prompt_id, True, "clear"))
    assert sim.secoda.prompts[follow.prompt_id].feedback == [
        {"is_helpful": True, "feedback": "clear"}
    ]

    one = secoda(secoda.client.generate_descriptions(["entity-1"]))
    assert (one.bulk, one.status) == (False, JobStatus.COMPLETED)
    assert one.content == sim.secoda.descriptions["entity-1"]

    progress: list[JobProgress] = []
    many = secoda(
        secoda.client.generate_descriptions(
            ["entity-1", "entity-2"], field="definition", on_event=progress.append
        )
    )
    assert (many.bulk, many.status, many.content) == (True, JobStatus.COMPLETED, None)
    assert [p.progress for p in progress] == [0, 50, 100]
    assert sim.secoda.descriptions["entity-2"] == "The definition of entity-2."
    assert sim.count_requests("POST", PROMPTS) == 2


def test_statuses_are_read_in_any_case(secoda: Client, sim: GenieSimulator) -> None:
    sim.secoda.status_case = "lower"
    events = secoda.items(secoda.client.ask_events("What tables hold customers?"))
    statuses = [e.status for e in events if isinstance(e, StatusChanged)]
    assert statuses == [JobStatus.PENDING, JobStatus.RUNNING, JobStatus.COMPLETED]
    assert isinstance(events[-2], TextReady)
    assert isinstance(events[-1], AnswerReady)
    assert isinstance(events[-1].answer, SecodaAnswer)


def test_a_failed_prompt_raises_with_its_logs_after_a_failed_event(
    secoda: Client, sim: GenieSimulator
) -> None:
    sim.secoda.add_answer("revenue", fail_logs="Model context exceeded")
    events: list[object] = []
    with pytest.raises(PromptFailedError) as caught:
        secoda(_collect(secoda, secoda.client.ask_events("What was revenue?"), events))
    assert caught.value.logs == "Model context exceeded"
    assert "Model context exceeded" in str(caught.value)
    assert isinstance(events[-1], Failed)
    assert events[-1].error is caught.value
    assert events[-1].ids == ResponseIds(caught.value.prompt_id, caught.value.prompt_id)


def _collect(client: Client, iterator: object, into: list[object]) -> object:
    if hasattr(iterator, "__aiter__"):

        async def run() -> None:
            async for event in iterator:  # type: ignore[attr-defined]
                into.append(event)

        return run()
    for event in iterator:  # type: ignore[attr-defined]
        into.append(event)
    return None


def test_a_429_on_the_prompt_is_waited_out_and_the_prompt_created_once(
    secoda: Client, sim: GenieSimulator, clock: FakeClock
) -> None:
    sim.faults.too_many_requests(method="POST", path=PROMPTS, retry_after=7)
    events: list[object] = []
    answer = secoda(secoda.client.ask("Which tables hold orders?", on_event=events.append))
    assert answer.text
    waits = [e for e in events if isinstance(e, RateLimited)]
    assert [round(w.wait) for w in waits] == [7]
    assert clock.sleeps[0] >= 7
    assert sim.secoda.prompts_created == 1


def test_a_prompt_whose_answer_was_lost_is_not_sent_again(
    secoda: Client, sim: GenieSimulator
) -> None:
    sim.faults.drop_connection(after_processing=True, method="POST", path=PROMPTS)
    with pytest.raises(TransportError) as caught:
        secoda(secoda.client.ask("Which tables hold orders?"))
    assert caught.value.request_sent
    assert sim.secoda.prompts_created == 1
    assert sim.count_requests("POST", PROMPTS) == 1


def test_secodas_own_post_limit_answers_429_with_retry_after(
    make_secoda: MakeSecoda, sim: GenieSimulator
) -> None:
    secoda = make_secoda(max_retries=0)
    for _ in range(30):
        secoda(secoda.client.send_feedback(_prompt(sim), True))
    with pytest.raises(RateLimitError) as caught:
        secoda(secoda.client.send_feedback(_prompt(sim), True))
    assert caught.value.retry_after is not None
    assert caught.value.retry_after >= 1


def _prompt(sim: GenieSimulator) -> str:
    return str(sim.secoda.create("q", parent=None)["id"])


def test_a_wrong_key_is_refused_and_never_shown(make_secoda: MakeSecoda) -> None:
    secoda = make_secoda(api_key="secoda_wrong_key_value")
    with pytest.raises(AuthenticationError) as caught:
        secoda(secoda.client.ask("anything"))
    assert "secoda_wrong_key_value" not in str(caught.value)
    assert "secoda_wrong_key_value" not in repr(secoda.client)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.ask(" "), "prompt"),
        (lambda c: c.ask("q", parent=".."), "parent"),
        (lambda c: c.send_feedback("a/b", True), "prompt_id"),
        (lambda c: c.generate_descriptions(["e"], field="summary"), "field"),
        (lambda c: c.generate_descriptions([]), "entity_ids"),
        (lambda c: c.generate_descriptions("e1"), "entity_ids"),
        (lambda c: c.ask("q", timeout=-1), "timeout"),
    ],
)
def test_bad_arguments_raise_before_any_request(
    secoda: Client, sim: GenieSimulator, call: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        secoda(call(secoda.client))  # type: ignore[operator]
    assert sim.requests == []


def test_a_timeout_carries_the_prompt_to_wait_on(make_secoda: MakeSecoda) -> None:
    secoda = make_secoda()
    with pytest.raises(SecodaTimeoutError) as caught:
        secoda(secoda.client.ask("Which tables hold orders?", timeout=0.5))
    assert caught.value.last_status == "PENDING"
    answer = secoda(secoda.client.wait(caught.value.job_id))
    assert answer.prompt_id == caught.value.job_id
    assert answer.text


def test_secoda_is_a_provider_with_feedback(secoda: Client, sim: GenieSimulator) -> None:
    provider = secoda.client.as_provider()
    if secoda.kind == "sync":
        assert isinstance(provider, FeedbackProvider)
    answer = secoda(provider.ask("What tables contain customers?"))
    assert isinstance(answer, ProviderAnswer)
    assert (answer.provider, answer.conversation) == ("secoda", answer.raw.prompt_id)
    assert [r.kind for r in answer.references] == ["table", "table"]
    follow = secoda(provider.ask("And orders?", conversation=answer.conversation))
    assert follow.raw.parent == answer.conversation
    secoda(provider.send_feedback(follow, helpful=False, comment="vague"))
    assert sim.secoda.prompts[follow.conversation].feedback[0]["is_helpful"] is False
