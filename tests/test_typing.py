"""User-style snippets in tests/typing type-check as users see them, with mypy and pyright."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "tests" / "typing"


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_snippets_pass_mypy_strict() -> None:
    result = run(sys.executable, "-m", "mypy", "--strict", str(SNIPPETS))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_snippets_pass_pyright() -> None:
    pyright = shutil.which("pyright")
    assert pyright is not None, "pyright is a dev dependency"
    result = run(pyright, str(SNIPPETS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_sync_surface_is_fresh() -> None:
    result = run(sys.executable, str(ROOT / "scripts" / "unasync.py"), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
