"""Everything the server thread shares with the test thread, and resetting it."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from genie_sdk.simulator.domain.acl import Principal
from genie_sdk.simulator.domain.agents import seed_demo_agent
from genie_sdk.simulator.domain.assets import AssetState
from genie_sdk.simulator.domain.clock import SimClock
from genie_sdk.simulator.domain.ids import Signer
from genie_sdk.simulator.domain.journal import Journal
from genie_sdk.simulator.domain.responses import ResponseStore
from genie_sdk.simulator.domain.rules import RuleBook
from genie_sdk.simulator.domain.secoda import SecodaWorld
from genie_sdk.simulator.domain.settings import SimulatorSettings, Workspace
from genie_sdk.simulator.domain.spaces import seed_demo_spaces
from genie_sdk.simulator.domain.state import GenieState
from genie_sdk.simulator.domain.storage import StorageLinks
from genie_sdk.simulator.domain.workato import WorkatoWorld
from genie_sdk.simulator.domain.workspace import seed_demo_assets, seed_large_workspace
from genie_sdk.simulator.http.faults import FaultInjector, PostQuota
from genie_sdk.simulator.http.oidc import TokenStore
from genie_sdk.simulator.sql.engine import SqlEngine

__all__ = ["Simulation"]

DEMO_USER_ID = 1_000_000_000_000_001
DEMO_USER_NAME = "genie.demo@example.com"
"""The user behind the simulator's own token: a workspace admin."""


class Simulation:
    """The simulator's world: settings, clock, SQL engine, rules, records, credentials, faults."""

    def __init__(
        self,
        settings: SimulatorSettings,
        *,
        clock: SimClock,
        token: str,
        client_id: str,
        client_secret: str,
        workspace_id: str,
        seed: int,
        workspace: Workspace = "demo",
    ) -> None:
        self.settings = settings
        self._defaults = replace(settings)
        self.clock = clock
        self.workspace_id = workspace_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.engine = SqlEngine(seed=seed)
        self.rules = RuleBook()
        self.state = GenieState()
        self.assets = AssetState()
        self.workspace = workspace
        self._generator_seed = seed
        self.journal = Journal(clock)
        self.faults = FaultInjector()
        self.limiter = PostQuota(clock)
        self.signer = Signer()
        self.tokens = TokenStore(clock=clock, settings=settings, pat=token, user_id=DEMO_USER_ID)
        self.links = StorageLinks(signer=self.signer, state=self.state)
        self.responses = ResponseStore()
        self.secoda = SecodaWorld(clock)
        self.secoda_quota = PostQuota(clock)
        self.workato = WorkatoWorld(clock)
        self._seed()

    def _seed(self) -> None:
        self.tokens.add_service_principal(self.client_id, self.client_secret)
        seed_demo_spaces(self.state, now=self.clock.now())
        seed_demo_agent(self.state, now=self.clock.now())
        seed_demo_assets(self.state, self.assets, now=self.clock.now())
        if self.workspace == "large":
            seed_large_workspace(
                self.state, self.assets, now=self.clock.now(), seed=self._generator_seed
            )

    def principal(self, user_id: int) -> Principal:
        """Who the caller with ``user_id`` is, for access control lists."""
        if user_id == DEMO_USER_ID:
            return Principal("user_name", DEMO_USER_NAME, admin=True)
        name = self.tokens.user_names.get(user_id)
        if name is not None:
            return Principal("user_name", name)
        client_id = self.tokens.service_principal_of(user_id)
        return Principal("service_principal_name", client_id or str(user_id))

    def reset(self, **overrides: Any) -> None:
        """Start afresh: constructor settings plus ``overrides``, the seeded workspace only."""
        fresh = replace(self._defaults, **overrides)
        with self.state.lock:
            for field in fields(fresh):
                setattr(self.settings, field.name, getattr(fresh, field.name))
            self.clock.reset()
            self.state.clear()
            self.assets.clear()
            self.rules.clear()
            self.faults.clear()
            self.journal.clear()
            self.limiter.reset()
            self.tokens.reset()
            self.engine.drop_added_tables()
            self.responses.clear()
            self.secoda.reset()
            self.secoda_quota.reset()
            self.workato.reset()
            self._seed()
