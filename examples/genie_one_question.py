"""Genie One: a question over all the data you can read, streamed, then its conversation."""

from __future__ import annotations

import sys

from _backend import backend

from genie_sdk import AnswerReady, TextReady

question = " ".join(sys.argv[1:]) or "total sales by region"

with backend() as genie, genie.client() as client:
    answer = None
    for event in client.genie_one.stream(question):
        if isinstance(event, TextReady):
            print(event.text)
        elif isinstance(event, AnswerReady):
            answer = event.answer
    assert answer is not None
    for asset in answer.annotations:
        print(f"source: {asset.asset_type} {asset.identifier}")
    response = client.genie_one.get_response(answer.conversation_id, answer.response_id)
    print(f"response status: {response.status}")
    items = list(client.genie_one.conversations.items(answer.conversation_id))
    print(f"items in the conversation: {len(items)}")
