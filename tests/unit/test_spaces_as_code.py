"""The pure parts of spaces as code: retargeting SQL, diffs, evaluation reports, watermarks."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from genie_sdk import EvalQuestionResult, EvalReport, RetargetError, SpaceDefinition
from genie_sdk._core.harvest import watermark_ms
from genie_sdk._core.retarget import Retargeter
from genie_sdk._core.space_clone import retargeted
from genie_sdk.models import EvalRun

ID1, ID2 = "0" * 31 + "1", "0" * 31 + "2"


def definition(**tree: object) -> SpaceDefinition:
    return SpaceDefinition.model_validate({"title": "T", "definition": tree})


SOURCE = definition(
    data_sources={"tables": [{"identifier": "dev.sales.orders"}, {"identifier": "dev.ref.dates"}]},
    instructions={
        "example_question_sqls": [
            {
                "id": ID1,
                "question": "Orders by day?",
                "sql": "SELECT d.day, COUNT(*)  -- dev.sales.orders stays in comments\n"
                "FROM dev.sales.orders o\nJOIN `dev`.`ref`.dates d ON d.day = o.day\n"
                "WHERE o.id IN (SELECT id FROM dev.sales.orders)\nGROUP BY 1",
            }
        ],
        "sql_functions": [{"id": ID2, "identifier": "dev.ref.fiscal_quarter"}],
    },
)


def test_retargeting_rewrites_only_what_the_parser_finds_and_keeps_the_text() -> None:
    copied, rewrites = retargeted(SOURCE, {"dev.sales": "prod.sales", "dev": "prd"})
    tree = copied.definition
    assert [t.identifier for t in tree.data_sources.tables] == [  # type: ignore[union-attr]
        "prod.sales.orders",
        "prd.ref.dates",
    ]
    sql = tree.instructions.example_question_sqls[0].sql  # type: ignore[union-attr]
    assert sql == (
        "SELECT d.day, COUNT(*)  -- dev.sales.orders stays in comments\n"
        "FROM prod.sales.orders o\nJOIN prd.ref.dates d ON d.day = o.day\n"
        "WHERE o.id IN (SELECT id FROM prod.sales.orders)\nGROUP BY 1"
    )
    assert tree.instructions.sql_functions[0].identifier == "prd.ref.fiscal_quarter"  # type: ignore[union-attr]
    assert {(r.old, r.new) for r in rewrites} == {
        ("dev.sales.orders", "prod.sales.orders"),
        ("dev.ref.dates", "prd.ref.dates"),
        ("dev.ref.fiscal_quarter", "prd.ref.fiscal_quarter"),
    }
    assert SOURCE.definition.data_sources.tables[0].identifier == "dev.sales.orders"  # type: ignore[union-attr]


def test_a_map_that_leaves_references_unmapped_lists_them_all() -> None:
    with pytest.raises(RetargetError) as raised:
        retargeted(SOURCE, {"dev.sales": "prod.sales"})
    assert raised.value.unmapped == ["dev.ref"]
    assert isinstance(raised.value, ValueError)


def test_sql_that_does_not_parse_stops_the_clone() -> None:
    broken = definition(
        instructions={"example_question_sqls": [{"id": ID1, "question": "q", "sql": "SELEC (("}]}
    )
    with pytest.raises(RetargetError, match=f"example_question_sqls {ID1}"):
        retargeted(broken, {"dev": "prd"})


@pytest.mark.parametrize(
    "mapping",
    [{"dev.sales": "prod"}, {"": "x"}, {"a..b": "c.d"}, {"a.b.c.d": "e.f.g.h"}, "dev=prod"],
)
def test_a_malformed_map_raises_value_error(mapping: object) -> None:
    with pytest.raises(ValueError, match="retarget"):
        Retargeter(mapping)  # type: ignore[arg-type]


def test_no_map_copies_as_is() -> None:
    assert retargeted(SOURCE, None) == (SOURCE, [])


def test_the_diff_reports_items_by_id_and_ignores_whitespace() -> None:
    changed = definition(
        data_sources={"tables": [{"identifier": "dev.sales.orders", "description": "Orders"}]},
        instructions={
            "example_question_sqls": [
                {
                    "id": ID1,
                    "question": "Orders  by day?",
                    "sql": SOURCE.definition.instructions.example_question_sqls[0].sql.replace(  # type: ignore[union-attr]
                        "\n", "\n   "
                    ),
                }
            ],
        },
    )
    diff = SOURCE.diff(changed)
    assert [(c.kind, c.id, c.action, c.fields) for c in diff.changes] == [
        ("tables", "dev.ref.dates", "removed", ()),
        ("tables", "dev.sales.orders", "changed", ("description",)),
        ("sql_functions", ID2, "removed", ()),
    ]
    assert str(diff).splitlines()[0] == "- tables dev.ref.dates: dev.ref.dates"
    assert not SOURCE.diff(SOURCE.model_copy(update={"etag": "other"}))


def result(qid: str, verdict: str) -> EvalQuestionResult:
    return EvalQuestionResult(qid, f"question {qid}?", verdict, [], None, "SELECT 1", [])


def report(*verdicts: str) -> EvalReport:
    results = [result(f"q{i}", v) for i, v in enumerate(verdicts)]
    return EvalReport("s1", "r1", EvalRun(eval_run_id="r1", eval_run_status="DONE"), results)


def test_compare_lists_regressions_fixes_added_and_removed() -> None:
    earlier = report("GOOD", "BAD", "GOOD")
    now = report("BAD", "GOOD")
    now.results.append(result("q9", "GOOD"))
    comparison = now.compare(earlier)
    assert [r.key for r in comparison.regressions] == ["q0"]
    assert [r.key for r in comparison.fixes] == ["q1"]
    assert [r.key for r in comparison.added] == ["q9"]
    assert [r.key for r in comparison.removed] == ["q2"]
    assert "**Regressions** (1)" in comparison.to_markdown()


def test_junit_xml_fails_bad_skips_needs_review_and_survives_control_characters() -> None:
    hostile = report("GOOD", "BAD", "NEEDS_REVIEW")
    hostile.results[1] = EvalQuestionResult(
        "q1", "drop \x1b[2J table\x00?", "BAD", ["RESULT_MISSING_ROWS"], "x", "y", []
    )
    suite = ET.fromstring(hostile.to_junit_xml())
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert cases[1].find("failure").get("message") == "RESULT_MISSING_ROWS"  # type: ignore[union-attr]
    assert cases[1].get("name") == "drop [2J table?"
    assert cases[2].find("skipped") is not None


def test_report_round_trips_through_json_and_renders() -> None:
    original = report("GOOD", "BAD")
    again = EvalReport.from_json(original.to_json())
    assert again.results == original.results
    assert again.accuracy == 0.5
    assert "| BAD | question q1? |" in original.to_markdown()
    frame = original.to_pandas()
    assert list(frame["verdict"]) == ["GOOD", "BAD"]
    with pytest.raises(ValueError, match="not an evaluation report"):
        EvalReport.from_json("{}")


def test_the_harvest_watermark() -> None:
    assert watermark_ms(None) == 0
    assert watermark_ms(1_700_000_000_000) == 1_700_000_000_000
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert watermark_ms(moment) == 1_767_225_600_000
    for bad in (dt.datetime(2026, 1, 1), -1, True, "yesterday"):
        with pytest.raises(ValueError, match="since"):
            watermark_ms(bad)  # type: ignore[arg-type]
