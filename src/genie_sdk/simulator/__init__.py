"""An embedded, faithful fake of the Databricks Genie API for demos, examples and tests.

Real HTTP on 127.0.0.1, real SQL over a bundled retail dataset (DuckDB), OAuth endpoints,
pre-signed downloads and fault injection. Needs the ``simulator`` extra; the names below are
imported on first use, so importing this package (e.g. for the pytest plugin) stays light.

>>> from genie_sdk.simulator import GenieSimulator
>>> with GenieSimulator() as sim:
...     sim.add_answer("revenue", sql="SELECT SUM(amount) AS revenue FROM sales")
...     # point a client at sim.url with sim.token and ask in sim.space_id
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genie_sdk.simulator.clock import SimClock
    from genie_sdk.simulator.faults import Fault, FaultInjector
    from genie_sdk.simulator.journal import RecordedRequest
    from genie_sdk.simulator.oidc import ServicePrincipal
    from genie_sdk.simulator.rules import Answer, Question, Rule
    from genie_sdk.simulator.server import GenieSimulator, serve
    from genie_sdk.simulator.settings import SimulatorSettings

__all__ = [
    "Answer",
    "Fault",
    "FaultInjector",
    "GenieSimulator",
    "Question",
    "RecordedRequest",
    "Rule",
    "ServicePrincipal",
    "SimClock",
    "SimulatorSettings",
    "serve",
]

_MODULES = {
    "Answer": "rules",
    "Fault": "faults",
    "FaultInjector": "faults",
    "GenieSimulator": "server",
    "Question": "rules",
    "RecordedRequest": "journal",
    "Rule": "rules",
    "ServicePrincipal": "oidc",
    "SimClock": "clock",
    "SimulatorSettings": "settings",
    "serve": "server",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted(__all__)
