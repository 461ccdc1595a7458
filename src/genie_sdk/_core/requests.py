"""Turn a `Call` into an ``httpx.Request``."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from genie_sdk._core.calls import Call
from genie_sdk._version import __version__

__all__ = ["RequestFactory", "user_agent"]


def _os_name() -> str:
    name = sys.platform
    if name.startswith("linux"):
        return "linux"
    if name == "darwin":
        return "darwin"
    if name in ("win32", "cygwin"):
        return "windows"
    return name


def user_agent(auth_type: str, extra: str | None = None) -> str:
    """Return the ``User-Agent`` header: ``genie-sdk/<v> python/<v> os/<os> auth/<type>``."""
    parts = [
        f"genie-sdk/{__version__}",
        f"python/{platform.python_version()}",
        f"os/{_os_name()}",
        f"auth/{auth_type}",
    ]
    if extra:
        parts.append(extra)
    return " ".join(parts)


@dataclass(frozen=True)
class RequestFactory:
    """Builds requests against one workspace with the client's standard headers."""

    base_url: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def build(self, call: Call[object]) -> httpx.Request:
        """Return the ``httpx.Request`` for ``call``."""
        if call.url is not None:
            return httpx.Request(call.method, call.url, headers=dict(call.headers))
        accept = "*/*" if call.raw else "application/json"
        headers = {"Accept": accept, **self.headers, **call.headers}
        content: bytes | None = None
        if call.body is not None:
            content = json.dumps(call.body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        return httpx.Request(
            call.method,
            self.base_url + call.path,
            params=dict(call.params) if call.params else None,
            headers=headers,
            content=content,
            files=dict(call.files) if call.files else None,
        )
