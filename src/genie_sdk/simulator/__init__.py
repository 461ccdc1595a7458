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
    from genie_sdk.simulator.domain.clock import SimClock
    from genie_sdk.simulator.domain.journal import RecordedRequest
    from genie_sdk.simulator.domain.rules import Question, Rule, ScriptedAnswer
    from genie_sdk.simulator.domain.settings import SimulatorSettings
    from genie_sdk.simulator.http.faults import Fault, FaultInjector
    from genie_sdk.simulator.http.oidc import ServicePrincipal
    from genie_sdk.simulator.http.server import GenieSimulator, serve

__all__ = [
    "Fault",
    "FaultInjector",
    "GenieSimulator",
    "Question",
    "RecordedRequest",
    "Rule",
    "ScriptedAnswer",
    "ServicePrincipal",
    "SimClock",
    "SimulatorSettings",
    "serve",
]

_MODULES = {
    "Fault": "http.faults",
    "FaultInjector": "http.faults",
    "GenieSimulator": "http.server",
    "Question": "domain.rules",
    "RecordedRequest": "domain.journal",
    "Rule": "domain.rules",
    "ScriptedAnswer": "domain.rules",
    "ServicePrincipal": "http.oidc",
    "SimClock": "domain.clock",
    "SimulatorSettings": "domain.settings",
    "serve": "http.server",
}


# Earlier name of ScriptedAnswer; it collided with ``genie_sdk.Answer``.
_ALIASES = {"Answer": "ScriptedAnswer"}
_DEPENDENCIES = frozenset({"duckdb", "starlette", "uvicorn"})
"""What the ``simulator`` extra installs."""


def __getattr__(name: str) -> Any:
    name = _ALIASES.get(name, name)
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    except ImportError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in _DEPENDENCIES:
            raise
        raise ImportError(
            f"the Genie simulator needs {missing}, which is not installed: "
            'pip install "genie-sdk[simulator]"'
        ) from error
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted(__all__)
