"""The global options every command shares, and the client they configure."""

from __future__ import annotations

from dataclasses import dataclass, replace

import typer

from genie_sdk import GenieClient, PollingPolicy

__all__ = ["INTERACTIVE_POLL_MAX", "Connection", "connection"]

INTERACTIVE_POLL_MAX = PollingPolicy.interactive().maximum
"""Longest wait between polls in the CLI; the SDK's 60 s suits programs, not a person waiting."""


@dataclass(frozen=True)
class Connection:
    """Where the workspace is and how to poll it; credentials come from the usual places.

    ``host`` and ``profile`` left ``None`` are resolved by the client from ``DATABRICKS_*``
    environment variables and ``~/.databrickscfg``, like the Databricks CLI does.
    """

    host: str | None = None
    profile: str | None = None
    poll_interval: float | None = None

    def client(self, poll_max: float = INTERACTIVE_POLL_MAX) -> GenieClient:
        """Return a client for this workspace (use it in a ``with`` block).

        Polling follows `PollingPolicy.interactive`, starting ``poll_interval`` seconds apart
        (its 0.5 s when ``None``) and doubling up to ``poll_max`` seconds.
        """
        interactive = PollingPolicy.interactive()
        initial = interactive.initial if self.poll_interval is None else self.poll_interval
        polling = replace(interactive, initial=min(initial, poll_max), maximum=poll_max)
        return GenieClient(self.host, profile=self.profile, polling=polling)


def connection(ctx: typer.Context) -> Connection:
    """Return the `Connection` built from the global options."""
    return ctx.find_object(Connection) or Connection()
