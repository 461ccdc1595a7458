"""Delete conversations older than 30 days: a Genie space holds at most 10,000 of them.

Against your workspace this only lists what it would delete, unless you pass --delete.
(``genie conversations prune SPACE --older-than 30d`` does the same from the command line.)
"""

from __future__ import annotations

import sys
import time

from _backend import backend

from genie_sdk.simulator import SimClock

DAY = 86400.0
MAX_AGE_DAYS = 30

# The simulator's clock starts 45 days ago, so that the first conversations are old.
with (
    backend(clock=SimClock(source=lambda: time.time() - 45 * DAY)) as genie,
    genie.client() as client,
):
    if genie.simulator is not None:
        for question in ("total sales by region", "top 10 products", "sales by month"):
            client.conversations.start(genie.space_id, question)
        genie.simulator.clock.advance(45 * DAY)  # back to today
        client.conversations.start(genie.space_id, "how many customers")
    delete = genie.simulator is not None or "--delete" in sys.argv

    now_ms = time.time() * 1000
    cutoff_ms = now_ms - MAX_AGE_DAYS * DAY * 1000
    # include_all=True lists every user's conversations (needs CAN MANAGE on the space).
    conversations = list(client.conversations.list(genie.space_id))
    old = [c for c in conversations if c.created_timestamp and c.created_timestamp < cutoff_ms]
    print(f"{len(conversations)} conversations, {len(old)} older than {MAX_AGE_DAYS} days")

    for conversation in old:
        days = (now_ms - (conversation.created_timestamp or now_ms)) / (DAY * 1000)
        action = "deleting" if delete else "would delete"
        print(f"  {action} {conversation.title!r} ({days:.0f} days old)")
        if delete:
            client.conversations.delete(genie.space_id, conversation.conversation_id)

    remaining = sum(1 for _ in client.conversations.list(genie.space_id))
    print(f"{remaining} conversations remain")
