"""Workato's headless genies end to end against their simulator, from the sync and async client."""

from __future__ import annotations

from typing import Any

import pytest

from genie_sdk import (
    AnswerReady,
    Event,
    Failed,
    RateLimited,
    ReasoningStep,
    ResponseIds,
    StatusChanged,
    TextReady,
    TransportError,
)
from genie_sdk.errors import ResponseFailedError, StreamInterruptedError
from genie_sdk.providers import Provider, ProviderAnswer
from genie_sdk.providers.workato import (
    ConnectionAuthorized,
    ConnectionAuthRequired,
    GenieReply,
    SkillConfirmationRequired,
    StreamLostError,
)
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client

QUESTION = "Summarise yesterday's orders"
MESSAGES = r"/chat/conversations/[^/]+/messages$"
RUNS = r"/genie-runs/"
EVENTS = r"/chat/conversations/events$"


def _conversation(workato: Client, sim: GenieSimulator) -> str:
    return str(workato(workato.client.create_conversation(sim.genie_handle)).conversation_id)


def _stream(workato: Client, sim: GenieSimulator, conversation_id: str) -> list[Event]:
    return workato.items(workato.client.stream_message(sim.genie_handle, conversation_id, QUESTION))


def _shown(events: list[Event]) -> list[tuple[str, Any]]:
    """What a caller sees of each event, without the ids that differ from run to run."""
    shown: list[tuple[str, Any]] = []
    for event in events:
        if isinstance(event, AnswerReady):
            shown.append(("AnswerReady", event.answer.text))
        else:
            text = getattr(event, "text", None) or getattr(event, "status", None)
            shown.append((type(event).__name__, text))
    return shown


def test_whole_flow_conversation_upload_reply_events_and_history(
    workato: Client, sim: GenieSimulator
) -> None:
    handle = sim.genie_handle
    conversation_id = _conversation(workato, sim)
    uploaded = workato(
        workato.client.upload(
            handle, conversation_id, "orders.csv", b"id,total\n1,10\n", "text/csv"
        )
    )
    assert sim.workato.files[uploaded.file_id]["size"] == 14
    events: list[Event] = []
    reply = workato(
        workato.client.send_message(
            handle, conversation_id, QUESTION, file_id=uploaded.file_id, on_event=events.append
        )
    )
    assert isinstance(reply, GenieReply)
    assert reply.text is not None
    assert reply.text.startswith("Yesterday's orders")
    assert reply.ids == ResponseIds(conversation_id, reply.genie_run_id, handle)
    assert [type(e) for e in events] == [
        StatusChanged,
        ReasoningStep,
        TextReady,
        StatusChanged,
        AnswerReady,
    ]
    assert all(e.ids == reply.ids for e in events)

    history = workato(workato.client.messages(handle, conversation_id))
    assert [(m.role, m.content) for m in history] == [("user", QUESTION), ("assistant", reply.text)]
    listed = workato(workato.client.events(handle, conversation_id))
    assert [e.id for e in listed] == [e.id for e in reply.events]
    later = workato(
        workato.client.events(handle, conversation_id, since_created_at=listed[-1].created_at)
    )
    assert [e.id for e in later] == [listed[-1].id]


@pytest.mark.parametrize("after", [1, 2, 3])
def test_a_cut_stream_resumes_with_the_same_events_and_one_message_sent(
    workato: Client, sim: GenieSimulator, after: int
) -> None:
    uncut = _stream(workato, sim, _conversation(workato, sim))
    sim.reset()
    sim.workato.cut_stream(after=after)
    cut = _stream(workato, sim, _conversation(workato, sim))
    assert _shown(cut) == _shown(uncut)
    assert sim.workato.messages_sent == 1
    assert sim.count_requests("POST", MESSAGES) == 1
    reconnects = [r for r in sim.requests if "/genie-runs/" in r.path]
    assert len(reconnects) == 1
    sent_before_cut = cut[-1].answer.events[after - 1]
    assert reconnects[0].headers["last-event-id"] == sent_before_cut.id


def test_when_reconnecting_fails_the_events_endpoint_fills_the_gap(
    workato: Client, sim: GenieSimulator
) -> None:
    uncut = _stream(workato, sim, _conversation(workato, sim))
    sim.reset()
    sim.workato.cut_stream(after=2)
    sim.workato.reconnect_enabled = False
    cut = _stream(workato, sim, _conversation(workato, sim))
    assert _shown(cut) == _shown(uncut)
    assert sim.workato.messages_sent == 1
    listing = [r for r in sim.requests if r.path.endswith("/conversations/events")]
    assert listing
    assert "since_created_at=" in listing[0].query


def test_reconnections_cut_again_still_end_with_every_event_once(
    workato: Client, sim: GenieSimulator
) -> None:
    uncut = _stream(workato, sim, _conversation(workato, sim))
    sim.reset()
    sim.workato.cut_stream(after=1, times=5)
    cut = _stream(workato, sim, _conversation(workato, sim))
    assert _shown(cut) == _shown(uncut)
    assert sim.workato.messages_sent == 1


def test_a_stream_cut_before_the_run_started_is_not_sent_again(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.cut_stream(after=0)
    conversation_id = _conversation(workato, sim)
    events: list[Event] = []
    with pytest.raises(StreamInterruptedError) as caught:
        workato(
            workato.client.send_message(
                sim.genie_handle, conversation_id, QUESTION, on_event=events.append
            )
        )
    assert "messages(" in str(caught.value)
    assert isinstance(events[-1], Failed)
    assert sim.workato.messages_sent == 1
    assert sim.count_requests("POST", MESSAGES) == 1


def test_a_dropped_send_is_never_sent_again(workato: Client, sim: GenieSimulator) -> None:
    conversation_id = _conversation(workato, sim)
    sim.faults.drop_connection(after_processing=True, method="POST", path=MESSAGES)
    with pytest.raises((StreamInterruptedError, TransportError)):
        workato(workato.client.send_message(sim.genie_handle, conversation_id, QUESTION))
    assert sim.workato.messages_sent == 1


def test_a_429_on_the_message_is_waited_out_and_it_is_sent_once(
    workato: Client, sim: GenieSimulator
) -> None:
    conversation_id = _conversation(workato, sim)
    sim.faults.too_many_requests(method="POST", path=MESSAGES, retry_after=3)
    reply = workato(workato.client.send_message(sim.genie_handle, conversation_id, QUESTION))
    assert reply.text
    assert sim.workato.messages_sent == 1
    assert sim.count_requests("POST", MESSAGES) == 2


def test_a_skill_waits_for_approval_given_by_the_callback(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.add_reply("report", "Sent the report.", skill="send_report")
    asked: list[SkillConfirmationRequired] = []

    def approve(event: SkillConfirmationRequired) -> bool:
        asked.append(event)
        return True

    reply = workato(workato.client.ask(sim.genie_handle, "Send the report", on_approval=approve))
    assert reply.text == "Sent the report."
    assert [(e.skill, e.arguments) for e in asked] == [("send_report", {"period": "yesterday"})]
    assert sim.workato.decisions == [(asked[0].call_id, True)]


def test_a_skill_is_rejected_without_a_callback(workato: Client, sim: GenieSimulator) -> None:
    sim.workato.add_reply("report", "Sent the report.", skill="send_report")
    reply = workato(workato.client.ask(sim.genie_handle, "Send the report"))
    assert reply.text == "I did not run send_report, as you asked."
    assert [approved for _, approved in sim.workato.decisions] == [False]


def test_a_caller_iterating_the_stream_approves_with_the_client(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.add_reply("report", "Sent the report.", skill="send_report")
    conversation_id = _conversation(workato, sim)
    client, handle = workato.client, sim.genie_handle
    events = client.stream_message(handle, conversation_id, "Send the report")
    seen: list[Event] = []
    if workato.kind == "async":

        async def iterate() -> None:
            async for event in events:
                seen.append(event)
                if isinstance(event, SkillConfirmationRequired):
                    await client.approve(handle, conversation_id, event.call_id)

        workato(iterate())
    else:
        for event in events:
            seen.append(event)
            if isinstance(event, SkillConfirmationRequired):
                client.approve(handle, conversation_id, event.call_id)
    assert isinstance(seen[-1], AnswerReady)
    assert seen[-1].answer.text == "Sent the report."
    assert [approved for _, approved in sim.workato.decisions] == [True]


def test_a_connection_waits_for_the_user_to_authenticate(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.add_reply("salesforce", "Your pipeline is $2M.", connection="Salesforce")
    shown: list[ConnectionAuthRequired] = []

    def show(event: ConnectionAuthRequired) -> None:
        shown.append(event)
        sim.workato.authorize(event.attempt_id)  # the user logs in in a browser

    events: list[Event] = []
    reply = workato(
        workato.client.ask(
            sim.genie_handle,
            "What is my Salesforce pipeline?",
            on_auth=show,
            on_event=events.append,
        )
    )
    assert reply.text == "Your pipeline is $2M."
    assert [e.connection for e in shown] == ["Salesforce"]
    assert shown[0].auth_url is not None
    assert shown[0].auth_url.startswith(sim.url)
    assert any(isinstance(e, ConnectionAuthorized) for e in events)
    link = workato(workato.client.connection_link(sim.genie_handle, shown[0].attempt_id))
    assert (link.status, link.auth_url) == ("authorized", None)


def test_a_connection_link_is_fetched_while_the_genie_waits(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.add_reply("salesforce", "Your pipeline is $2M.", connection="Salesforce")
    conversation_id = _conversation(workato, sim)
    sim.workato.cut_stream(after=3)  # the stream ends at the auth request
    sim.workato.reconnect_enabled = False
    with pytest.raises(StreamLostError):
        workato(
            workato.client.send_message(
                sim.genie_handle, conversation_id, "salesforce", on_auth=lambda e: None, timeout=3
            )
        )
    assert sim.workato.messages_sent == 1
    (attempt,) = [r.waiting[1] for r in sim.workato.runs.values() if r.waiting]
    link = workato(workato.client.connection_link(sim.genie_handle, attempt))
    assert link.status == "auth_required"
    assert link.auth_url == f"{sim.url}/workato/connections/authorize/{attempt}"


def test_a_connection_request_is_rejected_without_a_callback(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.add_reply("salesforce", "Your pipeline is $2M.", connection="Salesforce")
    reply = workato(workato.client.ask(sim.genie_handle, "What is my Salesforce pipeline?"))
    assert reply.text == "I could not use Salesforce without access."


def test_a_failed_run_raises_after_a_failed_event(workato: Client, sim: GenieSimulator) -> None:
    sim.workato.add_reply("broken", fail="The skill crashed")
    conversation_id = _conversation(workato, sim)
    events: list[Event] = []
    with pytest.raises(ResponseFailedError) as caught:
        workato(
            workato.client.send_message(
                sim.genie_handle, conversation_id, "broken", on_event=events.append
            )
        )
    assert caught.value.error == "The skill crashed"
    assert isinstance(events[-1], Failed)


def test_a_skill_asked_just_before_a_cut_is_answered_and_the_reply_read_from_events(
    workato: Client, sim: GenieSimulator
) -> None:
    sim.workato.add_reply("report", "Sent the report.", skill="send_report")
    sim.workato.cut_stream(after=3)
    sim.workato.reconnect_enabled = False
    conversation_id = _conversation(workato, sim)
    reply = workato(
        workato.client.send_message(
            sim.genie_handle, conversation_id, "report", on_approval=lambda e: True
        )
    )
    assert reply.text == "Sent the report."
    assert sim.workato.messages_sent == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.create_conversation("../x"), "genie_handle"),
        (lambda c: c.stream_message("g", "c", " "), "content"),
        (lambda c: c.stream_message("g", "c/d", "q"), "conversation_id"),
        (lambda c: c.upload("g", "c", "f.txt", "text"), "bytes"),
        (lambda c: c.approve("g", "c", ".."), "call_id"),
        (lambda c: c.events("g", "c", since_created_at=""), "since_created_at"),
    ],
)
def test_bad_arguments_raise_before_any_request(
    workato: Client, sim: GenieSimulator, call: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        workato(call(workato.client))
    assert sim.requests == []


def test_a_headless_genie_is_a_provider(workato: Client, sim: GenieSimulator) -> None:
    provider = workato.client.as_provider(sim.genie_handle)
    if workato.kind == "sync":
        assert isinstance(provider, Provider)
    answer = workato(provider.ask(QUESTION))
    assert isinstance(answer, ProviderAnswer)
    assert answer.provider == "workato"
    follow = workato(provider.ask("And the day before?", conversation=answer.conversation))
    assert follow.conversation == answer.conversation
    events = workato.items(provider.ask_events(QUESTION, conversation=answer.conversation))
    assert isinstance(events[-1].answer, ProviderAnswer)
    assert not any(isinstance(e, RateLimited) for e in events)
