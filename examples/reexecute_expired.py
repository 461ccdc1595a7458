"""Results expire after about 7 days (QUERY_RESULT_EXPIRED); re-run the stored SQL to refresh them.

``client.wait(space_id, conversation_id, message_id)`` picks up any earlier question by its ids
and re-runs expired SQL for you (execute-query; the SQL is not regenerated).
``answer.refresh()`` re-runs it on demand, e.g. for today's numbers.
"""

from __future__ import annotations

from _backend import backend

with backend() as genie, genie.client() as client:
    answer = client.ask(genie.space_id, "total sales by region")
    ids = (answer.space_id, answer.conversation_id, answer.message_id)
    print("asked:", answer.message.content, "| statement", answer.result.statement_id)

    if genie.simulator is not None:
        # On the simulator, make the results expire now instead of in a week.
        genie.simulator.expire_results(answer.message_id)

    # Days later, maybe in another process: resume from the ids alone.
    later = client.wait(*ids, on_status=lambda message: print("  status:", message.status))
    # The message keeps its QUERY_RESULT_EXPIRED status; the rows come from a new statement.
    print("after wait:", later.status, "| statement", later.result.statement_id)
    print(later.result.to_markdown())

    # Re-run on demand; the message and its SQL stay the same.
    fresh = later.refresh()
    print(
        "after refresh: statement",
        fresh.result.statement_id,
        "| same SQL:",
        fresh.sql == answer.sql,
    )
