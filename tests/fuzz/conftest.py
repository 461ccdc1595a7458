"""The fake server and clients of both kinds, one set per module; readable Hypothesis reports.

When a test fails, Hypothesis's pytest plugin builds a patch of the failing example with
``libcst`` (when installed), whose import warns (``DeprecationWarning`` from ``mypy_extensions``);
turned into an error, that hides the failure behind an internal error. Import it once here with
the warning silenced.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import pytest

from tests.fuzz.harness import FakeServer, Runner
from tests.support.clients import KINDS

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401


@pytest.fixture(scope="module")
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture(scope="module")
def runners(server: FakeServer) -> Iterator[dict[str, Runner]]:
    made = {kind: Runner(kind, server) for kind in KINDS}
    yield made
    for runner in made.values():
        runner.close()
