"""Where the examples run: your workspace when one is configured, else an embedded simulator.

Set ``DATABRICKS_HOST`` (or ``DATABRICKS_CONFIG_PROFILE``) with credentials, and
``GENIE_SPACE_ID``, to run an example against your workspace; the client finds the credentials
(``DATABRICKS_TOKEN``, ``DATABRICKS_CLIENT_ID``/``_SECRET``, a profile, ...) like the
Databricks CLI. Without them, each example starts a simulated workspace on 127.0.0.1 and uses
its demo space.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator


@dataclass
class Backend:
    """A Genie space to ask in, and how to reach its workspace."""

    space_id: str
    host: str | None = None  # None: DATABRICKS_HOST or the profile's host
    auth: httpx.Auth | None = None  # None: credentials from the environment or a profile
    simulator: GenieSimulator | None = None  # the embedded simulator, when there is one

    def options(self, **options: Any) -> dict[str, Any]:
        """Client options: the simulator moves one status per poll, so poll it quickly."""
        if self.simulator is not None:
            options.setdefault("polling", PollingPolicy(initial=0.05, maximum=0.5))
        return {"auth": self.auth, **options}

    def client(self, **options: Any) -> GenieClient:
        """A synchronous client for this backend."""
        return GenieClient(self.host, **self.options(**options))

    def async_client(self, **options: Any) -> AsyncGenieClient:
        """An asynchronous client for this backend."""
        return AsyncGenieClient(self.host, **self.options(**options))


@contextmanager
def backend(**simulator_settings: Any) -> Iterator[Backend]:
    """Yield your workspace if configured, else a fresh simulator (with ``simulator_settings``)."""
    if os.environ.get("DATABRICKS_HOST") or os.environ.get("DATABRICKS_CONFIG_PROFILE"):
        space_id = os.environ.get("GENIE_SPACE_ID")
        if not space_id:
            sys.exit("Set GENIE_SPACE_ID to the id of a Genie space in your workspace.")
        yield Backend(space_id)
        return
    simulator_settings.setdefault("rate_limit", None)
    simulator_settings.setdefault("advance", "poll")  # every status shows, whatever the load
    with GenieSimulator(**simulator_settings) as sim:
        yield Backend(sim.space_id, sim.url, PAT(sim.token), sim)
