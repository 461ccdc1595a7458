"""GET a URL with an ``httpx.Auth`` through ``httpx.Client`` or ``httpx.AsyncClient``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

Get = Callable[[httpx.Auth, str], httpx.Response]


def sync_get(auth: httpx.Auth, url: str) -> httpx.Response:
    with httpx.Client() as client:
        return client.send(client.build_request("GET", url), auth=auth)


def async_get(auth: httpx.Auth, url: str) -> httpx.Response:
    async def run() -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.send(client.build_request("GET", url), auth=auth)

    return asyncio.run(run())


GETS: dict[str, Get] = {"sync": sync_get, "async": async_get}
"""The GET of each client kind."""
