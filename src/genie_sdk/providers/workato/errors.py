"""Errors of the Workato headless genie provider: each is a `genie_sdk.errors.GenieError`."""

from __future__ import annotations

from genie_sdk.errors import GenieError

__all__ = ["StreamLostError"]


class StreamLostError(GenieError):
    """A reply's stream dropped and neither reconnecting nor the events endpoint finished it.

    The message was not sent again. Read the reply later with ``client.messages(...)``.

    Attributes:
        conversation_id: The conversation.
        genie_run_id: The run whose events were lost.
    """

    def __init__(self, cause: str, *, conversation_id: str, genie_run_id: str) -> None:
        self.conversation_id = conversation_id
        self.genie_run_id = genie_run_id
        super().__init__(
            f"the reply of run {genie_run_id} could not be read to its end ({cause}); it was not "
            f"asked again: read it later from the history of conversation {conversation_id}"
        )
