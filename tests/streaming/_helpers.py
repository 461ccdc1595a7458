"""Reading event streams of either client kind from a plain test."""

from __future__ import annotations

from typing import Any

from genie_sdk import Event
from tests.support.clients import Client


def collect_until_error(client: Client, events: Any) -> tuple[list[Event], Exception | None]:
    """Every event a sync or async stream yields, and the error it ends with (or ``None``)."""
    step = Stepper(client, events)
    seen: list[Event] = []
    try:
        while True:
            seen.append(step.next())
    except (StopIteration, StopAsyncIteration):
        return seen, None
    except Exception as error:
        return seen, error


class Stepper:
    """Take the events of a sync or async stream one at a time."""

    def __init__(self, client: Client, events: Any) -> None:
        self.client = client
        self.events = events

    def next(self) -> Any:
        """The next event (``StopIteration``/``StopAsyncIteration`` at the end)."""
        if hasattr(self.events, "__anext__"):
            return self.client(self.events.__anext__())
        return next(self.events)
