"""Fixtures for the unit tests: clients of both kinds on the mocked workspace, in fake time."""

from __future__ import annotations

from typing import Any

import pytest

from genie_sdk.auth import PAT
from tests.support.clients import Client, MakeClient
from tests.support.clocks import FakeClock
from tests.support.workspace import HOST


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_genie(make_client: MakeClient, clock: FakeClock) -> MakeClient:
    """``make_genie(**options)``: a client on the mocked workspace, sleeping on ``clock``."""

    def make(**options: Any) -> Client:
        options.setdefault("auth", PAT("dapi-test-token"))
        return make_client(HOST, time=clock, **options)

    return make


@pytest.fixture
def genie(make_genie: MakeClient) -> Client:
    return make_genie()
