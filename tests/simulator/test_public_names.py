"""No simulator class is named like a public SDK name; earlier public names still import."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import genie_sdk
import genie_sdk.simulator
from genie_sdk import auth, errors, models, results


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
