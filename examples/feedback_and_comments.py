"""Rate answers and leave comments, so space authors can improve their Genie space."""

from __future__ import annotations

from _backend import backend

with backend() as genie, genie.client() as client:
    answer = client.ask(genie.space_id, "top 10 products")

    # Thumbs up or down (NONE clears the rating), with an optional comment.
    answer.send_feedback("NEGATIVE", comment="I expected units, not revenue")
    answer.send_feedback("POSITIVE")
    message = client.messages.get(*answer.ids)
    print("feedback on the message:", message.feedback.rating if message.feedback else None)

    # Comments are kept on the message for the space's authors.
    space, conversation, message_id = answer.ids
    client.messages.create_comment(space, conversation, message_id, "Great for the QBR deck")
    client.messages.create_comment(space, conversation, message_id, "Add margin next time")

    for comment in client.messages.list_comments(space, conversation, message_id):
        print("comment:", comment.content)

    # Every comment of a conversation, across its messages.
    count = sum(1 for _ in client.conversations.list_comments(space, conversation))
    print("comments in the conversation:", count)
