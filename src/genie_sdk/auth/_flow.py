"""Effects yielded by the sans-I/O token flows, and the small loops that perform them.

A flow is a generator that yields effects and receives their results:

* ``httpx.Request`` -- send the API request being authenticated (its response is not read);
* `Fetch` -- send a token or discovery request and read its response;
* `Sleep` -- wait before retrying a token request;
* `Wait` -- wait for a refresh running in another thread or task;
* `Blocking` -- run blocking local work (a subprocess, waiting for the browser) for a result.

Errors raised while performing an effect are thrown back into the flow. Three drivers exist: inside
``httpx.Client`` (`drive_sync`), inside ``httpx.AsyncClient`` (`drive_async`), and
stand-alone with a client of our own (`run_sync`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from genie_sdk._core.steps import Sleep, Stepper
from genie_sdk.auth._tokens import Wait

__all__ = ["Blocking", "Effect", "Fetch", "Flow", "Sleep", "drive_async", "drive_sync", "run_sync"]

T = TypeVar("T")


@dataclass(frozen=True)
class Fetch:
    """Send ``request`` (a token or discovery request) and return its fully read response."""

    request: httpx.Request


@dataclass(frozen=True)
class Blocking:
    """Run ``function`` (blocking local work) and return its result; async drivers use a thread."""

    function: Callable[[], Any]


Effect = httpx.Request | Fetch | Sleep | Wait | Blocking
Flow = Generator[Effect, Any, T]


def _perform_local(effect: Sleep | Wait | Blocking) -> Any:
    if isinstance(effect, Sleep):
        time.sleep(effect.seconds)
        return None
    if isinstance(effect, Wait):
        effect.flight.wait()
        return None
    return effect.function()


async def _perform_local_async(effect: Sleep | Wait | Blocking) -> Any:
    if isinstance(effect, Sleep):
        await asyncio.sleep(effect.seconds)
        return None
    if isinstance(effect, Wait):
        await effect.flight.wait_async()
        return None
    return await asyncio.to_thread(effect.function)


def _request_of(effect: httpx.Request | Fetch) -> httpx.Request:
    return effect if isinstance(effect, httpx.Request) else effect.request


def drive_sync(
    flow: Flow[None], *, replayable: httpx.Request | None = None
) -> Generator[httpx.Request, httpx.Response, None]:
    """Run ``flow`` as an ``httpx`` sync auth flow: requests go through the calling client.

    The body of ``replayable`` is read first so that the request can be sent twice.
    """
    steps = Stepper(flow)
    with contextlib.closing(flow):
        if replayable is not None:
            replayable.read()
        for effect in steps:
            with steps.feeding():
                if isinstance(effect, Sleep | Wait | Blocking):
                    steps.value = _perform_local(effect)
                else:
                    steps.value = yield _request_of(effect)
                    if isinstance(effect, Fetch):
                        steps.value.read()


async def drive_async(
    flow: Flow[None], *, replayable: httpx.Request | None = None
) -> AsyncGenerator[httpx.Request, httpx.Response]:
    """Run ``flow`` as an ``httpx`` async auth flow: requests go through the calling client.

    The body of ``replayable`` is read first so that the request can be sent twice.
    """
    steps = Stepper(flow)
    with contextlib.closing(flow):
        if replayable is not None:
            await replayable.aread()
        for effect in steps:
            with steps.feeding():
                if isinstance(effect, Sleep | Wait | Blocking):
                    steps.value = await _perform_local_async(effect)
                else:
                    steps.value = yield _request_of(effect)
                    if isinstance(effect, Fetch):
                        await steps.value.aread()


def run_sync(flow: Flow[T], client: httpx.Client) -> T:
    """Run ``flow`` to completion outside any auth flow, sending its requests with ``client``."""
    steps = Stepper(flow)
    with contextlib.closing(flow):
        for effect in steps:
            with steps.feeding():
                if isinstance(effect, Sleep | Wait | Blocking):
                    steps.value = _perform_local(effect)
                else:
                    steps.value = client.send(
                        _request_of(effect), auth=None, follow_redirects=False
                    )
    result: T = steps.result
    return result
