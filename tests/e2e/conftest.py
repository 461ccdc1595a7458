"""End-to-end fixtures: a client of each kind on the session's simulator, over real loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.clients import EitherClient


@pytest.fixture
def live(make_live: Callable[..., EitherClient]) -> EitherClient:
    return make_live()
