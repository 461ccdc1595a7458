"""The conversation helper, results and downloads end to end against the simulator."""

from __future__ import annotations

import datetime as dt
import decimal

import pyarrow.parquet as pq
import pytest

from genie_sdk import (
    AnswerReady,
    Event,
    Failed,
    GenieClient,
    MessageCancelledError,
    MessageFailedError,
    MessageStatus,
    PollTimeoutError,
    SqlReady,
    StatusChanged,
)
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.support.clients import Client


def test_ask_follow_up_and_typed_rows(live: Client, sim: GenieSimulator) -> None:
    conversation = live.client.conversation(sim.space_id)
    first = live(conversation.ask("total sales by region"))
    assert first.status is MessageStatus.COMPLETED
    assert "SUM" in first.sql.upper()
    assert first.text
    assert [c.name for c in first.result.columns] == ["region", "total_sales"]
    assert all(isinstance(total, decimal.Decimal) for _, total in first.result.rows)
    second = live(conversation.ask("only for 2024"))
    assert second.conversation_id == first.conversation_id
    assert "2024" in second.sql
    assert sum(r[1] for r in second.result.rows) < sum(r[1] for r in first.result.rows)
    assert [a.message_id for a in conversation.answers] == [first.message_id, second.message_id]


def test_events_show_progress_in_order(live: Client, sim: GenieSimulator) -> None:
    events = live.items(live.client.ask_events(sim.space_id, "top 10 products"))
    statuses = [str(e.status) for e in events if isinstance(e, StatusChanged)]
    assert statuses[0] == "SUBMITTED"
    assert statuses[-1] == "COMPLETED"
    assert "EXECUTING_QUERY" in statuses
    sql_at = next(i for i, e in enumerate(events) if isinstance(e, SqlReady))
    done_at = next(
        i for i, e in enumerate(events) if isinstance(e, StatusChanged) and e.status == "COMPLETED"
    )
    assert sql_at < done_at
    assert isinstance(events[-1], AnswerReady)
    assert len(events[-1].answer.result) == 10
    assert all(isinstance(e, Event) for e in events)
    assert {e.ids for e in events} == {events[-1].answer.ids}


def test_events_end_with_failed_then_raise(live: Client, sim: GenieSimulator) -> None:
    sim.add_answer("break it", error_type="SQL_EXECUTION_EXCEPTION")
    seen: list[Event] = []

    async def collect_async() -> None:
        async for event in live.client.ask_events(sim.space_id, "break it"):
            seen.append(event)

    with pytest.raises(MessageFailedError) as failed:
        if live.kind == "async":
            live(collect_async())
        else:
            seen.extend(live.client.ask_events(sim.space_id, "break it"))
    last = seen[-1]
    assert isinstance(last, Failed)
    assert last.error is failed.value
    assert last.ids is not None
    assert last.ids.conversation_id == failed.value.conversation_id


def test_text_only_and_clarification(live: Client, sim: GenieSimulator) -> None:
    text_only = live(live.client.ask(sim.space_id, "what can you do"))
    assert text_only.text
    assert text_only.result is None
    unclear = live(live.client.ask(sim.space_id, "purple elephants"))
    assert unclear.clarification
    assert unclear.text is None


def test_failed_and_cancelled_messages(live: Client, sim: GenieSimulator) -> None:
    sim.add_answer("break it", error_type="SQL_EXECUTION_EXCEPTION")
    sim.add_answer("stop it", cancel=True)
    with pytest.raises(MessageFailedError) as failed:
        live(live.client.ask(sim.space_id, "break it"))
    assert failed.value.error_type == "SQL_EXECUTION_EXCEPTION"
    assert failed.value.conversation_id
    with pytest.raises(MessageCancelledError):
        live(live.client.ask(sim.space_id, "stop it"))


def test_timeout_then_wait(live: Client, sim: GenieSimulator) -> None:
    sim.settings.advance = "time"
    sim.settings.stage_seconds = 3600.0
    with pytest.raises(PollTimeoutError) as caught:
        live(live.client.ask(sim.space_id, "how many customers", timeout=0.2))
    error = caught.value
    sim.settings.advance = "poll"
    answer = live(live.client.wait(error.space_id, error.conversation_id, error.message_id))
    assert answer.result.rows[0][0] > 0
    assert sim.messages_created == 1


def test_expired_results_are_re_executed(live: Client, sim: GenieSimulator) -> None:
    answer = live(live.client.ask(sim.space_id, "total sales by region"))
    sim.expire_results()
    again = live(live.client.wait(answer.space_id, answer.conversation_id, answer.message_id))
    assert again.result.rows == answer.result.rows
    refreshed = live(answer.refresh())
    assert refreshed.result.rows == answer.result.rows
    assert sim.count_requests("POST", "execute-query") == 2


def test_truncated_result_downloads_in_full(
    live: Client, sim: GenieSimulator, tmp_path: object
) -> None:
    answer = live(live.client.ask(sim.space_id, "show all sales"))
    assert answer.result.truncated
    assert len(answer.result) == 5000
    target = f"{tmp_path}/sales.parquet"
    summary = live(answer.download(target))
    table = pq.read_table(target)
    assert summary.row_count == table.num_rows > 5000
    assert summary.chunk_count > 1
    assert sim.storage_auth_leaks == []
    first_row = table.slice(0, 1).to_pylist()[0]
    assert any(isinstance(v, (dt.date, dt.datetime)) for v in first_row.values())


@pytest.mark.parametrize("fmt", ["CSV", "ARROW_STREAM", "JSON_ARRAY"])
def test_iter_rows_streams_every_format(live: Client, sim: GenieSimulator, fmt: str) -> None:
    sim.settings.download_format = fmt
    sim.settings.chunk_rows = 4000
    answer = live(live.client.ask(sim.space_id, "show all sales"))
    rows = live.items(answer.iter_rows())
    assert len(rows) == sim.query_sql("SELECT COUNT(*) FROM sales")[0][0]
    assert rows[:5000] == answer.result.rows


def test_expired_download_link_is_re_requested(
    live: Client, sim: GenieSimulator, tmp_path: object
) -> None:
    answer = live(live.client.ask(sim.space_id, "show all sales"))
    sim.settings.link_ttl = 0.0
    with pytest.raises(Exception, match="could not be fetched"):
        live(answer.download(f"{tmp_path}/x.csv"))
    sim.settings.link_ttl = 900.0
    summary = live(answer.download(f"{tmp_path}/y.csv"))
    assert summary.row_count > 5000


def test_feedback_comments_and_listing(live: Client, sim: GenieSimulator) -> None:
    answer = live(live.client.ask(sim.space_id, "how many customers"))
    live(answer.send_feedback("NEGATIVE", "wrong number"))
    ids = (answer.space_id, answer.conversation_id, answer.message_id)
    live(live.client.messages.create_comment(*ids, "looks off"))
    comments = live.items(live.client.messages.list_comments(*ids))
    assert [c.content for c in comments] == ["looks off"]
    message = live(live.client.messages.get(*ids))
    assert message.feedback.rating == "NEGATIVE"
    conversations = live.items(live.client.conversations.list(sim.space_id, page_size=1))
    assert answer.conversation_id in [c.conversation_id for c in conversations]


def test_ask_many_answers_in_order(live: Client, sim: GenieSimulator) -> None:
    questions = ["total sales by region", "", "top 10 products"]
    with pytest.raises(ValueError):
        live(live.client.ask_many(sim.space_id, questions))
    answers = live(live.client.ask_many(sim.space_id, [q for q in questions if q], concurrency=2))
    assert [len(a.result) for a in answers] == [5, 10]
    assert sim.messages_created == 2


@pytest.mark.genie_simulator(rate_limit=3, rate_limit_window=0.5)
def test_client_rate_limit_stays_under_the_server_limit(sim: GenieSimulator) -> None:
    with GenieClient(sim.url, auth=PAT(sim.token), rate_limit=(3, 0.6)) as client:
        for _ in range(7):
            client.conversations.start(sim.space_id, "how many customers")
    assert sim.count_requests("POST") == 7
