"""End-to-end fixtures: a client of each kind on the session's simulator, over real loopback HTTP."""

from __future__ import annotations

import pytest

from tests.support.clients import Client, MakeClient


@pytest.fixture
def live(make_live: MakeClient) -> Client:
    return make_live()
