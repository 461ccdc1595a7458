"""The provider protocol: any conversational data API behind one question → events → answer shape.

A provider turns a question, plus the handle of a conversation to continue, into the SDK's one
event family ([`Event`][genie_sdk.Event]) ending in [`AnswerReady`][genie_sdk.AnswerReady]
with a [`ProviderAnswer`][genie_sdk.providers.ProviderAnswer].
Code written against [`Provider`][genie_sdk.providers.Provider] (or
[`AsyncProvider`][genie_sdk.providers.AsyncProvider]) works with Genie, Secoda AI and
Workato's headless genies alike.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from genie_sdk._core.answer import MessageIds
    from genie_sdk._core.events import Event, ResponseIds
    from genie_sdk.results import QueryResult

__all__ = [
    "AsyncFeedbackProvider",
    "AsyncProvider",
    "FeedbackProvider",
    "OnEvent",
    "Provider",
    "ProviderAnswer",
    "Reference",
]

OnEvent = Callable[["Event"], None]


@dataclass(frozen=True)
class Reference:
    """A source an answer cites: a catalog entity, a table, a document or a link."""

    title: str | None
    """What the source is called."""
    id: str | None = None
    """The provider's id of the source."""
    kind: str | None = None
    """What sort of source it is (``table``, ``dashboard``, ``url``...), as the provider says."""
    url: str | None = None
    """Where to read it, when the provider gives a link."""


@dataclass(frozen=True)
class ProviderAnswer:
    """A provider's final answer, in the same shape whichever provider answered."""

    provider: str
    """Which provider answered: ``genie``, ``secoda`` or ``workato``."""
    text: str | None
    """The answer text (Markdown for most providers), or ``None`` when there is none."""
    conversation: str | None
    """The handle to pass as ``conversation=`` to ask a follow-up in the same conversation."""
    ids: MessageIds | ResponseIds | None = None
    """What resumes or identifies this answer at the provider."""
    references: list[Reference] = field(default_factory=list)
    """The sources the answer cites."""
    sql: str | None = None
    """The SQL that computed the answer, when the provider wrote one."""
    result: QueryResult | None = field(default=None, repr=False)
    """That SQL's rows, typed, when the provider returns them."""
    suggested_questions: list[str] = field(default_factory=list)
    """Questions the provider suggests asking next."""
    raw: Any = field(default=None, repr=False, compare=False)
    """The provider's own answer object (``Answer``, ``SecodaAnswer``, ``GenieReply``)."""

    def __str__(self) -> str:
        return self.text or self.sql or f"<no answer text from {self.provider}>"


@runtime_checkable
class Provider(Protocol):
    """A conversational data API asked from synchronous code."""

    name: str
    """Short name of the provider (``genie``, ``secoda``, ``workato``)."""

    def ask(
        self, question: str, *, conversation: str | None = None, on_event: OnEvent | None = None
    ) -> ProviderAnswer:
        """Ask ``question`` (a follow-up in ``conversation`` when given) and return the answer.

        ``on_event`` hears every progress event as it happens.
        """
        ...

    def ask_events(self, question: str, *, conversation: str | None = None) -> Iterator[Event]:
        """Ask ``question`` and yield progress events; the last is ``AnswerReady`` (or ``Failed``,
        just before the error is raised)."""
        ...


@runtime_checkable
class FeedbackProvider(Provider, Protocol):
    """A provider that takes feedback on its answers."""

    def send_feedback(
        self, answer: ProviderAnswer, helpful: bool, comment: str | None = None
    ) -> None:
        """Tell the provider whether ``answer`` helped, with an optional comment."""
        ...


@runtime_checkable
class AsyncProvider(Protocol):
    """A conversational data API asked from async code."""

    name: str
    """Short name of the provider (``genie``, ``secoda``, ``workato``)."""

    async def ask(
        self, question: str, *, conversation: str | None = None, on_event: OnEvent | None = None
    ) -> ProviderAnswer:
        """Ask ``question`` (a follow-up in ``conversation`` when given) and return the answer."""
        ...

    def ask_events(self, question: str, *, conversation: str | None = None) -> AsyncIterator[Event]:
        """Ask ``question`` and yield progress events; the last is ``AnswerReady``."""
        ...


@runtime_checkable
class AsyncFeedbackProvider(AsyncProvider, Protocol):
    """An async provider that takes feedback on its answers."""

    async def send_feedback(
        self, answer: ProviderAnswer, helpful: bool, comment: str | None = None
    ) -> None:
        """Tell the provider whether ``answer`` helped, with an optional comment."""
        ...
