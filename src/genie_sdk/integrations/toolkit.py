"""The core the tools share, sync and async: ``GenieToolkit`` and ``AsyncGenieToolkit`` over
Genie spaces, ``ProviderToolkit`` and ``AsyncProviderToolkit`` over any provider."""

from __future__ import annotations

from genie_sdk.integrations._async_providers import AsyncProviderToolkit
from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations._sync_providers import ProviderToolkit
from genie_sdk.integrations._sync_toolkit import GenieToolkit

__all__ = ["AsyncGenieToolkit", "AsyncProviderToolkit", "GenieToolkit", "ProviderToolkit"]
