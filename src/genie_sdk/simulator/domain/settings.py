"""Knobs that shape the simulator's behaviour."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal, get_args

__all__ = [
    "LOOPBACK_HOSTS",
    "Advance",
    "DownloadFormat",
    "RowFormat",
    "SimulatorSettings",
    "Workspace",
]

Advance = Literal["poll", "time"]
RowFormat = Literal["data_array", "data_typed_array"]
DownloadFormat = Literal["JSON_ARRAY", "CSV", "ARROW_STREAM"]
Workspace = Literal["demo", "large"]
"""What the simulated workspace holds: the demo, or thousands of spaces and dashboards."""

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_CHOICES = {"advance": Advance, "row_format": RowFormat, "download_format": DownloadFormat}


@dataclass
class SimulatorSettings:
    """Behaviour settings; change them on ``sim.settings`` at any time."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    """Host names (any port) requests may be addressed to; others get 400, which defeats DNS
    rebinding. ``("*",)`` allows every name: only for deliberately serving beyond loopback."""
    rate_limit: int | None = 5
    """POSTs allowed per window across the workspace (``None``: unlimited). GETs never count."""
    rate_limit_window: float = 60.0
    """Length of the rate-limit window in seconds."""
    advance: Advance = "time"
    """``time``: a message advances with the clock; ``poll``: each GET of it advances it one step
    (deterministic, for tests)."""
    steps_per_poll: int = 1
    """Lifecycle steps a message (or eval run) moves per GET in ``poll`` mode."""
    stage_seconds: float = 0.2
    """Seconds a message (or eval run) spends in each step in ``time`` mode: short, so answers
    come within a second; raise it for realistic thinking times."""
    warehouse_startup: int = 0
    """Steps a message with SQL spends in ``PENDING_WAREHOUSE`` (0: the warehouse is running)."""
    row_format: RowFormat = "data_array"
    """Shape of inline rows: ``data_array`` or ``data_typed_array``."""
    inline_row_limit: int = 5000
    """Rows returned inline before the result is marked truncated."""
    download_format: DownloadFormat = "JSON_ARRAY"
    """Format of full-result downloads: ``JSON_ARRAY``, ``CSV`` or ``ARROW_STREAM``."""
    download_polls: int = 2
    """GETs of a download that answer ``PENDING``/``RUNNING`` before it succeeds."""
    chunk_rows: int = 5000
    """Rows per downloaded chunk (one external link each)."""
    link_ttl: float = 900.0
    """Seconds an external link stays valid."""
    result_ttl: float = 7 * 24 * 3600.0
    """Seconds before a completed message's results expire (``QUERY_RESULT_EXPIRED``)."""
    token_lifetime: float = 3600.0
    """Seconds an OAuth access token stays valid."""
    oauth_auto_approve: bool = False
    """Approve every browser (U2M) login at once; off, the login page asks for the login code."""
    max_question_length: int = 10_000
    """Characters a question may have; longer ones get 400 ``INVALID_PARAMETER_VALUE``."""
    max_conversations_per_space: int = 10_000
    """Conversations a space may hold before starting another fails."""
    max_page_size: int = 100
    """Largest (and default) page size of list endpoints."""
    agent_mode_enabled: bool = True
    """The "Genie Agents Agent Mode API" preview; off, agent mode answers 404
    ``FEATURE_DISABLED``."""
    response_reads: int = 0
    """Reads (items, or a GET) of a response its client left that find it still running, one
    more item out each time, before one finds it finished."""
    genie_one_enabled: bool = True
    """The "Genie One API" preview; off, Genie One answers 404 ``FEATURE_DISABLED``."""
    serving_endpoints: tuple[str, ...] = ("genie-insights",)
    """Names of the model serving endpoints (OpenAI-compatible chat) the workspace serves."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise `ValueError` for a setting outside its allowed values."""
        for name, choices in _CHOICES.items():
            value = getattr(self, name)
            if value not in get_args(choices):
                raise ValueError(f"{name} must be one of {get_args(choices)}, not {value!r}")
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"{field.name} must not be negative")
        positive = ("inline_row_limit", "chunk_rows", "max_page_size", "max_question_length")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive")
