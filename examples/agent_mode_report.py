"""Agent mode: a researched, cited report streamed as the agent writes it.

The agent (a Genie space) states its plan, runs several queries and writes a report whose
numbered citations point at them. On the embedded simulator the stream is cut once mid-answer,
to show it resuming from the conversation's items without asking again.
"""

from __future__ import annotations

import sys

from _backend import backend

from genie_sdk import AnswerReady, ReasoningStep, ResultReady, SqlReady, TextReady

question = " ".join(sys.argv[1:]) or "total sales by region"

with backend() as genie, genie.client() as client:
    if genie.simulator is not None:
        genie.simulator.faults.cut_stream(6)
    answer = None
    for event in client.agent_mode.stream(genie.space_id, question):
        if isinstance(event, ReasoningStep):
            print(f"… {event.text}")
        elif isinstance(event, SqlReady):
            print(f"▶ {event.description}")
        elif isinstance(event, ResultReady):
            print("  output ready")
        elif isinstance(event, TextReady):
            print(event.text)
        elif isinstance(event, AnswerReady):
            answer = event.answer
    assert answer is not None
    print(f"\n{len(answer.queries)} queries, {len(answer.citations)} citations")
    first = answer.queries[0]
    if first.preview is not None:
        print(f"preview of {first.title!r}: {first.preview.rows[:2]}")
    result = first.execute()
    print(f"re-run on the warehouse: {result.row_count} rows, columns {result.column_names}")
    if genie.simulator is not None:
        posts = genie.simulator.count_requests("POST", r"/responses$")
        print(f"questions sent: {posts}")
