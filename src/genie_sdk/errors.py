"""Exceptions raised by genie-sdk.

Every exception derives from [`GenieError`][genie_sdk.errors.GenieError]. HTTP failures become
[`ApiError`][genie_sdk.errors.ApiError] subclasses chosen by status code and refined by the
Databricks ``error_code``; network failures become
[`TransportError`][genie_sdk.errors.TransportError]; the conversation helper raises the message-
and query-level errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genie_sdk.models.messages import Message, MessageError
    from genie_sdk.models.statements import StatementResponse

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "DecodeError",
    "DefinitionError",
    "DownloadError",
    "EvalRunError",
    "EvalTimeoutError",
    "FeatureDisabledError",
    "GenieError",
    "MessageCancelledError",
    "MessageFailedError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "QueryFailedError",
    "RateLimitError",
    "ResponseFailedError",
    "ResponseTimeoutError",
    "ResponseTooLargeError",
    "RetargetError",
    "ServerError",
    "SpaceDriftError",
    "StreamInterruptedError",
    "TransportError",
]


class GenieError(Exception):
    """Base class of every error raised by genie-sdk.

    Errors raised while a question is in flight carry the ids needed to resume it with
    ``client.wait(space_id, conversation_id, message_id)``; they are ``None`` otherwise.
    """

    space_id: str | None = None
    conversation_id: str | None = None
    message_id: str | None = None


class ConfigurationError(GenieError, ValueError):
    """The client could not be configured: host or credentials missing or contradictory."""


class TransportError(GenieError):
    """The request failed on the network (connect, read, write or protocol error).

    ``request_sent`` tells whether the request may have reached the server: when it is ``False``
    the server certainly did not act on it.
    """

    def __init__(self, message: str, *, method: str, path: str, request_sent: bool) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.request_sent = request_sent


class DecodeError(GenieError):
    """A response could not be decoded into the expected model."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class ResponseTooLargeError(DecodeError):
    """A response was larger than the SDK reads, on the wire or once inflated; reading stopped.

    API answers are read up to 64 MiB (the inline result is capped at 5,000 rows, about
    25 MB); the chunks of a full-result download up to the client option ``max_chunk_bytes``.

    Attributes:
        limit: The limit the response went past, in bytes.
    """

    def __init__(
        self, message: str, *, limit: int | None = None, status_code: int | None = None
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.limit = limit


class ApiError(GenieError):
    """The API answered with an error status.

    Attributes:
        status_code: HTTP status of the response.
        error_code: Databricks error code such as ``RESOURCE_DOES_NOT_EXIST`` (``None`` if absent).
        message: Human-readable message from the server.
        request_id: Request id from the error details or the ``x-request-id`` header.
        retry_after: Seconds the server asked to wait before retrying, when given.
        details: The parsed ``details`` entries of the error body.
        body: The response body as text (error pages are read up to their first 64 KiB).
        method: The request's HTTP method.
        path: The request's path on the workspace, without its query (``<external link>`` for
            pre-signed download links, whose URLs carry signatures).
    """

    def __init__(
        self,
        status_code: int,
        error_code: str | None,
        message: str,
        *,
        request_id: str | None = None,
        retry_after: float | None = None,
        details: Sequence[Mapping[str, Any]] = (),
        body: str = "",
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.error_code = error_code
        self.message = message
        self.request_id = request_id
        self.retry_after = retry_after
        self.details = list(details)
        self.body = body
        self.method = method
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        code = f" {self.error_code}" if self.error_code else ""
        request = f" (request id {self.request_id})" if self.request_id else ""
        return f"{self.status_code}{code}: {self.message}{request}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_api_error,
            (type(self), self.status_code, self.error_code, self.message, self.__dict__),
        )


def _rebuild_api_error(
    cls: type[ApiError],
    status_code: int,
    error_code: str | None,
    message: str,
    state: dict[str, Any],
) -> ApiError:
    error = cls(status_code, error_code, message)
    error.__dict__.update(state)
    return error


class BadRequestError(ApiError):
    """HTTP 400: the request was invalid."""


class AuthenticationError(ApiError):
    """HTTP 401: the credentials are missing, invalid or expired."""


class PermissionDeniedError(ApiError):
    """HTTP 403: the caller lacks a permission (on the space, its warehouse or its tables)."""


class NotFoundError(ApiError):
    """HTTP 404: the space, conversation, message or attachment does not exist."""


class FeatureDisabledError(NotFoundError):
    """HTTP 404 ``FEATURE_DISABLED``: the API is a preview that is not turned on in this workspace.

    A workspace admin turns it on under Previews ("Genie Agents Agent Mode API", "Genie One API").
    """


class ConflictError(ApiError):
    """HTTP 409: the resource changed or already exists."""


class RateLimitError(ApiError):
    """HTTP 429: too many requests; ``retry_after`` says how long to wait when the server told."""


class ServerError(ApiError):
    """HTTP 5xx: the service failed or is temporarily unavailable."""


class MessageFailedError(GenieError):
    """Genie could not answer: the message ended ``FAILED``.

    ``error`` carries the [`MessageError`][genie_sdk.models.MessageError] (its ``type`` and text).
    """

    def __init__(self, message: Message) -> None:
        self.message = message
        self.error: MessageError | None = message.error
        self.space_id = message.space_id
        self.conversation_id = message.conversation_id
        self.message_id = message.message_id
        kind = f" [{self.error.type}]" if self.error and self.error.type else ""
        text = self.error.error if self.error and self.error.error else "no error text"
        super().__init__(f"Genie message {self.message_id} failed{kind}: {text}")

    @property
    def error_type(self) -> str | None:
        """The ``MessageErrorType`` of the failure, when the server gave one."""
        return str(self.error.type) if self.error and self.error.type else None


class MessageCancelledError(GenieError):
    """The message ended ``CANCELLED`` (for example because the warehouse stopped)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.space_id = message.space_id
        self.conversation_id = message.conversation_id
        self.message_id = message.message_id
        super().__init__(f"Genie message {self.message_id} was cancelled")


class PollTimeoutError(GenieError, TimeoutError):
    """Waiting for a message (or a statement or download) took longer than the polling timeout.

    Carries the ids needed to resume with ``client.wait(space_id, conversation_id, message_id)``.
    """

    def __init__(
        self,
        *,
        space_id: str,
        conversation_id: str,
        message_id: str,
        last_status: str | None,
        elapsed: float,
        what: str = "message",
    ) -> None:
        self.space_id = space_id
        self.conversation_id = conversation_id
        self.message_id = message_id
        self._ids = (space_id, conversation_id, message_id)
        self.last_status = last_status
        self.elapsed = elapsed
        super().__init__(
            f"gave up waiting for {what} after {elapsed:.1f}s (last status {last_status}); "
            f"resume with wait({space_id!r}, {conversation_id!r}, {message_id!r})"
        )

    @property
    def ids(self) -> tuple[str, str, str]:
        """``(space_id, conversation_id, message_id)``: ``client.wait(*error.ids)`` resumes."""
        return self._ids


class QueryFailedError(GenieError):
    """The SQL statement behind an answer failed or was cancelled."""

    def __init__(self, statement: StatementResponse, *, message_id: str | None = None) -> None:
        self.statement = statement
        self.statement_id = statement.statement_id
        self.message_id = message_id
        status = statement.status
        error = status.error if status else None
        self.state = str(status.state) if status and status.state else None
        self.error_code = str(error.error_code) if error and error.error_code else None
        self.sql_state = status.sql_state if status else None
        text = error.message if error and error.message else "no error message"
        code = f" [{self.error_code}]" if self.error_code else ""
        super().__init__(f"statement {self.statement_id} ended {self.state}{code}: {text}")


class DownloadError(GenieError):
    """A full-result download failed (the export failed or a link could not be fetched)."""


class ResponseFailedError(GenieError):
    """An agent-mode or Genie One response ended without an answer (``failed``, ``incomplete``,
    ``cancelled``).

    Attributes:
        status: The response's last status.
        error: The server's error text, when it gave one.
        response_id: The response.
        conversation_id: Its conversation.
        agent_id: The Genie Agent that answered (``None`` for Genie One).
    """

    def __init__(
        self,
        status: str,
        error: str | None,
        *,
        response_id: str,
        conversation_id: str,
        agent_id: str | None = None,
    ) -> None:
        self.status = status
        self.error = error
        self.response_id = response_id
        self.conversation_id = conversation_id
        self.agent_id = agent_id
        super().__init__(
            f"response {response_id} in conversation {conversation_id} ended {status}: "
            f"{error or 'no error text'}"
        )


class ResponseTimeoutError(GenieError, TimeoutError):
    """An accepted agent-mode or Genie One response did not finish within the polling timeout.

    The response goes on running on the server: read it later with the ids it carries
    (``client.agent_mode.items(agent_id, conversation_id)`` or
    ``client.genie_one.get_response(conversation_id, response_id)``).
    """

    def __init__(
        self,
        *,
        response_id: str,
        conversation_id: str,
        agent_id: str | None,
        elapsed: float,
        hint: str,
    ) -> None:
        self.response_id = response_id
        self.conversation_id = conversation_id
        self.agent_id = agent_id
        self.elapsed = elapsed
        super().__init__(f"gave up waiting for response {response_id} after {elapsed:.1f}s; {hint}")


class StreamInterruptedError(GenieError):
    """A streamed question's connection ended before the server said it had accepted it.

    The question may or may not have been accepted: it was not sent again, since a second POST
    can start a second response. The error's text says where to look (the conversation's items,
    or the list of conversations) before asking again.

    Attributes:
        cause: What ended the stream.
        conversation_id: The conversation asked in, when the caller named one.
        agent_id: The Genie Agent asked (``None`` for Genie One).
    """

    def __init__(
        self, cause: str, hint: str, *, conversation_id: str | None, agent_id: str | None
    ) -> None:
        self.cause = cause
        self.conversation_id = conversation_id
        self.agent_id = agent_id
        super().__init__(
            f"the stream ended before the question was acknowledged ({cause}); it may or may not "
            f"have been accepted and was not sent again: {hint}"
        )


class EvalRunError(GenieError):
    """An evaluation run ended without finishing: ``EVALUATION_FAILED``, ``_CANCELLED`` or
    ``_TIMEOUT``."""

    def __init__(self, space_id: str, eval_run_id: str, status: str | None) -> None:
        self.space_id = space_id
        self.eval_run_id = eval_run_id
        self.status = status
        super().__init__(f"evaluation run {eval_run_id} of space {space_id} ended {status}")


class EvalTimeoutError(GenieError, TimeoutError):
    """Waiting for an evaluation run took longer than the polling timeout.

    The run goes on: read it later with ``client.eval_runs.get(space_id, eval_run_id)``.
    """

    def __init__(
        self, space_id: str, eval_run_id: str, *, last_status: str | None, elapsed: float
    ) -> None:
        self.space_id = space_id
        self.eval_run_id = eval_run_id
        self.last_status = last_status
        self.elapsed = elapsed
        super().__init__(
            f"gave up waiting for evaluation run {eval_run_id} after {elapsed:.1f}s "
            f"(last status {last_status})"
        )


class DefinitionError(GenieError, ValueError):
    """A space definition could not be read: the message names the file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.field = field
        where = ":".join(str(p) for p in (source, line) if p is not None)
        prefix = f"{where}: " if where else ""
        at = f" (field {field})" if field else ""
        super().__init__(f"{prefix}{message}{at}")


class SpaceDriftError(GenieError):
    """A push was refused because the space changed since its etag was read; nothing was lost.

    Attributes:
        space_id: The space pushed to.
        etag: The etag the push expected.
        current_etag: The space's etag now.
        diff: What the live space holds that the pushed definition does not, and the reverse:
            `diff.changes` lists them by kind and id (``str(diff)`` shows them).
    """

    def __init__(
        self, space_id: str, *, etag: str | None, current_etag: str | None, diff: Any
    ) -> None:
        self.space_id = space_id
        self.etag = etag
        self.current_etag = current_etag
        self.diff = diff
        super().__init__(
            f"space {space_id} changed since etag {etag} was read (now {current_etag}); "
            f"nothing was pushed. The live space differs from your definition:\n{diff}"
        )


class RetargetError(GenieError, ValueError):
    """A clone's retarget map leaves references unmapped; nothing was created.

    Attributes:
        unmapped: The catalog.schema (or table) references the map does not cover.
    """

    def __init__(self, unmapped: Sequence[str]) -> None:
        self.unmapped = list(unmapped)
        super().__init__(
            "the retarget map leaves these references unmapped (nothing was created): "
            + ", ".join(self.unmapped)
        )
