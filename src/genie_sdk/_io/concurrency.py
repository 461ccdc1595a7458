"""Running one function over many items, a bounded number at a time: tasks or threads."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["map_in_tasks", "map_in_threads"]


async def map_in_tasks(
    function: Callable[[T], Awaitable[R]], items: Iterable[T], concurrency: int
) -> list[R]:
    """Await ``function`` on every item as tasks, ``concurrency`` at a time; results in order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(item: T) -> R:
        async with gate:
            return await function(item)

    return list(await asyncio.gather(*(one(item) for item in items)))


def map_in_threads(function: Callable[[T], R], items: Iterable[T], concurrency: int) -> list[R]:
    """Call ``function`` on every item from ``concurrency`` threads; results in order."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(function, items))
