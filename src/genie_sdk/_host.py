"""Workspace host normalisation."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

__all__ = ["Host", "is_loopback", "is_secure_url", "normalize_host", "redact_userinfo"]

_USERINFO = re.compile(r"(?:(?<=://)|^)[^/?#\s]*@")


@dataclass(frozen=True)
class Host:
    """A normalised workspace address: ``url`` is ``scheme://host[:port]``, no trailing slash."""

    url: str
    workspace_id: str | None = None

    @property
    def hostname(self) -> str:
        """The host name without scheme or port."""
        return urlsplit(self.url).hostname or ""


def is_loopback(hostname: str) -> bool:
    """Return whether ``hostname`` names this machine (``localhost`` or a loopback address)."""
    name = hostname.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_secure_url(url: str) -> bool:
    """Return whether ``url`` may carry secrets: ``https://``, or plain ``http://`` to loopback."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    return scheme == "https" or (scheme == "http" and is_loopback(parts.hostname or ""))


def redact_userinfo(url: str) -> str:
    """Replace the ``user:password@`` part of ``url`` (with or without a scheme) by ``***@``."""
    return _USERINFO.sub("***@", url.strip(), count=1)


def normalize_host(value: str) -> Host:
    """Turn a pasted workspace address into a `Host`.

    Accepts bare host names (``adb-1.2.azuredatabricks.net``), full URLs with paths, queries and
    trailing slashes; keeps ``?o=<id>`` as the workspace id. Plain ``http://`` is accepted only
    for loopback hosts. A user name or password in the URL is refused and never echoed.

    Raises:
        ValueError: the value is not a usable workspace address.
    """
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValueError(
            "host must be a non-empty workspace URL such as https://my.cloud.databricks.com"
        )
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise ValueError(
            f"host {redact_userinfo(text)!r} must not carry a user name or password; pass the "
            "token separately (token=... or DATABRICKS_TOKEN)"
        )
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"host must be an http(s) URL, got scheme {parts.scheme!r}")
    try:
        hostname = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"host {value!r} is not a valid URL: {exc}") from None
    if not hostname or any(c.isspace() for c in hostname):
        raise ValueError(f"host {value!r} is not a valid workspace URL")
    if not is_secure_url(text):
        raise ValueError(
            f"host {value!r} uses plain http://, which is allowed only for loopback hosts; use https://"
        )
    if ":" in hostname:
        hostname = f"[{hostname}]"
    default_port = 443 if scheme == "https" else 80
    netloc = hostname if port in (None, default_port) else f"{hostname}:{port}"
    query = parse_qs(parts.query)
    workspace_ids = query.get("o") or query.get("workspace_id")
    return Host(
        url=f"{scheme}://{netloc}", workspace_id=workspace_ids[0] if workspace_ids else None
    )
