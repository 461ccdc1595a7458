"""The global options every command shares, and the client they configure."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from genie_sdk import GenieClient, PollingPolicy

__all__ = ["Connection", "connection"]


@dataclass(frozen=True)
class Connection:
    """Where the workspace is and how to poll it; credentials come from the usual places.

    ``host`` and ``profile`` left ``None`` are resolved by the client from ``DATABRICKS_*``
    environment variables and ``~/.databrickscfg``, like the Databricks CLI does.
    """

    host: str | None = None
    profile: str | None = None
    poll_interval: float = 1.0

    def client(self) -> GenieClient:
        """Return a client for this workspace (use it in a ``with`` block)."""
        return GenieClient(
            self.host,
            profile=self.profile,
            polling=PollingPolicy(initial=self.poll_interval),
        )


def connection(ctx: typer.Context) -> Connection:
    """Return the `Connection` built from the global options."""
    return ctx.find_object(Connection) or Connection()
