"""5xx bursts with JSON, HTML and empty bodies, on the question's POST and on the polls."""

from __future__ import annotations

import pytest

from genie_sdk import Answer, AsyncAnswer, ServerError
from genie_sdk.simulator import GenieSimulator
from genie_sdk.simulator.http.faults import BodyKind
from tests.reliability.harness import SALES
from tests.reliability.ledger import Record
from tests.support.clients import Client

START = "start-conversation"
POLL = r"/messages/[^/]+$"
RESULT = r"/query-result$"
ANSWERS = (Answer, AsyncAnswer)
STATUSES = [500, 502, 503, 504]
BODIES: list[BodyKind] = ["json", "html", "empty"]
REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
REASONS[504] = "Gateway Timeout"


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("status", STATUSES)
def test_burst_on_polls_is_retried(
    live: Client, sim: GenieSimulator, record: Record, status: int, body: BodyKind
) -> None:
    """Three {status}s ({body} body) on the polls."""
    sim.faults.http_error(status, method="GET", path=POLL, body=body, times=3)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.messages_created == 1


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("status", STATUSES)
def test_on_ask_only_503_is_retried(
    live: Client, sim: GenieSimulator, record: Record, status: int, body: BodyKind
) -> None:
    """One {status} ({body} body) on the question's POST."""
    sim.faults.http_error(status, method="POST", path=START, body=body)

    outcome = live.outcome(lambda: live.client.ask(sim.space_id, SALES))

    record([outcome])
    if status == 503:  # the server refused without acting: safe to send again
        assert isinstance(outcome, ANSWERS)
        assert sim.count_requests("POST", START) == 2
        assert sim.messages_created == 1
        return
    assert isinstance(outcome, ServerError)  # the server may have acted: never sent twice
    assert outcome.status_code == status
    assert sim.count_requests("POST", START) == 1
    assert sim.messages_created == 0
    if body == "html":
        assert outcome.message == f"{status} {REASONS[status]}"  # the page's <title>
    elif body == "empty":
        assert outcome.message == REASONS[status]


@pytest.mark.parametrize("body", ["html", "empty"])
def test_burst_outlasting_the_budget_is_resumable(
    live: Client, sim: GenieSimulator, record: Record, body: BodyKind
) -> None:
    """A 502 storm ({body} body) on the polls outlasting the retries, then ``wait``."""
    fault = sim.faults.http_error(502, method="GET", path=POLL, body=body, times=None)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))
    assert isinstance(error, ServerError)
    assert error.status_code == 502
    assert error.space_id == sim.space_id
    assert error.conversation_id
    assert error.message_id
    fault.times = fault.fired
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1


def test_burst_on_the_result_is_retried(live: Client, sim: GenieSimulator, record: Record) -> None:
    """Three 500s on the query-result GET."""
    sim.faults.http_error(500, method="GET", path=RESULT, times=3)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert sim.count_requests("GET", RESULT) == 4
