"""Turn expected failures into one red line, a hint and an exit code, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from genie_sdk.auth import LoginRequiredError
from genie_sdk.cli.inert import inert
from genie_sdk.errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    GenieError,
    MessageCancelledError,
    MessageFailedError,
    NotFoundError,
    PermissionDeniedError,
    PollTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
)

__all__ = [
    "EXIT_API",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "EXPECTED",
    "Failure",
    "describe",
    "report",
]

EXIT_API = 1
"""The service answered with an error, or Genie could not answer."""
EXIT_USAGE = 2
"""Bad arguments or configuration (the same code click uses for usage errors)."""
EXIT_TIMEOUT = 3
"""Gave up waiting; the message may still finish (see ``genie messages wait``)."""
EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl+C."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (``| head``): 128 + SIGPIPE, as for other programs."""

EXPECTED: tuple[type[Exception], ...] = (GenieError, ValueError, OSError, ImportError)
"""Exceptions reported as a message; anything else is a bug and keeps its traceback."""

_LOGIN_HINT = "set DATABRICKS_HOST and DATABRICKS_TOKEN, pass --profile, or run `genie auth login`"


@dataclass(frozen=True)
class Failure:
    """What to tell the user about an exception, and the exit code."""

    message: str
    hint: str | None
    exit_code: int


def _resume(error: GenieError) -> str | None:
    if error.space_id and error.conversation_id and error.message_id:
        return (
            "Genie may still finish; resume with: genie messages wait "
            f"{error.space_id} {error.conversation_id} {error.message_id}"
        )
    return None


def _api_hint(error: ApiError) -> str | None:
    if isinstance(error, AuthenticationError):
        return f"the credentials were refused: {_LOGIN_HINT}"
    if isinstance(error, PermissionDeniedError):
        return (
            "you need CAN RUN on the space, CAN USE on its SQL warehouse and SELECT on its tables"
        )
    if isinstance(error, NotFoundError):
        return "check the ids; `genie spaces list` shows the spaces you can use"
    if isinstance(error, RateLimitError):
        wait = f" (the server asked for {error.retry_after:.0f} s)" if error.retry_after else ""
        return f"Genie allows about 5 questions a minute per workspace; wait and retry{wait}"
    if isinstance(error, ServerError):
        return "the service had a problem; try again in a moment"
    return None


def describe(error: Exception) -> Failure:
    """Return the message, hint and exit code for an expected exception."""
    text = str(error) or type(error).__name__
    if isinstance(error, PollTimeoutError):
        return Failure(text, _resume(error), EXIT_TIMEOUT)
    if isinstance(error, LoginRequiredError):
        return Failure(text, "log in with `genie auth login`", EXIT_USAGE)
    if isinstance(error, (ConfigurationError, ValueError)):
        hint = _LOGIN_HINT if isinstance(error, ConfigurationError) else None
        return Failure(text, hint, EXIT_USAGE)
    if isinstance(error, ApiError):
        return Failure(text, _api_hint(error), EXIT_API)
    if isinstance(error, TransportError):
        return Failure(text, "check the workspace host (--host) and your network", EXIT_API)
    if isinstance(error, MessageFailedError):
        return Failure(text, "rephrase the question or check the space's tables", EXIT_API)
    if isinstance(error, MessageCancelledError):
        return Failure(text, "the SQL warehouse may have stopped; ask again", EXIT_API)
    if isinstance(error, GenieError):
        return Failure(text, None, EXIT_API)
    if isinstance(error, ImportError):
        # The SDK's own messages name the extra to install; others get the one with everything.
        hint = None if "pip install" in text else 'install the extras: pip install "genie-sdk[all]"'
        return Failure(text, hint, EXIT_USAGE)
    return Failure(text, None, EXIT_API)


def report(error: Exception, console: Console) -> int:
    """Print ``error`` as one red line plus a hint; return the exit code.

    Both can quote the server, so they are made inert for the terminal.
    """
    failure = describe(error)
    message = inert(failure.message)
    console.print(Text.assemble(("Error: ", "bold red"), (message, "red")), soft_wrap=True)
    if failure.hint:
        console.print(Text(inert(f"Hint: {failure.hint}"), style="yellow"), soft_wrap=True)
    return failure.exit_code
