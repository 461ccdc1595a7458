"""Ctrl-C or task cancellation during an agent-mode stream asks the server to cancel."""

from __future__ import annotations

import _thread
import asyncio
import threading

import pytest

from genie_sdk import AsyncGenieClient, GenieClient, StatusChanged
from genie_sdk.simulator import GenieSimulator

QUESTION = "total sales by region"
CANCEL = r"/responses/[^/]+/cancel$"


def test_cancelling_the_task_of_an_async_stream_cancels_the_response(
    sim: GenieSimulator,
) -> None:
    sim.faults.slow_stream(0.5)

    async def main() -> None:
        async with AsyncGenieClient(sim.url, token=sim.token) as client:
            accepted = asyncio.Event()

            async def consume() -> None:
                async for event in client.agent_mode.stream(sim.space_id, QUESTION):
                    if isinstance(event, StatusChanged):
                        accepted.set()

            task = asyncio.create_task(consume())
            await accepted.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError) as raised:
                await task
            assert "agent_mode.items(" in "".join(getattr(raised.value, "__notes__", []))

    asyncio.run(main())
    assert sim.count_requests("POST", CANCEL) == 1
    assert sim.count_requests("POST", r"/agents/[^/]+/responses$") == 1


def test_ctrl_c_during_a_sync_stream_cancels_the_response_and_says_how_to_resume(
    sim: GenieSimulator,
) -> None:
    sim.faults.slow_stream(0.5)
    with (
        GenieClient(sim.url, token=sim.token) as client,
        pytest.raises(KeyboardInterrupt) as raised,
    ):
        for event in client.agent_mode.stream(sim.space_id, QUESTION):
            if isinstance(event, StatusChanged):
                threading.Timer(0.1, _thread.interrupt_main).start()
    notes = "".join(getattr(raised.value, "__notes__", []))
    assert "asked to cancel" in notes
    assert "agent_mode.items(" in notes
    assert sim.count_requests("POST", CANCEL) == 1
