"""Quickstart: ask Genie a question and read the answer, its SQL and its typed rows.

Run it as is against an embedded simulator, or against your workspace with DATABRICKS_HOST,
credentials and GENIE_SPACE_ID set (see _backend.py).
"""

from __future__ import annotations

from _backend import backend

with backend() as genie, genie.client() as client:
    # ask() starts a conversation, polls until Genie is done and fetches the query result.
    answer = client.ask(genie.space_id, "total sales by region")

    print("Genie says:", answer.text)
    print("\nSQL:\n" + (answer.sql or "(none)"))

    result = answer.result
    if result is not None:
        # Values are decoded by column type: Decimal, date, datetime, int, bool, ...
        print("\nColumns:", ", ".join(f"{c.name} {c.sql_type}" for c in result.columns))
        for region, total in result.rows:
            print(f"  {region:<10} {total:>14,.2f}")
        print("\nAs a DataFrame:")
        print(result.to_pandas())

    # Keep the ids to come back to this answer later (client.wait) or follow up on it.
    print("\nconversation:", answer.conversation_id, "message:", answer.message_id)
