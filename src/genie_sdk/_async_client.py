"""The asynchronous client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType

import httpx
from typing_extensions import Self, Unpack

from genie_sdk._answer import AsyncAnswer, AsyncConversation
from genie_sdk._base_client import BaseClient
from genie_sdk._binding import Async
from genie_sdk._options import AskOptions, ClientOptions
from genie_sdk._transport.senders import AsyncSender
from genie_sdk.conversation import plans
from genie_sdk.conversation.drivers import AsyncRunner
from genie_sdk.errors import GenieError

__all__ = ["AsyncGenieClient"]

POOL = httpx.Limits(max_connections=100, max_keepalive_connections=20)
"""The connection pool of a client that opens its own: httpx's default limits."""


class AsyncGenieClient(BaseClient[Async]):
    """Asynchronous client of the Genie Conversation API: the surface of ``GenieClient``, awaited.

    Args:
        host: Workspace URL; from ``DATABRICKS_HOST`` or the config profile when omitted.
        http_client: An ``httpx.AsyncClient`` to send with, used as is and not closed here.
        sleep: Coroutine function used to wait between polls and retries.
        **options: See :class:`~genie_sdk.ClientOptions`.

    Use it as an async context manager, or await :meth:`aclose`, to release its connections.
    """

    def __init__(
        self,
        host: str | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        pipeline = self._configure(host, options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=self.timeout, limits=POOL, follow_redirects=False
        )
        in_flight = POOL.max_connections if self._owns_http else None
        sender = AsyncSender(self._http, pipeline, sleep, in_flight)
        self._attach(AsyncRunner(sender, sleep, lambda data: AsyncAnswer.of(data, self)))

    async def aclose(self) -> None:
        """Close the connections this client opened."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def conversation(self, space_id: str, conversation_id: str | None = None) -> AsyncConversation:
        """Return an :class:`AsyncConversation` that asks follow-ups in one conversation."""
        return AsyncConversation(self, space_id, conversation_id)

    async def ask_many(
        self,
        space_id: str,
        questions: Iterable[str],
        *,
        concurrency: int = 4,
        **options: Unpack[AskOptions],
    ) -> list[AsyncAnswer | GenieError]:
        """Ask many questions as tasks, ``concurrency`` at a time, each in a new conversation.

        Returns one entry per question, in order: its answer or the error it ended with.
        """
        batch = plans.check_batch(space_id, questions, concurrency)
        gate = asyncio.Semaphore(concurrency)

        async def one(question: str) -> AsyncAnswer | GenieError:
            async with gate:
                try:
                    return await self.ask(space_id, question, **options)
                except GenieError as error:
                    return error

        return list(await asyncio.gather(*(one(question) for question in batch)))
