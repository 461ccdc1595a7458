"""The polling schedule follows what the message says: status sequences → the waits between polls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest
import respx

from genie_sdk import GenieClient, PollingPolicy, PollTimeoutError
from genie_sdk._core.answer import MessageIds
from genie_sdk._core.plans import Poller, Waiting
from genie_sdk._core.polling import WAREHOUSE_WAIT
from genie_sdk.auth import PAT

IDS = MessageIds("s1", "c1", "m1")
STEADY = PollingPolicy(jitter=0.0)
SQL = "+sql"
"""Suffix of a status in the tables below: the SQL is in the message."""


class Clock:
    """A clock that only the waits move."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def waits(policy: PollingPolicy, seen: list[str], what: str = "message") -> list[float]:
    """The waits after each poll that saw ``seen[i]`` (a status, ``+sql`` when SQL is there)."""
    clock = Clock()
    poller = Poller(Waiting(policy, clock), clock())
    result = []
    for observed in seen:
        status, sql = observed.removesuffix(SQL), observed.endswith(SQL)
        wait = poller.next_sleep(IDS, status, what, sql=sql).seconds
        clock.now += wait
        result.append(wait)
    return result


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        pytest.param(
            ["SUBMITTED"] + ["ASKING_AI"] * 8,
            [1.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0],
            id="one status: back off to the cap",
        ),
        pytest.param(
            ["SUBMITTED", "FILTERING_CONTEXT", "FETCHING_METADATA", "ASKING_AI", "ASKING_AI"],
            [1.0, 1.0, 1.0, 1.0, 2.0],
            id="each new status starts again from the first wait",
        ),
        pytest.param(
            [
                "EXECUTING_QUERY",
                "EXECUTING_QUERY",
                "EXECUTING_QUERY" + SQL,
                "EXECUTING_QUERY" + SQL,
            ],
            [1.0, 2.0, 1.0, 2.0],
            id="the SQL appearing starts again from the first wait",
        ),
        pytest.param(
            ["ASKING_AI", "ASKING_AI"] + ["PENDING_WAREHOUSE"] * 3 + ["EXECUTING_QUERY"],
            [1.0, 2.0, WAREHOUSE_WAIT, WAREHOUSE_WAIT, 16.0, 1.0],
            id="slow polls while the warehouse starts, quick ones when the query runs",
        ),
        pytest.param(
            ["ASKING_AI", "EXECUTING_QUERY", "ASKING_AI", "EXECUTING_QUERY", "ASKING_AI"],
            [1.0, 1.0, 2.0, 4.0, 8.0],
            id="a status seen before is not progress",
        ),
        pytest.param(
            ["ASKING_AI", "ASKING_AI", "UNHEARD_OF", "UNHEARD_OF"],
            [1.0, 2.0, 1.0, 2.0],
            id="an unknown status is progress too",
        ),
    ],
)
def test_waits_follow_the_message(seen: list[str], expected: list[float]) -> None:
    assert waits(STEADY, seen) == expected


def test_the_query_result_is_progress_after_the_message() -> None:
    clock = Clock()
    poller = Poller(Waiting(STEADY, clock), clock())
    message = [poller.next_sleep(IDS, "ASKING_AI", "message").seconds for _ in range(3)]
    result = [poller.next_sleep(IDS, "RUNNING", "query result").seconds for _ in range(2)]

    assert (message, result) == ([1.0, 2.0, 4.0], [1.0, 2.0])


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        pytest.param(["ASKING_AI"] * 6, [1.0, 2.0, 4.0, 8.0, 14.0], id="backoff"),
        pytest.param(["PENDING_WAREHOUSE"] * 3, [10.0, 9.0], id="warehouse starting"),
        pytest.param(
            ["SUBMITTED", "ASKING_AI", "PENDING_WAREHOUSE", "EXECUTING_QUERY"] * 3,
            [1.0, 1.0, 10.0, 1.0, 2.0, 4.0, 10.0],
            id="progress",
        ),
    ],
)
def test_no_wait_ends_past_the_deadline(seen: list[str], expected: list[float]) -> None:
    """The last wait ends a second before the 30 s timeout; the poll after it is the last."""
    policy = PollingPolicy(jitter=0.0, timeout=30.0 if seen[0] != "PENDING_WAREHOUSE" else 20.0)
    clock = Clock()
    poller = Poller(Waiting(policy, clock), clock())
    got = []
    with pytest.raises(PollTimeoutError):
        for status in seen:
            got.append(poller.next_sleep(IDS, status, "message").seconds)
            clock.now += got[-1]
    assert got == expected
    assert sum(got) == policy.timeout - 1.0


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        pytest.param(["ASKING_AI"] * 6, [0.5, 1.0, 2.0, 4.0, 5.0, 5.0], id="capped at 5 s"),
        pytest.param(["PENDING_WAREHOUSE"] * 2, [5.0, 5.0], id="warehouse wait capped too"),
        pytest.param(["ASKING_AI"] * 3 + ["EXECUTING_QUERY"], [0.5, 1.0, 2.0, 0.5], id="progress"),
    ],
)
def test_interactive_schedule(seen: list[str], expected: list[float]) -> None:
    assert waits(replace(PollingPolicy.interactive(), jitter=0.0), seen) == expected


def test_interactive_is_a_policy_with_a_low_cap() -> None:
    policy = PollingPolicy.interactive(timeout=60.0)

    assert (policy.initial, policy.maximum, policy.timeout) == (0.5, 5.0, 60.0)
    assert policy.multiplier == PollingPolicy().multiplier
    with pytest.raises(ValueError):
        PollingPolicy.interactive(timeout=0)


def message(status: str, sql: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message_id": "m1", "space_id": "s1", "conversation_id": "c1"}
    attachments = [{"attachment_id": "a1", "query": {"query": sql}}] if sql else []
    return {**body, "status": status, "attachments": attachments}


def test_ask_restarts_the_backoff_when_the_sql_appears() -> None:
    """Through the client: the plan tells the poller when the SQL is there."""
    space = "https://genie.example.com/api/2.0/genie/spaces/s1"
    polled = [
        message("EXECUTING_QUERY"),
        message("EXECUTING_QUERY"),
        message("EXECUTING_QUERY", "SELECT 1"),
        message("EXECUTING_QUERY", "SELECT 1"),
        message("COMPLETED", "SELECT 1"),
    ]
    statement = {"statement_id": "st", "status": {"state": "SUCCEEDED"}}
    slept: list[float] = []
    with respx.mock() as mock:
        mock.post(f"{space}/start-conversation").respond(
            json={"conversation_id": "c1", "message_id": "m1", "message": message("SUBMITTED")}
        )
        mock.get(f"{space}/conversations/c1/messages/m1").mock(
            side_effect=[httpx.Response(200, json=body) for body in polled]
        )
        mock.get(f"{space}/conversations/c1/messages/m1/attachments/a1/query-result").respond(
            json={"statement_response": statement}
        )
        with GenieClient(
            "https://genie.example.com", auth=PAT("dapi-x"), sleep=slept.append, max_retries=0
        ) as client:
            client.ask("s1", "q", polling=STEADY)

    assert slept == [1.0, 1.0, 2.0, 1.0, 2.0]
