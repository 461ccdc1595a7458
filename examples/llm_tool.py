"""Use Genie as a tool of an LLM agent: each answer becomes a compact, model-readable result.

The model calls ``ask_genie``; your code asks Genie and returns Genie's text, the SQL and the
rows as a markdown table (capped, saying how many rows were left out). Errors become tool
errors the model can react to. No model is called here: its tool calls are scripted.
"""

from __future__ import annotations

import json
from typing import Any

from _backend import backend

from genie_sdk import GenieClient, GenieError

ASK_GENIE_TOOL = {
    "name": "ask_genie",
    "description": (
        "Ask a question in plain language about the retail sales data (regions, stores, "
        "products, customers, sales). Returns the answer, the SQL that produced it and the "
        "rows as a markdown table. Pass conversation_id to ask a follow-up question."
    ),
    "input_schema": {
        "type": "object",
        "properties": {
            "question": {"type": "string", "description": "The question to ask."},
            "conversation_id": {"type": "string", "description": "To follow up on an answer."},
        },
        "required": ["question"],
    },
}


def ask_genie(
    client: GenieClient, space_id: str, question: str, conversation_id: str | None = None
) -> dict[str, Any]:
    """Run one ``ask_genie`` tool call and return the tool result for the model."""
    try:
        answer = client.ask(space_id, question, conversation_id=conversation_id)
    except GenieError as error:
        return {"is_error": True, "content": f"Genie could not answer: {error}"}
    parts = []
    if answer.clarification:
        parts.append(f"Genie needs a clarification: {answer.clarification}")
    if answer.text:
        parts.append(answer.text)
    if answer.sql:
        parts.append(f"SQL:\n```sql\n{answer.sql}\n```")
    if answer.result is not None:
        parts.append(answer.result.to_markdown(max_rows=10))
    parts.append(f"conversation_id: {answer.conversation_id}")
    return {"is_error": False, "content": "\n\n".join(parts)}


with backend() as genie, genie.client() as client:
    print("Tool definition sent to the model:")
    print(json.dumps(ASK_GENIE_TOOL, indent=2))

    # The model asks a question, then follows up in the same Genie conversation.
    first = ask_genie(client, genie.space_id, "top 10 products")
    print("\nTool result 1:\n" + first["content"])
    # The model reads the conversation id at the end of the result and passes it back.
    conversation_id = first["content"].rsplit("conversation_id: ", 1)[1]
    second = ask_genie(client, genie.space_id, "only for 2024", conversation_id)
    print("\nTool result 2:\n" + second["content"])

    # A bad call comes back as a tool error, not an exception.
    failed = ask_genie(client, genie.space_id, "total sales", "no-such-conversation")
    print("\nTool result 3 (is_error={is_error}):\n{content}".format(**failed))
