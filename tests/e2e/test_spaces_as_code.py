"""Spaces as code end to end over real HTTP: export, edit the YAML, diff, push, clone into a
second workspace with a retarget map, evaluate the clone and gate on its accuracy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from genie_sdk import (
    BadRequestError,
    DefinitionError,
    EvalReport,
    RetargetError,
    SpaceDefinition,
    SpaceDriftError,
)
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from tests.conftest import FAST
from tests.support.clients import Client, MakeClient

EDITED_SQL = "SELECT COUNT(*) AS stores FROM samples.retail.stores"


@pytest.fixture(scope="module")
def prod_server() -> Iterator[GenieSimulator]:
    """A second workspace, whose data lives in the catalog ``prod``, schema ``retail``."""
    with GenieSimulator(rate_limit=None, advance="poll") as server:
        yield server


@pytest.fixture
def prod(prod_server: GenieSimulator) -> GenieSimulator:
    prod_server.reset()
    return prod_server


def _edit(path: Path) -> None:
    """Edit the exported YAML as a person would: a new example query and a new title."""
    text = path.read_text()
    text = text.replace("title: Retail Sales (demo)", "title: Retail Sales")
    text = text.replace(
        "    example_question_sqls:\n",
        "    example_question_sqls:\n"
        "    - id: 00000000000000000000000000000abc\n"
        "      question: How many stores are there?\n"
        "      sql: |-\n"
        "        SELECT COUNT(*) AS stores\n"
        "        FROM samples.retail.stores\n",
    )
    path.write_text(text)


def test_export_edit_diff_push_clone_and_evaluate(
    sim: GenieSimulator, live: Client, make_live: MakeClient, prod: GenieSimulator, tmp_path: Path
) -> None:
    spaces = live.client.spaces
    exported: SpaceDefinition = live(spaces.export(sim.space_id))
    path = tmp_path / "space.yaml"
    exported.write(path)
    assert "sql: |-\n        SELECT s.channel" in path.read_text()  # SQL as block text

    _edit(path)
    edited = SpaceDefinition.from_file(path)
    diff = exported.diff(edited)
    assert [(c.kind, c.id, c.action) for c in diff.changes] == [
        ("space", "title", "changed"),
        ("example_question_sqls", "00000000000000000000000000000abc", "added"),
    ]

    live(spaces.push(sim.space_id, edited))  # the file's etag still matches
    again = live(spaces.export(sim.space_id))
    assert not edited.diff(again)
    assert again.title == "Retail Sales"

    # The etag in the file is stale now: a second push loses nothing and shows the drift.
    stale = live.outcome(lambda: spaces.push(sim.space_id, exported))
    assert isinstance(stale, SpaceDriftError)
    assert [(c.kind, c.action) for c in stale.diff.changes] == [
        ("space", "changed"),
        ("example_question_sqls", "removed"),
    ]
    assert "example_question_sqls 00000000000000000000000000000abc" in str(stale)
    assert live(spaces.export(sim.space_id)).title == "Retail Sales"

    # The target workspace's client runs on the same event loop as the source's.
    target = live.client.__class__(prod.url, auth=PAT(prod.token), polling=FAST)
    try:
        _promote(sim, live, target, prod)
    finally:
        live(target.aclose() if hasattr(target, "aclose") else target.close())


def _promote(sim: GenieSimulator, live: Client, target: Any, prod: GenieSimulator) -> None:
    spaces = live.client.spaces
    unmapped = live.outcome(
        lambda: spaces.clone(sim.space_id, to=target, retarget={"other.x": "prod.retail"})
    )
    assert isinstance(unmapped, RetargetError)
    assert unmapped.unmapped == ["samples.retail"]
    assert len(live.items(target.spaces.list())) == 3  # nothing was created

    retarget = {"samples.retail": "prod.retail"}
    missing = live.outcome(lambda: spaces.clone(sim.space_id, to=target, retarget=retarget))
    assert isinstance(missing, BadRequestError)  # the target has no prod.retail tables yet
    assert "prod.retail" in str(missing)

    prod.mirror_schema("prod.retail")
    clone = live(
        spaces.clone(
            sim.space_id,
            title="Retail Sales (prod)",
            to=target,
            retarget=retarget,
            warehouse_id=prod.warehouse_id,
        )
    )
    assert clone.space.title == "Retail Sales (prod)"
    assert ("tables", "samples.retail.sales", "prod.retail.sales") in {
        (r.where, r.old, r.new) for r in clone.rewrites
    }
    assert any(r.where.startswith("example_question_sqls") for r in clone.rewrites)
    copied = live(target.spaces.export(clone.space.space_id))
    serialized = copied.to_serialized_space()
    assert "samples.retail" not in serialized
    assert "FROM prod.retail.stores" in serialized

    report: EvalReport = live(target.evaluate(clone.space.space_id))
    assert [r.verdict for r in report.results] == ["GOOD", "GOOD", "BAD"]
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.results[2].result_differences == ["RESULT_EXTRA_COLUMNS"]
    assert report.results[0].expected_sql
    assert "prod.retail" in report.results[0].expected_sql
    assert report.accuracy < 0.9  # the CI gate would fail
    junit = report.to_junit_xml()
    assert 'tests="3"' in junit
    assert 'failures="1"' in junit
    assert "| BAD | What are the top 5 products?" in report.to_markdown()


def test_a_definition_round_trips_through_yaml_and_json_with_an_empty_diff(
    sim: GenieSimulator, live: Client, tmp_path: Path
) -> None:
    exported: SpaceDefinition = live(live.client.spaces.export(sim.space_id))
    from_yaml = SpaceDefinition.from_text(exported.to_yaml())
    from_json = SpaceDefinition.from_text(exported.to_json())
    assert not exported.diff(from_yaml)
    assert not exported.diff(from_json)
    assert from_yaml == exported
    assert str(exported.diff(from_yaml)) == "(no changes)"


def test_the_diff_ignores_key_order_and_whitespace(sim: GenieSimulator, live: Client) -> None:
    exported: SpaceDefinition = live(live.client.spaces.export(sim.space_id))
    data = json.loads(exported.to_json())
    example = data["definition"]["instructions"]["example_question_sqls"][0]
    example["sql"] = "  " + example["sql"].replace("\n", "\n\n   ") + "  "
    data["definition"]["instructions"]["example_question_sqls"][0] = dict(
        reversed(list(example.items()))
    )
    assert not exported.diff(SpaceDefinition.from_text(json.dumps(data)))


def test_a_file_that_does_not_parse_names_the_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "title: T\n"
        "definition:\n"
        "  instructions:\n"
        "    example_question_sqls:\n"
        "    - id: 00000000000000000000000000000abc\n"
        "      question: How many?\n"
        "      sqll: SELECT 1\n"
        "      sql: SELECT 1\n"
    )
    with pytest.raises(DefinitionError) as raised:
        SpaceDefinition.from_file(path)
    assert raised.value.source == str(path)
    assert raised.value.line == 7
    assert raised.value.field == "definition.instructions.example_question_sqls[0].sqll"
    assert f"{path}:7:" in str(raised.value)

    path.write_text("title: T\ndefinition:\n  instructions: [unclosed\n")
    with pytest.raises(DefinitionError, match=r"broken\.yaml:\d+:"):
        SpaceDefinition.from_file(path)

    path.write_text(
        "title: T\ndefinition:\n  instructions:\n    example_question_sqls:\n    - id: x\n"
    )
    with pytest.raises(DefinitionError) as missing:
        SpaceDefinition.from_file(path)
    assert missing.value.line == 5
    assert missing.value.field == "definition.instructions.example_question_sqls[0].question"


def test_benchmarks_are_editable_through_the_definition(sim: GenieSimulator, live: Client) -> None:
    exported: SpaceDefinition = live(live.client.spaces.export(sim.space_id))
    more = exported.with_benchmark("How many stores are there?", EDITED_SQL)
    live(live.client.spaces.push(sim.space_id, more))
    report: EvalReport = live(live.client.evaluate(sim.space_id))
    assert "How many stores are there?" in [r.question for r in report.results]
    earlier: EvalReport = live(live.client.evaluate(sim.space_id))
    comparison = report.compare(earlier)
    assert comparison.regressions == []
    assert comparison.fixes == []
    assert comparison.accuracy_change == 0
