"""The app's settings, from the environment (and a ``.env`` file next to the app)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dotenv import load_dotenv

__all__ = ["AuthMode", "Settings", "from_environment", "load_settings"]

AuthMode = Literal["service", "user"]


@dataclass(frozen=True)
class Settings:
    """What the app talks to and how.

    ``host`` is ``None`` when no workspace is configured: the app then starts the embedded
    simulator. The credentials themselves are never held here: the SDK finds them
    (``DATABRICKS_TOKEN``, the app's service principal, a profile) or reads the user's forwarded
    token per request.
    """

    host: str | None
    profile: str | None
    space_id: str | None
    serving_endpoint: str | None
    auth_mode: AuthMode
    service_token: str | None = field(repr=False)
    listen_host: str
    port: int
    secoda_base_url: str | None = None
    secoda_api_key: str | None = field(default=None, repr=False)
    """Secoda AI is offered when its key is set (``SECODA_API_KEY``)."""
    workato_base_url: str | None = None
    workato_api_key: str | None = field(default=None, repr=False)
    workato_genie: str | None = None
    """A Workato genie is offered when its key and handle are set (``WORKATO_GENIE``)."""

    @property
    def uses_simulator(self) -> bool:
        """No workspace configured: run against the embedded simulator."""
        return self.host is None and self.profile is None


def _flag(value: str | None) -> AuthMode:
    wanted = (value or "service").strip().lower()
    if wanted not in ("service", "user"):
        raise ValueError(f"GENIE_AUTH_MODE must be 'service' or 'user', not {value!r}")
    return "user" if wanted == "user" else "service"


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Settings from ``environ``.

    On Databricks Apps, ``DATABRICKS_APP_PORT`` is set and the app listens on every interface;
    locally it serves http://127.0.0.1:8050.
    """

    def get(*names: str) -> str | None:
        for name in names:
            value = environ.get(name, "").strip()
            if value:
                return value
        return None

    app_port = get("DATABRICKS_APP_PORT")
    return Settings(
        host=get("DATABRICKS_HOST"),
        profile=get("DATABRICKS_CONFIG_PROFILE"),
        space_id=get("GENIE_SPACE_ID", "GENIE_SPACE"),
        serving_endpoint=get("SERVING_ENDPOINT_NAME"),
        auth_mode=_flag(get("GENIE_AUTH_MODE")),
        service_token=get("DATABRICKS_SERVICE_TOKEN"),
        listen_host="0.0.0.0" if app_port else (get("GENIE_CHAT_HOST") or "127.0.0.1"),
        port=int(app_port or get("GENIE_CHAT_PORT") or 8050),
        secoda_base_url=get("SECODA_BASE_URL"),
        secoda_api_key=get("SECODA_API_KEY"),
        workato_base_url=get("WORKATO_BASE_URL"),
        workato_api_key=get("WORKATO_API_KEY"),
        workato_genie=get("WORKATO_GENIE"),
    )


DOTENV = Path(__file__).resolve().parents[1] / ".env"
"""The ``.env`` file next to ``app.py``."""


def from_environment(dotenv: Path = DOTENV) -> Settings:
    """Settings from the process environment, completed by the ``dotenv`` file.

    The file's variables go into the environment (without overriding it), so the SDK finds
    credentials such as ``DATABRICKS_TOKEN`` there too.
    """
    load_dotenv(dotenv, override=False)
    return load_settings(os.environ)
