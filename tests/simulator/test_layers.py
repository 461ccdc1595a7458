"""The simulator's layers: sql below domain below http, and no class named like a public SDK name."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import genie_sdk
import genie_sdk.simulator
from genie_sdk import auth, errors, models, results

_ROOT = Path(genie_sdk.simulator.__file__).parent
_RANK = {"sql": 0, "domain": 1, "http": 2}


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_imports_only_point_down() -> None:
    upward = []
    for layer, rank in _RANK.items():
        for path in (_ROOT / layer).rglob("*.py"):
            for name in _imported_modules(path):
                parts = name.split(".")
                if parts[:2] == ["genie_sdk", "simulator"] and len(parts) > 2:
                    target = parts[2]
                    if _RANK.get(target, 3) > rank:
                        upward.append(f"{path.relative_to(_ROOT)} imports {name}")
                elif rank < _RANK["http"] and parts[0] in ("starlette", "uvicorn"):
                    upward.append(f"{path.relative_to(_ROOT)} imports {name}")
    assert upward == []


def test_class_names_differ_from_the_sdk_public_names() -> None:
    public = {
        name for module in (genie_sdk, errors, auth, models, results) for name in module.__all__
    }
    simulator_classes = set()
    for info in pkgutil.walk_packages(genie_sdk.simulator.__path__, "genie_sdk.simulator."):
        module = importlib.import_module(info.name)
        simulator_classes.update(
            name
            for name, value in vars(module).items()
            if inspect.isclass(value) and value.__module__ == info.name
        )
    assert simulator_classes & public == set()


def test_earlier_name_of_scripted_answer_still_imports() -> None:
    from genie_sdk.simulator import Answer, ScriptedAnswer

    assert Answer is ScriptedAnswer
