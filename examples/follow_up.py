"""Follow-up questions: a conversation remembers earlier questions, so you can narrow them down."""

from __future__ import annotations

from _backend import backend

with backend() as genie, genie.client() as client:
    # A Conversation starts on the first question; the next ones are follow-ups in it.
    conversation = client.conversation(genie.space_id)

    first = conversation.ask("total sales by region")
    print("Q: total sales by region")
    print(first.result.to_markdown() if first.result else first.text)

    narrowed = conversation.ask("only for 2024")
    print("\nQ: only for 2024  (same conversation:", narrowed.conversation_id, ")")
    print(narrowed.sql)
    print(narrowed.result.to_markdown() if narrowed.result else narrowed.text)

    # An Answer can follow up too, without a Conversation object.
    top = narrowed.follow_up("top 10 products")
    print("\nQ: top 10 products")
    print(top.result.to_markdown(max_rows=3) if top.result else top.text)

    # When the question is unclear Genie asks back instead of answering: show its question.
    unclear = conversation.ask("banana smoothie")
    if unclear.clarification:
        print("\nGenie asks back:", unclear.clarification)

    print("\nSuggested next questions:", "; ".join(first.suggested_questions))
