"""A chat-style loop that shows Genie's progress as it happens, with ``ask_events``.

Each question yields typed events: ``StatusChanged`` on every status, ``SqlReady`` as soon as
the SQL is written (while it still runs), ``ResultReady`` when rows arrive and ``AnswerReady``
last. Pass your own questions as arguments, or let the script play a short conversation.
"""

from __future__ import annotations

import sys
import time

from _backend import backend

from genie_sdk import AnswerReady, ResultReady, SqlReady, StatusChanged

questions = sys.argv[1:] or ["total sales by region", "only for 2024", "what can you do"]

with backend() as genie, genie.client() as client:
    conversation = client.conversation(genie.space_id)
    for question in questions:
        print(f"\nyou> {question}")
        started = time.monotonic()
        for event in conversation.ask_events(question):
            elapsed = f"{time.monotonic() - started:4.1f}s"
            if isinstance(event, StatusChanged):
                print(f"  {elapsed} status {event.status}")
            elif isinstance(event, SqlReady):
                first_line = event.sql.splitlines()[0]
                print(f"  {elapsed} SQL ready: {first_line} ...")
            elif isinstance(event, ResultReady):
                manifest = event.statement.manifest if event.statement else None
                rows = manifest.total_row_count if manifest else None
                print(f"  {elapsed} result ready: {rows} rows")
            elif isinstance(event, AnswerReady):
                answer = event.answer
                print(f"genie> {answer.text or answer.clarification}")
                if answer.result is not None:
                    print(answer.result.to_markdown(max_rows=5))
