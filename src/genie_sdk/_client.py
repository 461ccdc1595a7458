"""The synchronous client."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType

import httpx
from typing_extensions import Self, Unpack

from genie_sdk._answer import Answer, Conversation
from genie_sdk._base_client import BaseClient
from genie_sdk._binding import Sync
from genie_sdk._options import AskOptions, ClientOptions
from genie_sdk._transport.senders import SyncSender
from genie_sdk.conversation import plans
from genie_sdk.conversation.drivers import SyncRunner
from genie_sdk.errors import GenieError

__all__ = ["GenieClient"]


class GenieClient(BaseClient[Sync]):
    """Synchronous client of the Genie Conversation API.

    Args:
        host: Workspace URL; from ``DATABRICKS_HOST`` or the config profile when omitted.
        http_client: An ``httpx.Client`` to send with, used as is and not closed by this client.
        sleep: Function used to wait between polls and retries (inject one in tests).
        **options: See :class:`~genie_sdk.ClientOptions` (``auth``, ``profile``, ``timeout``,
            ``max_retries``, ``polling``, ``rate_limit``, ...).

    Use it as a context manager, or call :meth:`close`, to release its connections.
    """

    def __init__(
        self,
        host: str | None = None,
        *,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        pipeline = self._configure(host, options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=False)
        sender = SyncSender(self._http, pipeline, sleep)
        self._attach(SyncRunner(sender, sleep, lambda data: Answer.of(data, self)))

    def close(self) -> None:
        """Close the connections this client opened."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def conversation(self, space_id: str, conversation_id: str | None = None) -> Conversation:
        """Return a :class:`Conversation` that asks follow-ups in one conversation."""
        return Conversation(self, space_id, conversation_id)

    def ask_many(
        self,
        space_id: str,
        questions: Iterable[str],
        *,
        concurrency: int = 4,
        **options: Unpack[AskOptions],
    ) -> list[Answer | GenieError]:
        """Ask many questions from ``concurrency`` threads, each in a new conversation.

        Returns one entry per question, in order: its :class:`Answer` or the error it ended with.
        """
        batch = plans.check_batch(space_id, questions, concurrency)

        def one(question: str) -> Answer | GenieError:
            try:
                return self.ask(space_id, question, **options)
            except GenieError as error:
                return error

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(one, batch))
