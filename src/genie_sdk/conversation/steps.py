"""The steps a conversation plan asks its driver to perform."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from genie_sdk._transport.call import Call, Page
from genie_sdk.conversation.events import Event

T = TypeVar("T")

__all__ = ["Emit", "Finished", "Plan", "Sleep", "Step"]


@dataclass(frozen=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float


@dataclass(frozen=True)
class Emit:
    """Report a progress event."""

    event: Event | Page[Any]


@dataclass(frozen=True)
class Finished(Generic[T]):
    """The plan returned ``value`` (reported by the runner after the last step)."""

    value: T


Step = Call[Any] | Sleep | Emit
"""One thing a plan asks for: send a call (its value or error is sent back), sleep, or emit."""

Plan = Generator[Step, Any, T]
"""A conversation flow written without I/O: it yields steps and returns its result."""
