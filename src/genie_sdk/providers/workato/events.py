"""Events of headless genies that need an answer from the caller, in the SDK's event family.

They are [`Event`][genie_sdk.Event] subclasses: a stream of a genie's reply yields them beside
[`StatusChanged`][genie_sdk.StatusChanged], `ReasoningStep`,
`TextReady` and [`AnswerReady`][genie_sdk.AnswerReady].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genie_sdk._core.events import Event

__all__ = ["ConnectionAuthRequired", "ConnectionAuthorized", "SkillConfirmationRequired"]


@dataclass(frozen=True)
class SkillConfirmationRequired(Event):
    """The genie paused: a skill call waits for approval (``approve`` or ``reject`` it by
    ``call_id``)."""

    call_id: str
    skill: str | None = None
    """The skill's name, when the server gives it."""
    arguments: dict[str, Any] = field(default_factory=dict, repr=False)
    """The arguments the skill would run with."""


@dataclass(frozen=True)
class ConnectionAuthRequired(Event):
    """A runtime connection needs the user to authenticate before the skill can run.

    Show ``auth_url`` to the user (or ask the client for a fresh link with the attempt id);
    the genie resumes once they have, with `ConnectionAuthorized`.
    """

    attempt_id: str
    """The ``runtime_connection_attempt_id``."""
    auth_url: str | None = None
    """The link to authenticate at, when the event carries one."""
    connection: str | None = None
    """The connection's name, when the server gives it."""


@dataclass(frozen=True)
class ConnectionAuthorized(Event):
    """The user authenticated the runtime connection; the genie goes on."""

    attempt_id: str | None = None
