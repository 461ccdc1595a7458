"""Answers kept on the server (the page holds only their ids) and fetched again when needed."""

from __future__ import annotations

import threading
from collections import OrderedDict

from genie_sdk import Answer, GenieClient, MessageIds

__all__ = ["AnswerCache"]


class AnswerCache:
    """The most recent answers per user, for paging, charts, insights and downloads.

    A miss (another server process, an evicted entry, a reopened conversation) fetches the answer
    again with ``client.wait``, which for a finished message is two GETs and never re-asks.
    """

    def __init__(self, size: int = 32) -> None:
        self._answers: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def put(self, principal: str, answer: Answer) -> Answer:
        """Remember ``answer`` for ``principal``."""
        with self._lock:
            self._answers[(principal, answer.message_id)] = answer
            self._answers.move_to_end((principal, answer.message_id))
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
        return answer

    def get(self, principal: str, ids: MessageIds, client: GenieClient) -> Answer:
        """The answer of the message ``ids``, from memory or from Genie."""
        with self._lock:
            answer = self._answers.get((principal, ids.message_id))
        if answer is not None and answer.ids == ids:
            return answer
        return self.put(principal, client.wait(*ids))
