"""Each agent integration names the extra that installs its framework when it is missing."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # fresh interpreters

MODULES = [
    ("genie_sdk.integrations.mcp", "mcp", "mcp"),
    ("genie_sdk.integrations.langchain", "langchain_core", "langchain"),
    ("genie_sdk.integrations.openai_agents", "agents", "openai-agents"),
    ("genie_sdk.integrations.llama_index", "llama_index", "llama-index"),
]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("module", "package", "extra"), MODULES)
def test_an_integration_names_its_extra(module: str, package: str, extra: str) -> None:
    result = run_python(f"import sys; sys.modules[{package!r}] = None\nimport {module}")

    assert result.returncode == 1
    assert f'pip install "genie-sdk[{extra}]"' in result.stderr


def test_genie_mcp_serve_names_the_mcp_extra() -> None:
    result = run_python(
        "import sys; sys.modules['mcp'] = None; sys.argv = ['genie', 'mcp', 'serve']\n"
        "from genie_sdk.cli import main; main()"
    )

    assert result.returncode != 0
    assert 'pip install "genie-sdk[mcp]"' in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
