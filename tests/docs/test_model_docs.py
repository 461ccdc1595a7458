"""Every field of every public model says what it is."""

from __future__ import annotations

import pydantic
import pytest

import genie_sdk.models as models

MODELS = [
    obj
    for name in models.__all__
    if isinstance(obj := getattr(models, name), type) and issubclass(obj, pydantic.BaseModel)
]


def test_the_walk_sees_the_models() -> None:
    assert models.Message in MODELS
    assert models.CreateSpaceRequest in MODELS
    assert sum(len(model.model_fields) for model in MODELS) > 100


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_field_has_a_description(model: type[pydantic.BaseModel]) -> None:
    undocumented = [
        name for name, field in model.model_fields.items() if not (field.description or "").strip()
    ]

    assert not undocumented, f"{model.__name__}: fields without a docstring: {undocumented}"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_descriptions_are_one_line(model: type[pydantic.BaseModel]) -> None:
    multi_line = [
        name for name, field in model.model_fields.items() if "\n" in (field.description or "")
    ]

    assert not multi_line, f"{model.__name__}: docstrings longer than one line: {multi_line}"


def test_descriptions_reach_the_json_schema() -> None:
    schema = models.Space.model_json_schema()

    assert schema["properties"]["space_id"]["description"]
