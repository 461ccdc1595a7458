"""Ask many questions at once with the async client, within the workspace's POST rate limit.

Genie serves about 5 questions a minute per workspace. ``rate_limit=(5, 60.0)`` makes the client
queue its POSTs so that it never sends more (polling GETs are not limited), and ``ask_many``
runs the questions concurrently, each in its own conversation.
"""

from __future__ import annotations

import asyncio
import time

from _backend import backend

from genie_sdk import GenieError

QUESTIONS = [
    "total sales by region",
    "top 10 products",
    "sales by month",
    "how many customers",
    "what can you do",
    "total sales by region only for 2024",
    "show sales by channel",
]


async def main() -> None:
    # The simulator allows 5 POSTs per 3 s (a workspace: about 5 a minute) so that this example
    # finishes quickly. The client gets the same limit, plus a margin for network delays.
    with backend(rate_limit=5, rate_limit_window=3.0) as genie:
        window = 3.0 if genie.simulator else 60.0
        async with genie.async_client(rate_limit=(5, window + 0.5)) as client:
            started = time.monotonic()
            answers = await client.ask_many(genie.space_id, QUESTIONS, concurrency=4)
            elapsed = time.monotonic() - started
        if genie.simulator is not None:
            refused = genie.simulator.count_requests("POST") - genie.simulator.messages_created
            print(f"POSTs refused with 429 (and retried by the client): {refused}")

    # ask_many returns, in order, an answer or the error that question ended with.
    for question, answer in zip(QUESTIONS, answers, strict=True):
        if isinstance(answer, GenieError):
            print(f"✗ {question}: {answer}")
        elif answer.result is not None:
            print(f"✓ {question}: {len(answer.result)} rows")
        else:
            print(f"✓ {question}: {answer.text or answer.clarification}")
    print(f"{len(QUESTIONS)} questions in {elapsed:.1f} s, at most 5 POSTs per {window:.0f} s")


asyncio.run(main())
