"""Where questions go (a workspace or the embedded simulator) and whose credentials they carry."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from genie_chat.config import Settings
from genie_sdk import GenieClient, PollingPolicy
from genie_sdk.auth import PAT, forwarded_user_auth
from genie_sdk.providers import AgentModeProvider, GenieOneProvider, Provider
from genie_sdk.providers.secoda import DEFAULT_BASE_URL as SECODA_URL
from genie_sdk.providers.secoda import SecodaClient
from genie_sdk.providers.workato import HeadlessGenieClient
from genie_sdk.simulator import GenieSimulator

__all__ = ["POLLING", "WORKATO_URL", "Backend", "Mode", "connect"]

Mode = Literal["chat", "agent", "one", "secoda", "workato"]
"""Genie chat mode (a space), agent mode (a Genie Agent's research report), Genie One, Secoda AI
or a Workato headless genie."""
WORKATO_URL = "https://www.workato.com"

POLLING = PollingPolicy.interactive()
"""Every question is polled for a person watching: 0.5 s, backing off to 5 s."""


@dataclass
class Backend:
    """A Genie space, the serving endpoint for insights, and how to get a client for a request.

    With ``user_auth``, each request is sent with the signed-in user's token, which Databricks
    Apps forward in ``X-Forwarded-Access-Token`` (on-behalf-of-user); otherwise every request
    uses ``shared``, the app's own client.
    """

    space_id: str
    serving_endpoint: str | None
    shared: GenieClient | None
    host: str | None = None
    user_auth: bool = False
    simulator: GenieSimulator | None = field(default=None, repr=False)
    secoda: SecodaClient | None = None
    """Secoda AI, asked with the app's key (offered when configured)."""
    workato: HeadlessGenieClient | None = None
    """Workato's headless API, asked with the app's key, for the genie ``workato_genie``."""
    workato_genie: str | None = None

    def modes(self) -> list[Mode]:
        """The providers the page offers: Genie's three modes, then Secoda and Workato when set."""
        modes: list[Mode] = ["chat", "agent", "one"]
        if self.secoda is not None:
            modes.append("secoda")
        if self.workato is not None and self.workato_genie:
            modes.append("workato")
        return modes

    def provider(self, mode: Mode, client: GenieClient) -> Provider:
        """The provider that answers in ``mode`` (every mode but chat, which keeps its own path
        for resuming, paging and downloads); Genie's modes ask with ``client``."""
        if mode == "agent":
            return AgentModeProvider(client, self.space_id)
        if mode == "one":
            return GenieOneProvider(client)
        if mode == "secoda" and self.secoda is not None:
            return self.secoda.as_provider()
        if mode == "workato" and self.workato is not None and self.workato_genie:
            # No callbacks: skill approvals and sign-ins reach the page, whose user answers them.
            return self.workato.as_provider(self.workato_genie)
        raise ValueError(f"{mode} is not available in this app")

    def client(self, headers: Mapping[str, str]) -> GenieClient:
        """A client for the user who sent ``headers``; close it with `release`."""
        if self.user_auth:
            return GenieClient(self.host, auth=forwarded_user_auth(headers), polling=POLLING)
        assert self.shared is not None
        return self.shared

    def release(self, client: GenieClient) -> None:
        """Close a client made for one request (the shared one stays open)."""
        if client is not self.shared:
            client.close()

    @contextmanager
    def session(self, headers: Mapping[str, str]) -> Iterator[GenieClient]:
        """``with backend.session(request.headers) as client:`` for one request."""
        client = self.client(headers)
        try:
            yield client
        finally:
            self.release(client)

    def principal(self, headers: Mapping[str, str]) -> str:
        """Who asks: the key that keeps one user's cached answers from another's."""
        if not self.user_auth:
            return "app"
        token = next((v for k, v in headers.items() if k.lower() == "x-forwarded-access-token"), "")
        return "user:" + hashlib.sha256(token.encode()).hexdigest()[:24]

    def close(self) -> None:
        """Close the shared client and stop the simulator, if any."""
        for client in (self.shared, self.secoda, self.workato):
            if client is not None:
                client.close()
        if self.simulator is not None:
            self.simulator.stop()


def on_simulator(
    sim: GenieSimulator, serving_endpoint: str | None = None, polling: PollingPolicy = POLLING
) -> Backend:
    """A backend on a running simulator: its demo space, its first serving endpoint, and the
    Secoda and Workato APIs it serves too."""
    endpoints = sim.settings.serving_endpoints
    return Backend(
        space_id=sim.space_id,
        serving_endpoint=serving_endpoint or (endpoints[0] if endpoints else None),
        shared=GenieClient(sim.url, auth=PAT(sim.token), polling=polling),
        host=sim.url,
        simulator=sim,
        secoda=SecodaClient(sim.secoda_url, sim.secoda.api_key, polling=polling),
        workato=HeadlessGenieClient(sim.workato_url, sim.workato.api_key, polling=polling),
        workato_genie=sim.genie_handle,
    )


def connect(settings: Settings) -> Backend:
    """The backend the settings describe; with no workspace configured, a fresh simulator."""
    if settings.uses_simulator:
        # Short stages so that answers come in about two seconds, every status still showing.
        sim = GenieSimulator(rate_limit=None, stage_seconds=0.4).start()
        return on_simulator(sim, settings.serving_endpoint)
    if not settings.space_id:
        raise SystemExit("Set GENIE_SPACE_ID to the id of the Genie space to chat with.")
    user_auth = settings.auth_mode == "user"
    shared = None
    if not user_auth:
        shared = GenieClient(
            settings.host,
            token=settings.service_token,
            profile=settings.profile,
            polling=POLLING,
        )
    return Backend(
        space_id=settings.space_id,
        serving_endpoint=settings.serving_endpoint,
        shared=shared,
        host=shared.host if shared is not None else settings.host,
        user_auth=user_auth,
        secoda=_secoda(settings),
        workato=_workato(settings),
        workato_genie=settings.workato_genie,
    )


def _secoda(settings: Settings) -> SecodaClient | None:
    if not settings.secoda_api_key:
        return None
    url = settings.secoda_base_url or SECODA_URL
    return SecodaClient(url, settings.secoda_api_key, polling=POLLING)


def _workato(settings: Settings) -> HeadlessGenieClient | None:
    if not (settings.workato_api_key and settings.workato_genie):
        return None
    url = settings.workato_base_url or WORKATO_URL
    return HeadlessGenieClient(url, settings.workato_api_key, polling=POLLING)
