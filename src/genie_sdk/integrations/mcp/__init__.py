"""Genie as a Model Context Protocol server: ``genie mcp serve`` (needs ``genie-sdk[mcp]``).

>>> from genie_sdk.integrations.mcp import build_server
"""

from __future__ import annotations

from genie_sdk.integrations.mcp.server import (
    TOOL_NAMES,
    build_provider_server,
    build_server,
    serve,
    serve_provider,
)

__all__ = ["TOOL_NAMES", "build_provider_server", "build_server", "serve", "serve_provider"]
