"""The conversation helper over scripted server responses, for both clients."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
import respx

from genie_sdk import (
    AnswerReady,
    MessageCancelledError,
    MessageFailedError,
    MessageStatus,
    PollingPolicy,
    PollTimeoutError,
    QueryFailedError,
    RateLimited,
    ResultReady,
    SqlReady,
    StatusChanged,
)
from tests.support.clients import Client
from tests.support.clocks import FakeClock
from tests.unit.scripted import (
    FOLLOW_UP,
    MESSAGE,
    NO_JITTER,
    START,
    C,
    M,
    S,
    message,
    query,
    responses,
    result_url,
    started,
    statement,
    text,
)


def test_text_only_answer(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        start = mock.post(START).mock(return_value=started())
        polls = mock.get(MESSAGE).mock(
            side_effect=responses(
                message("ASKING_AI"), message("COMPLETED", text("We have 3 regions."))
            )
        )
        answer = genie(genie.client.ask(S, "how many regions?", polling=NO_JITTER))
    assert start.call_count == 1
    assert polls.call_count == 2
    assert answer.text == "We have 3 regions."
    assert answer.status is MessageStatus.COMPLETED
    assert (answer.sql, answer.result, answer.clarification, answer.queries) == (
        None,
        None,
        None,
        [],
    )
    assert (answer.space_id, answer.conversation_id, answer.message_id) == (S, C, M)
    assert clock.sleeps == [1.0, 1.0]  # ASKING_AI is progress: the backoff starts again


def test_clarification(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(
            side_effect=responses(
                message("COMPLETED", text("Which year do you mean?", "FOLLOW_UP_QUESTION"))
            )
        )
        answer = genie(genie.client.ask(S, "sales?", polling=NO_JITTER))
    assert answer.clarification == "Which year do you mean?"
    assert answer.text is None


def test_query_text_and_suggested_questions(genie: Client) -> None:
    rows = [["EMEA", "10.50"], ["APAC", None]]
    completed = message(
        "COMPLETED",
        query("q1", "SELECT region, SUM(x) FROM t GROUP BY 1", "Sales per region"),
        text("EMEA leads."),
        {
            "attachment_id": "sq",
            "suggested_questions": {"questions": ["And by month?", "Top stores?"]},
        },
    )
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(side_effect=responses(completed))
        fetch = mock.get(result_url("q1")).mock(side_effect=responses(statement("SUCCEEDED", rows)))
        answer = genie(genie.client.ask(S, "sales by region", polling=NO_JITTER))
    assert fetch.call_count == 1
    assert answer.sql == "SELECT region, SUM(x) FROM t GROUP BY 1"
    assert answer.description == "Sales per region"
    assert answer.text == "EMEA leads."
    assert answer.suggested_questions == ["And by month?", "Top stores?"]
    assert answer.attachment_id == "q1"
    assert answer.statement is not None
    assert answer.statement.result.data_array == rows


def test_self_correction_uses_the_last_query(genie: Client) -> None:
    completed = message("COMPLETED", query("q1", "SELECT broken"), query("q2", "SELECT fixed"))
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(side_effect=responses(completed))
        fetch = mock.get(result_url("q2")).mock(side_effect=responses(statement("SUCCEEDED", [])))
        answer = genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert [q.query for q in answer.queries] == ["SELECT broken", "SELECT fixed"]
    assert answer.sql == "SELECT fixed"
    assert fetch.call_count == 1


def test_events_report_sql_before_completion(genie: Client) -> None:
    executing = message("EXECUTING_QUERY", query("q1", "SELECT 1"))
    completed = message("COMPLETED", query("q1", "SELECT 1"), text("One."))
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(
            side_effect=responses(message("ASKING_AI"), executing, executing, completed)
        )
        mock.get(result_url("q1")).mock(side_effect=responses(statement("SUCCEEDED", [])))
        statuses: list[Any] = []
        events = genie.items(
            genie.client.ask_events(S, "q", polling=NO_JITTER, on_status=statuses.append)
        )
    assert [m.status for m in statuses] == [
        "SUBMITTED",
        "ASKING_AI",
        "EXECUTING_QUERY",
        "COMPLETED",
    ]
    kinds = [
        type(e).__name__ + (f":{e.status}" if isinstance(e, StatusChanged) else "") for e in events
    ]
    assert kinds == [
        "StatusChanged:SUBMITTED",
        "StatusChanged:ASKING_AI",
        "StatusChanged:EXECUTING_QUERY",
        "SqlReady",
        "StatusChanged:COMPLETED",
        "ResultReady",
        "AnswerReady",
    ]
    sql_event = next(e for e in events if isinstance(e, SqlReady))
    assert sql_event.sql == "SELECT 1"
    assert sql_event.attachment_id == "q1"
    assert isinstance(events[-2], ResultReady)
    assert isinstance(events[-1], AnswerReady)
    assert events[-1].answer.text == "One."


def test_on_status_is_called_once_per_change(genie: Client) -> None:
    seen: list[str] = []
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(
            side_effect=responses(
                message("SUBMITTED"),
                message("ASKING_AI"),
                message("ASKING_AI"),
                message("COMPLETED", text("ok")),
            )
        )
        genie(
            genie.client.ask(
                S, "q", polling=NO_JITTER, on_status=lambda m: seen.append(str(m.status))
            )
        )
    assert seen == ["SUBMITTED", "ASKING_AI", "COMPLETED"]


def test_statement_pending_then_succeeded(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(side_effect=responses(message("COMPLETED", query("q1", "SELECT 1"))))
        fetch = mock.get(result_url("q1")).mock(
            side_effect=responses(
                statement("PENDING"), statement("RUNNING"), statement("SUCCEEDED", [["x", "1.00"]])
            )
        )
        answer = genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert fetch.call_count == 3
    assert answer.statement.state == "SUCCEEDED"
    assert clock.sleeps == [1.0, 1.0, 1.0]  # each new state starts the backoff again


def test_failed_message_raises_with_error_type_and_ids(genie: Client) -> None:
    failed = message(
        "FAILED", error={"error": "warehouse gone", "type": "WAREHOUSE_NOT_FOUND_EXCEPTION"}
    )
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(side_effect=responses(failed))
        with pytest.raises(MessageFailedError) as caught:
            genie(genie.client.ask(S, "q", polling=NO_JITTER))
    error = caught.value
    assert error.error_type == "WAREHOUSE_NOT_FOUND_EXCEPTION"
    assert "warehouse gone" in str(error)
    assert (error.space_id, error.conversation_id, error.message_id) == (S, C, M)


def test_cancelled_message_raises_promptly(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        polls = mock.get(MESSAGE).mock(return_value=httpx.Response(200, json=message("CANCELLED")))
        with pytest.raises(MessageCancelledError):
            genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert polls.call_count == 1
    assert clock.sleeps == [1.0]


def test_failed_statement_raises_query_failed(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(side_effect=responses(message("COMPLETED", query("q1", "SELECT x"))))
        mock.get(result_url("q1")).mock(
            side_effect=responses(
                statement("FAILED", error={"error_code": "BAD_REQUEST", "message": "no column x"})
            )
        )
        with pytest.raises(QueryFailedError) as caught:
            genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert caught.value.error_code == "BAD_REQUEST"
    assert caught.value.message_id == M


def test_expired_results_are_re_executed(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(
            side_effect=responses(message("QUERY_RESULT_EXPIRED", query("q1", "SELECT 1")))
        )
        rerun = mock.post(f"{MESSAGE}/attachments/q1/execute-query").mock(
            side_effect=responses(statement("RUNNING"))
        )
        fetch = mock.get(result_url("q1")).mock(
            side_effect=responses(statement("SUCCEEDED", [["a", "1.00"]]))
        )
        answer = genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert rerun.call_count == 1
    assert fetch.call_count == 1
    assert answer.statement.state == "SUCCEEDED"


def test_closed_statement_is_re_executed_once(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(side_effect=responses(message("COMPLETED", query("q1", "SELECT 1"))))
        mock.get(result_url("q1")).mock(side_effect=responses(statement("CLOSED")))
        rerun = mock.post(f"{MESSAGE}/attachments/q1/execute-query").mock(
            side_effect=responses(statement("SUCCEEDED", []))
        )
        genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert rerun.call_count == 1


def test_timeout_carries_ids_and_wait_resumes(genie: Client, clock: FakeClock) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(return_value=httpx.Response(200, json=message("ASKING_AI")))
        with pytest.raises(PollTimeoutError) as caught:
            genie(genie.client.ask(S, "q", polling=NO_JITTER, timeout=30))
    error = caught.value
    assert (error.space_id, error.conversation_id, error.message_id) == (S, C, M)
    assert error.ids == (S, C, M)
    assert error.last_status == "ASKING_AI"
    assert error.elapsed == pytest.approx(29.0)  # the final poll, a second before the timeout
    assert clock.sleeps == [1.0, 1.0, 2.0, 4.0, 8.0, 13.0]
    with respx.mock() as mock:
        mock.get(MESSAGE).mock(
            side_effect=responses(message("ASKING_AI"), message("COMPLETED", text("done")))
        )
        answer = genie(
            genie.client.wait(
                error.space_id, error.conversation_id, error.message_id, polling=NO_JITTER
            )
        )
    assert answer.text == "done"


def test_rate_limited_start_is_retried_and_asked_once(genie: Client) -> None:
    with respx.mock() as mock:
        start = mock.post(START).mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), started()]
        )
        mock.get(MESSAGE).mock(side_effect=responses(message("COMPLETED", text("ok"))))
        answer = genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert start.call_count == 2
    assert answer.text == "ok"


def test_unknown_status_keeps_polling(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        polls = mock.get(MESSAGE).mock(
            side_effect=responses(
                message("PONDERING"), message("REFLECTING"), message("COMPLETED", text("ok"))
            )
        )
        genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert polls.call_count == 3


def test_poll_errors_carry_the_ids(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(
            return_value=httpx.Response(
                403, json={"error_code": "PERMISSION_DENIED", "message": "no"}
            )
        )
        with pytest.raises(Exception) as caught:
            genie(genie.client.ask(S, "q", polling=NO_JITTER))
    assert (caught.value.conversation_id, caught.value.message_id) == (C, M)


def test_conversation_follow_up_and_refresh(genie: Client) -> None:
    conversation = genie.client.conversation(S)
    with respx.mock() as mock:
        start = mock.post(START).mock(return_value=started())
        follow = mock.post(FOLLOW_UP).mock(
            return_value=httpx.Response(200, json=message("SUBMITTED"))
        )
        mock.get(MESSAGE).mock(
            return_value=httpx.Response(200, json=message("COMPLETED", query("q1", "SELECT 1")))
        )
        mock.get(result_url("q1")).mock(
            return_value=httpx.Response(200, json=statement("SUCCEEDED", []))
        )
        rerun = mock.post(f"{MESSAGE}/attachments/q1/execute-query").mock(
            return_value=httpx.Response(200, json=statement("SUCCEEDED", [["b", "2.00"]]))
        )
        first = genie(conversation.ask("sales by region", polling=NO_JITTER))
        assert conversation.id == C
        second = genie(conversation.ask("only 2024", polling=NO_JITTER))
        fresh = genie(second.refresh())
    assert start.call_count == 1
    assert follow.call_count == 1
    assert [a.message_id for a in conversation.answers] == [first.message_id, second.message_id]
    assert rerun.call_count == 1
    assert fresh.statement.result.data_array == [["b", "2.00"]]
    assert type(fresh) is type(second)


def test_send_feedback_from_answer(genie: Client) -> None:
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        mock.get(MESSAGE).mock(
            return_value=httpx.Response(200, json=message("COMPLETED", text("ok")))
        )
        feedback = mock.post(f"{MESSAGE}/feedback").mock(return_value=httpx.Response(200, json={}))
        answer = genie(genie.client.ask(S, "q", polling=NO_JITTER))
        genie(answer.send_feedback("POSITIVE", "spot on"))
    assert feedback.calls.last.request.content == b'{"rating":"POSITIVE","comment":"spot on"}'


def test_ask_many_keeps_order_and_errors(genie: Client) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        question = request.content.decode()
        if "bad" in question:
            return httpx.Response(
                400, json={"error_code": "INVALID_PARAMETER_VALUE", "message": "bad"}
            )
        n = question.split('"')[3]
        return httpx.Response(200, json={"conversation_id": "c" + n, "message_id": "m" + n})

    def poll(request: httpx.Request) -> httpx.Response:
        conversation_id = request.url.path.split("/")[6]
        message_id = request.url.path.split("/")[-1]
        body = {
            **message("COMPLETED", text("answer " + message_id)),
            "conversation_id": conversation_id,
            "message_id": message_id,
            "id": message_id,
        }
        return httpx.Response(200, json=body)

    with respx.mock() as mock:
        mock.post(START).mock(side_effect=reply)
        mock.get(url__regex=r".*/messages/m\d+$").mock(side_effect=poll)
        results = genie(
            genie.client.ask_many(S, ["1", "bad", "3", "4"], concurrency=2, polling=NO_JITTER)
        )
    assert [getattr(r, "text", None) for r in results] == [
        "answer m1",
        None,
        "answer m3",
        "answer m4",
    ]
    assert type(results[1]).__name__ == "BadRequestError"


def test_rate_limit_spaces_posts(make_genie: Any, clock: FakeClock) -> None:
    genie = make_genie(rate_limit=(2, 60.0))
    with respx.mock() as mock:
        mock.post(START).mock(return_value=started())
        for _ in range(3):
            genie(genie.client.conversations.start(S, "q"))
    assert clock.sleeps == [60.0]


def test_bad_arguments_fail_before_any_request(genie: Client) -> None:
    with respx.mock() as mock:
        with pytest.raises(ValueError):
            genie(genie.client.ask(S, ""))
        with pytest.raises(ValueError):
            genie(genie.client.wait(S, "c/1", M))
        with pytest.raises(TypeError, match="timout"):
            genie(genie.client.ask(S, "q", timout=3))
    assert mock.calls.call_count == 0


def test_cancelled_task_leaves_ids_for_wait() -> None:
    from genie_sdk import AsyncGenieClient
    from genie_sdk.auth import PAT

    async def scenario() -> None:
        async with AsyncGenieClient(
            "https://example.cloud.databricks.com", auth=PAT("t")
        ) as client:
            conversation = client.conversation(S)
            with respx.mock() as mock:
                mock.post(START).mock(return_value=started())
                mock.get(MESSAGE).mock(return_value=httpx.Response(200, json=message("ASKING_AI")))
                task = asyncio.create_task(
                    conversation.ask("q", polling=PollingPolicy(initial=0.01, maximum=0.01))
                )
                await asyncio.sleep(0.05)
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                assert conversation.id == C
                assert conversation.pending is not None
                assert conversation.pending.message_id == M
                mock.get(MESSAGE).mock(
                    return_value=httpx.Response(200, json=message("COMPLETED", text("finally")))
                )
                answer = await conversation.wait()
            assert answer.text == "finally"
            assert conversation.pending is None

    asyncio.run(scenario())


def test_polling_schedule_as_numbers() -> None:
    delays = list(NO_JITTER.delays())
    assert delays[:8] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert sum(delays) == pytest.approx(600.0)
    assert max(delays) == 60
    jittered = PollingPolicy(jitter=0.5, rng=lambda: 1.0)
    assert jittered.delay(0) == 1.5
    assert jittered.delay(10) == 60.0
    assert PollingPolicy(jitter=0.5, rng=lambda: 0.0).delay(2) == 2.0
    with pytest.raises(ValueError):
        PollingPolicy(initial=0)


def test_rate_limit_waits_are_reported_and_logged(
    make_genie: Any, caplog: pytest.LogCaptureFixture
) -> None:
    genie = make_genie(rate_limit=(1, 60.0))
    seen: list[Any] = []
    with respx.mock() as mock, caplog.at_level(logging.DEBUG, logger="genie_sdk"):
        mock.post(START).mock(
            side_effect=[started(), httpx.Response(429, headers={"Retry-After": "7"}), started()]
        )
        mock.get(MESSAGE).mock(side_effect=responses(*[message("COMPLETED", text("ok"))] * 2))
        genie(genie.client.ask(S, "q", polling=NO_JITTER, on_event=seen.append))
        genie(genie.client.ask(S, "q", polling=NO_JITTER, on_event=seen.append))
    waits = [event for event in seen if isinstance(event, RateLimited)]
    assert ["429" in w.reason for w in waits] == [False, True, False]
    assert waits[0].wait > 50
    assert round(waits[1].wait) == 7
    assert str(waits[1]).endswith("next request allowed in 7 s")
    logged = [r.getMessage() for r in caplog.records if "next request allowed in" in r.getMessage()]
    assert len(logged) == 3
    assert all("start-conversation" in line for line in logged)
