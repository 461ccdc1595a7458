"""Re-run an agent's query on the agent's warehouse, for its full typed result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genie_sdk._core.endpoints import agents, spaces, statements
from genie_sdk._core.plans import Waiting
from genie_sdk._core.steps import Plan, Sleep
from genie_sdk.errors import DecodeError, NotFoundError, PollTimeoutError, QueryFailedError
from genie_sdk.models import StatementResponse, StatementState

if TYPE_CHECKING:
    from genie_sdk.results import QueryResult

__all__ = ["run_on_agent_warehouse"]

_RUNNING = (StatementState.PENDING, StatementState.RUNNING)


def run_on_agent_warehouse(agent_id: str, sql: str, waiting: Waiting) -> Plan[QueryResult]:
    """Get the agent's warehouse, run ``sql`` there and wait for the result.

    Raises:
        QueryFailedError: the statement failed or was cancelled.
        PollTimeoutError: it was still running at the polling timeout.
    """
    try:
        agent = yield agents.get_agent(agent_id)
    except NotFoundError:
        agent = yield spaces.get_space(agent_id)  # an older workspace: agents are its spaces
    if not agent.warehouse_id:
        raise DecodeError(f"the agent {agent_id} has no warehouse_id")
    statement: StatementResponse = yield statements.execute_statement(agent.warehouse_id, sql)
    started, poll = waiting.clock(), 0
    while statement.status is not None and statement.status.state in _RUNNING:
        wait, last = waiting.policy.step(poll, waiting.clock() - started)
        if last:
            raise PollTimeoutError(
                space_id=agent_id,
                conversation_id="-",
                message_id=statement.statement_id or "-",
                last_status=str(statement.status.state),
                elapsed=waiting.clock() - started,
                what="the statement",
            )
        yield Sleep(wait)
        poll += 1
        statement = yield statements.get_statement(statement.statement_id or "")
    state = statement.status.state if statement.status is not None else None
    if state != StatementState.SUCCEEDED:
        raise QueryFailedError(statement)
    from genie_sdk.results import QueryResult

    return QueryResult.from_statement(statement)
