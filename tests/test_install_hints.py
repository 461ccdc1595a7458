"""A feature whose optional dependency is missing names the extra that installs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from genie_sdk._optional import EXTRAS
from genie_sdk.results import Column, QueryResult

ROOT = Path(__file__).resolve().parent.parent
RESULT = QueryResult(
    [Column("n", "INT"), Column("x", "DECIMAL", "DECIMAL(4,2)", 4, 2)], [(1, Decimal("1.50"))]
)


def hint(extra: str) -> str:
    return f'pip install "genie-sdk[{extra}]"'


def missing(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make importing ``modules`` fail as if they were not installed."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


CONVERSIONS: list[tuple[Callable[[], Any], str, str]] = [
    (RESULT.to_arrow, "pyarrow", "arrow"),
    (RESULT.to_pandas, "pandas", "pandas"),
    (RESULT.to_pandas, "pyarrow", "pandas"),
    (RESULT.to_polars, "polars", "polars"),
    (RESULT.to_polars, "pyarrow", "polars"),
]


@pytest.mark.parametrize(
    ("convert", "module", "extra"),
    CONVERSIONS,
    ids=[f"{c.__name__} without {m}" for c, m, _ in CONVERSIONS],
)
def test_conversions_name_their_extra(
    monkeypatch: pytest.MonkeyPatch, convert: Callable[[], Any], module: str, extra: str
) -> None:
    missing(monkeypatch, module)

    with pytest.raises(ImportError) as raised:
        convert()

    assert hint(extra) in str(raised.value)
    assert str(raised.value).count("genie-sdk[") == 1


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, where nothing is imported yet."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.parametrize("module", ["duckdb", "starlette", "uvicorn"])
def test_the_simulator_names_its_extra(module: str) -> None:
    result = run_python(
        f"import sys; sys.modules[{module!r}] = None\n"
        "from genie_sdk.simulator import GenieSimulator"
    )

    assert result.returncode == 1
    assert f"ImportError: the Genie simulator needs {module}" in result.stderr
    assert hint("simulator") in result.stderr


@pytest.mark.slow  # a fresh interpreter
def test_running_the_simulator_names_its_extra() -> None:
    result = run_python(
        "import sys, runpy; sys.modules['duckdb'] = None\n"
        "runpy.run_module('genie_sdk.simulator', run_name='__main__')"
    )

    assert hint("simulator") in result.stderr


def run_genie(*args: str, without: str) -> subprocess.CompletedProcess[str]:
    return run_python(
        f"import sys; sys.modules[{without!r}] = None; sys.argv = ['genie', *{args!r}]\n"
        "from genie_sdk.cli import main; main()"
    )


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.parametrize("module", ["typer", "rich"])
def test_the_command_line_names_its_extra(module: str) -> None:
    result = run_genie("--version", without=module)

    assert result.returncode == 2
    assert hint("cli") in result.stderr


@pytest.mark.slow  # a fresh interpreter
def test_the_demo_names_the_simulator_extra() -> None:
    result = run_genie("demo", without="duckdb")

    assert result.returncode == 2
    assert hint("simulator") in result.stderr
    assert "genie-sdk[all]" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_cli_command_names_the_feature_s_extra_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from genie_sdk.cli.errors import describe

    missing(monkeypatch, "pyarrow.parquet")
    with pytest.raises(ImportError) as raised:
        from genie_sdk.results import open_writer

        open_writer(tmp_path / "out.parquet", RESULT.columns)

    failure = describe(raised.value)
    assert hint("arrow") in failure.message
    assert failure.hint is None


def test_extras_match_pyproject() -> None:
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]

    distributions = {"yaml": "pyyaml"}  # where the import name differs from the package's
    for extra, modules in EXTRAS.items():
        packages = {requirement.split(">")[0].split("[")[0] for requirement in extras[extra]}
        assert {distributions.get(m, m) for m in modules} <= packages, extra


@pytest.mark.parametrize("module", ["yaml", "sqlglot"])
def test_spaces_as_code_without_its_extra_names_it(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    from genie_sdk import SpaceDefinition
    from genie_sdk._core.space_clone import retargeted

    definition = SpaceDefinition.model_validate(
        {"definition": {"data_sources": {"tables": [{"identifier": "a.b.c"}]},
                        "instructions": {"example_question_sqls": [
                            {"id": "0" * 32, "question": "q", "sql": "SELECT 1 FROM a.b.c"}]}}}
    )  # fmt: skip
    missing(monkeypatch, module)
    with pytest.raises(ImportError) as raised:
        if module == "yaml":
            definition.to_yaml()
        else:
            retargeted(definition, {"a": "x"})
    assert hint("spaces") in str(raised.value)
