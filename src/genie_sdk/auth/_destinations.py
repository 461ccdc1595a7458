"""Where OAuth credentials may be sent: the workspace itself, or its cloud's accounts host.

Discovery documents are fetched from the network, so the endpoints they name are checked before a
client secret, refresh token or authorization code is sent to them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from genie_sdk._host import redact_userinfo

__all__ = ["may_receive_credentials", "shown_endpoint"]

# Workspace domains whose account console is ``accounts.<domain>`` (AWS, GovCloud, Azure, GCP).
_DATABRICKS_DOMAINS = (
    "cloud.databricks.com",
    "cloud.databricks.us",
    "azuredatabricks.net",
    "databricks.azure.us",
    "databricks.azure.cn",
    "gcp.databricks.com",
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def may_receive_credentials(url: str, workspace: str) -> bool:
    """Return whether ``url`` is on the ``workspace`` origin or on its ``https://accounts.`` host.

    ``workspace`` is a normalised host, so it is ``https://`` or plain ``http://`` to loopback.
    """
    target, home = _origin(url), _origin(workspace)
    if target is None or home is None:
        return False
    if target == home:
        return True
    scheme, hostname, port = target
    if scheme != "https" or port != 443:
        return False
    return any(
        hostname == f"accounts.{domain}" and home[1].endswith(f".{domain}")
        for domain in _DATABRICKS_DOMAINS
    )


def shown_endpoint(url: str) -> str:
    """Return ``url`` for an error message: no query, no fragment, no user name or password."""
    parts = urlsplit(url)
    return redact_userinfo(f"{parts.scheme}://{parts.netloc}{parts.path}")
