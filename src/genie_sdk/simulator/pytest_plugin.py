"""pytest fixtures for testing code against the Genie simulator (registered automatically).

``genie_simulator`` gives each test a fresh simulator state on a server shared by the session,
with the POST rate limit off, messages advancing one step per poll (``advance="poll"``) and
browser logins approved at once (``oauth_auto_approve``).
Change settings per test with a marker::

    @pytest.mark.genie_simulator(download_format="CSV", rate_limit=5)
    def test_export(genie_simulator): ...

Importing this module needs only pytest; without the ``simulator`` extra the fixtures skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from genie_sdk.simulator.http.server import GenieSimulator

__all__ = ["genie_simulator", "genie_simulator_server"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``genie_simulator`` marker."""
    config.addinivalue_line(
        "markers", "genie_simulator(**settings): settings for the genie_simulator fixture"
    )


@pytest.fixture(scope="session")
def genie_simulator_server() -> Iterator[GenieSimulator]:
    """One running simulator for the whole session (see the module's settings)."""
    try:
        from genie_sdk.simulator.http.server import GenieSimulator
    except ImportError as exc:
        pytest.skip(f"the Genie simulator needs genie-sdk[simulator]: {exc}")
    with GenieSimulator(rate_limit=None, advance="poll", oauth_auto_approve=True) as sim:
        yield sim


@pytest.fixture
def genie_simulator(
    genie_simulator_server: GenieSimulator, request: pytest.FixtureRequest
) -> GenieSimulator:
    """The session's simulator, reset to a fresh state (plus any ``genie_simulator`` marker)."""
    marker = request.node.get_closest_marker("genie_simulator")
    genie_simulator_server.reset(**(marker.kwargs if marker else {}))
    return genie_simulator_server
