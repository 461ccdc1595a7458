"""The core the Genie tools share, sync and async: ``GenieToolkit`` and ``AsyncGenieToolkit``."""

from __future__ import annotations

from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations._sync_toolkit import GenieToolkit

__all__ = ["AsyncGenieToolkit", "GenieToolkit"]
