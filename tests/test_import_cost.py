"""``import genie_sdk`` and a client built with a token load only what they use.

Each check runs in a fresh interpreter, so modules other tests imported do not count. Modules that
httpx, pydantic and tenacity load by themselves (httpx's CLI loads rich and click when installed)
are imported first and not held against the SDK.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "pyarrow", "polars", "numpy", "duckdb", "starlette", "uvicorn", "typer", "rich")
"""Optional extras and CLI pieces a client that only asks questions must not load."""

_PROBE = """
import json, sys
import httpx, pydantic, tenacity
before = set(sys.modules)
{statement}
loaded = set(sys.modules) - before
print(json.dumps(sorted(loaded)))
"""

CLIENT = (
    "from genie_sdk import GenieClient\n"
    "from genie_sdk.auth import PAT\n"
    "GenieClient('https://example.cloud.databricks.com', auth=PAT('t')).close()"
)


def _loaded_by(statement: str) -> set[str]:
    output = subprocess.run(
        [sys.executable, "-c", _PROBE.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return set(json.loads(output))


def _heavy(loaded: set[str]) -> list[str]:
    return sorted({name.partition(".")[0] for name in loaded} & set(HEAVY))


@pytest.mark.parametrize("statement", ["import genie_sdk", CLIENT], ids=["import", "client"])
def test_no_heavy_package_is_loaded(statement: str) -> None:
    assert _heavy(_loaded_by(statement)) == []


def test_import_alone_loads_no_client_models_or_auth_flows() -> None:
    loaded = _loaded_by("import genie_sdk")

    assert not {"genie_sdk.models", "genie_sdk.auth", "genie_sdk.results"} & loaded
    assert "genie_sdk.errors" in loaded


def test_a_token_client_loads_no_oauth_flow_and_no_result_decoding() -> None:
    loaded = _loaded_by(CLIENT)

    assert "genie_sdk._sync.client" in loaded
    unused = {"genie_sdk.auth._u2m", "genie_sdk.auth._m2m", "genie_sdk.auth._cli"}
    assert not (unused | {"genie_sdk.results", "genie_sdk.cli"}) & loaded


def test_the_probe_sees_a_heavy_import() -> None:
    assert _heavy(_loaded_by("import duckdb")) == ["duckdb"]
