"""Everything the server thread shares with the test thread, and resetting it."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from genie_sdk.simulator.clock import SimClock
from genie_sdk.simulator.faults import FaultInjector, RateLimiter
from genie_sdk.simulator.ids import Signer
from genie_sdk.simulator.journal import Journal
from genie_sdk.simulator.oidc import TokenStore
from genie_sdk.simulator.rules import RuleBook
from genie_sdk.simulator.settings import SimulatorSettings
from genie_sdk.simulator.spaces import seed_demo_spaces
from genie_sdk.simulator.sql.engine import SqlEngine
from genie_sdk.simulator.state import GenieState
from genie_sdk.simulator.storage import StorageLinks

__all__ = ["Simulation"]

DEMO_USER_ID = 1_000_000_000_000_001


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
        self.journal = Journal(clock)
        self.faults = FaultInjector()
        self.limiter = RateLimiter(clock)
        self.signer = Signer()
        self.tokens = TokenStore(clock=clock, settings=settings, pat=token, user_id=DEMO_USER_ID)
        self.links = StorageLinks(
            signer=self.signer, state=self.state, journal=self.journal, clock=clock
        )
        self._seed()

    def _seed(self) -> None:
        self.tokens.add_service_principal(self.client_id, self.client_secret)
        seed_demo_spaces(self.state, now=self.clock.now())

    def reset(self, **overrides: Any) -> None:
        """Start afresh: constructor settings plus ``overrides``, demo spaces, nothing else."""
        fresh = replace(self._defaults, **overrides)
        with self.state.lock:
            for field in fields(fresh):
                setattr(self.settings, field.name, getattr(fresh, field.name))
            self.clock.reset()
            self.state.clear()
            self.rules.clear()
            self.faults.clear()
            self.journal.clear()
            self.limiter.reset()
            self.tokens.reset()
            self.engine.drop_added_tables()
            self._seed()
