"""Errors in words a user understands, and what retrying means for each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from genie_sdk import MessageIds
from genie_sdk.errors import (
    AuthenticationError,
    ConfigurationError,
    FeatureDisabledError,
    GenieError,
    MessageCancelledError,
    MessageFailedError,
    NotFoundError,
    PermissionDeniedError,
    PollTimeoutError,
    QueryFailedError,
    RateLimitError,
    ResponseFailedError,
    ServerError,
    TransportError,
)
from genie_sdk.providers.secoda import PromptFailedError, SecodaTimeoutError
from genie_sdk.providers.workato import StreamLostError

__all__ = ["Failure", "Recovery", "explain"]

Recovery = Literal["resume", "resend", "ask_again"]
"""``resume``: wait for the same message again (nothing is re-asked); ``resend``: send the
question again, which is safe because the server never accepted it; ``ask_again``: the
message ended, so only a new question helps."""

_FAILURE_HINTS = {
    "WAREHOUSE_ACCESS_MISSING_EXCEPTION": "The SQL warehouse of this space cannot be used: "
    "ask its owner for CAN USE on the warehouse.",
    "WAREHOUSE_NOT_FOUND_EXCEPTION": "The SQL warehouse of this space no longer exists.",
    "CONTENT_FILTER_EXCEPTION": "The question was blocked by a content filter. Rephrase it.",
    "CONTEXT_EXCEEDED_EXCEPTION": "The conversation has grown too long. Start a new chat.",
    "LOCAL_CONTEXT_EXCEEDED_EXCEPTION": "The conversation has grown too long. Start a new chat.",
    "INVALID_TABLE_IDENTIFIER_EXCEPTION": "A table of this space cannot be read: check SELECT "
    "permissions on its tables.",
    "TABLES_MISSING_EXCEPTION": "A table of this space cannot be found or read.",
    "SQL_EXECUTION_EXCEPTION": "Genie wrote a query that the warehouse could not run. "
    "Try rephrasing the question.",
}


@dataclass(frozen=True)
class Failure:
    """A failed question as the user sees it."""

    title: str
    text: str
    recovery: Recovery | None
    """What the retry button does; ``None``: no button (retrying cannot help)."""
    detail: str
    """The technical error, for a "details" disclosure (no secrets: SDK errors carry none)."""

    @property
    def button(self) -> str | None:
        """The retry button's label."""
        labels = {"resume": "Check again", "resend": "Try again", "ask_again": "Ask again"}
        return labels[self.recovery] if self.recovery else None


def _after(ids: MessageIds | None, *, never_accepted: bool) -> Recovery | None:
    if ids is not None:
        return "resume"
    return "resend" if never_accepted else None


def explain(error: BaseException, ids: MessageIds | None) -> Failure:
    """What to tell the user about ``error``; ``ids`` are the message's, once it was accepted."""
    detail = f"{type(error).__name__}: {error}"
    if isinstance(error, RateLimitError):
        return Failure(
            "Genie is busy",
            "Too many questions were sent to this workspace in the last minute. "
            "Wait a moment, then try again.",
            _after(ids, never_accepted=True),
            detail,
        )
    if isinstance(error, PollTimeoutError):
        return Failure(
            "This is taking longer than usual",
            "Genie is still working on the question. Check again to pick up the answer "
            "without asking again.",
            "resume",
            detail,
        )
    if isinstance(error, MessageCancelledError):
        return Failure(
            "The question was cancelled",
            "It stopped before finishing, for example because the SQL warehouse was stopped. "
            "Ask again when you are ready.",
            "ask_again",
            detail,
        )
    if isinstance(error, MessageFailedError):
        hint = _FAILURE_HINTS.get(error.error_type or "", "Try rephrasing the question.")
        return Failure("Genie could not answer", hint, "ask_again", detail)
    if isinstance(error, QueryFailedError):
        return Failure(
            "The query failed",
            "Genie wrote a query but the SQL warehouse could not run it. "
            "Try rephrasing the question.",
            "ask_again",
            detail,
        )
    if isinstance(error, FeatureDisabledError):
        return Failure(
            "Not turned on in this workspace",
            "This mode is a preview that a workspace admin turns on (Previews page). "
            "Use chat mode meanwhile.",
            None,
            detail,
        )
    if isinstance(error, ResponseFailedError):
        return Failure(
            "Genie could not finish the report",
            "The research stopped without an answer. Try rephrasing the question.",
            "ask_again",
            detail,
        )
    if isinstance(error, ConfigurationError):
        return Failure(
            "Sign-in not forwarded",
            "This app asks Genie as each signed-in user, but no user token came with the "
            "request: turn on user authorization for the app (see the app's README).",
            None,
            detail,
        )
    if isinstance(error, (AuthenticationError, PermissionDeniedError)):
        return Failure(
            "Not allowed",
            "This app may not use the Genie space. It needs CAN RUN on the space, CAN USE on "
            "its SQL warehouse and SELECT on its tables (see the app's README).",
            None,
            detail,
        )
    if isinstance(error, NotFoundError):
        return Failure(
            "Not found",
            "The Genie space or this conversation no longer exists. Start a new chat.",
            None,
            detail,
        )
    if isinstance(error, (TransportError, ServerError)):
        never_sent = isinstance(error, TransportError) and not error.request_sent
        return Failure(
            "Genie could not be reached",
            "The connection to Genie failed. It may be a short outage: try again in a moment.",
            _after(ids, never_accepted=never_sent),
            detail,
        )
    if isinstance(error, PromptFailedError):
        return Failure(
            "Secoda could not answer", "Try rephrasing the question.", "ask_again", detail
        )
    if isinstance(error, SecodaTimeoutError):
        return Failure(
            "This is taking longer than usual",
            "Secoda is still working on the question. Ask again in a while.",
            None,
            detail,
        )
    if isinstance(error, StreamLostError):
        return Failure(
            "The genie's reply was lost",
            "The connection to the genie dropped and its reply could not be recovered. "
            "Its conversation may still show the answer later; ask again to try once more.",
            "ask_again",
            detail,
        )
    if isinstance(error, GenieError):
        return Failure(
            "Something went wrong",
            "Genie sent an answer this app could not read.",
            _after(ids, never_accepted=False),
            detail,
        )
    return Failure("Something went wrong", "The app failed unexpectedly.", None, detail)
