"""Reading dashboard and space definitions, and the tables their SQL reads."""

from __future__ import annotations

import json

import pytest

from genie_sdk.index.parse import (
    MAX_SQL_CHARS,
    parse_agent,
    parse_dashboard,
    parse_space,
    tables_read,
)
from genie_sdk.index.records import AclRow
from genie_sdk.index.sources import owner_of


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ("SELECT * FROM cat.sch.t", ["cat.sch.t"]),
        ("SELECT * FROM `my-cat`.`sch`.`t 1`", ["my-cat.sch.t 1"]),
        (
            "WITH x AS (SELECT * FROM c.s.a) SELECT * FROM x JOIN c.s.b USING (id)",
            ["c.s.a", "c.s.b"],
        ),
        ("SELECT * FROM c.s.a WHERE id IN (SELECT id FROM c.s.b)", ["c.s.a", "c.s.b"]),
        ("SELECT * FROM c.s.a WHERE d BETWEEN :r.min AND :r.max AND k = :kw", ["c.s.a"]),
        ("SELECT * FROM read_files('/Volumes/x')", []),
        ("SELECT 1", []),
        ("this is not SQL ((", []),
        ("SELECT * FROM a; SELECT * FROM c.s.b", ["a", "c.s.b"]),
    ],
)
def test_tables_read(sql: str, tables: list[str]) -> None:
    assert tables_read(sql) == tables


def test_hostile_sql_reads_nothing_instead_of_failing() -> None:
    nested = "SELECT " + "(" * 3000 + "1" + ")" * 3000 + " FROM a.b.c"
    assert tables_read(nested) == []
    overlong = "SELECT * FROM a.b.c WHERE " + " OR ".join(["x = 1"] * 20_000)
    assert len(overlong) > MAX_SQL_CHARS
    assert tables_read(overlong) == []


def test_unqualified_tables_take_the_dataset_catalog_and_schema() -> None:
    assert tables_read("SELECT * FROM t JOIN s2.u", catalog="c", schema="s") == ["c.s.t", "c.s2.u"]


def test_a_dashboard_definition_gives_datasets_parameters_widgets_and_lineage() -> None:
    serialized = json.dumps(
        {
            "datasets": [
                {
                    "name": "d1",
                    "displayName": "Orders",
                    "queryLines": [
                        "SELECT *\n",
                        "FROM main.shop.orders\n",
                        "WHERE region = :region",
                    ],
                    "parameters": [{"keyword": "region", "dataType": "STRING"}],
                },
                {"name": "d2", "query": "SELECT * FROM items", "catalog": "main", "schema": "shop"},
            ],
            "pages": [
                {
                    "name": "p",
                    "displayName": "Main",
                    "layout": [
                        {
                            "widget": {
                                "name": "w",
                                "queries": [{"name": "q", "query": {"datasetName": "d1"}}],
                                "spec": {"widgetType": "bar", "frame": {"title": "Orders by day"}},
                            }
                        },
                        {"widget": {"name": "t", "textbox_spec": "## Notes\nmore"}},
                        {"widget": "not an object"},
                    ],
                }
            ],
        }
    )
    definition = parse_dashboard(serialized)
    assert [(d.name, d.sql, d.parameters, d.tables) for d in definition.datasets] == [
        (
            "d1",
            "SELECT *\nFROM main.shop.orders\nWHERE region = :region",
            ("region",),
            ("main.shop.orders",),
        ),
        ("d2", "SELECT * FROM items", (), ("main.shop.items",)),
    ]
    assert [(w.page, w.name, w.widget_type, w.title, w.dataset) for w in definition.widgets] == [
        ("Main", "w", "bar", "Orders by day", "d1"),
        ("Main", "t", "text", "Notes", None),
    ]
    assert definition.tables == {"main.shop.orders": "d1", "main.shop.items": "d2"}


@pytest.mark.parametrize(
    "serialized",
    [None, "", "not json", "[]", '{"datasets": 3, "pages": [1]}', "[" * 100_000 + "]" * 100_000],
)
def test_a_broken_definition_reads_as_empty(serialized: str | None) -> None:
    definition = parse_dashboard(serialized)
    assert (definition.datasets, definition.widgets, definition.tables) == ([], [], {})
    assert parse_space(serialized).tables == {}


def test_a_space_definition_gives_tables_columns_questions_and_example_sql_lineage() -> None:
    tree = {
        "config": {"sample_questions": [{"id": "q1", "question": ["Revenue ", "by month?"]}]},
        "data_sources": {
            "tables": [
                {
                    "identifier": "main.shop.orders",
                    "column_configs": [
                        {"column": "amt", "description": ["Order amount"], "synonyms": ["revenue"]}
                    ],
                }
            ]
        },
        "instructions": {
            "text_instructions": [{"id": "i", "content": ["Amounts in EUR."]}],
            "example_question_sqls": [
                {"id": "e", "question": ["q"], "sql": ["SELECT * FROM main.shop.refunds"]}
            ],
        },
    }
    for definition in (parse_space(json.dumps(tree)), parse_agent(tree)):
        assert definition.tables == {
            "main.shop.orders": "data_sources",
            "main.shop.refunds": "example_sql",
        }
        assert [(c.table, c.column, c.description, c.synonyms) for c in definition.columns] == [
            ("main.shop.orders", "amt", "Order amount", ("revenue",))
        ]
        assert definition.sample_questions == [("q1", "Revenue by month?")]


def test_the_owner_comes_from_the_acl_then_the_path() -> None:
    owner = AclRow("ann", "user", "IS_OWNER")
    manager = AclRow("bob", "user", "CAN_MANAGE")
    group = AclRow("admins", "group", "CAN_MANAGE")
    inherited = AclRow("carl", "user", "CAN_MANAGE", "/directories/1")
    assert owner_of([manager, owner], None) == "ann"
    assert owner_of([group, inherited, manager], None) == "bob"
    assert (
        owner_of([group], "/Workspace/Users/dora@example.com/x.lvdash.json") == "dora@example.com"
    )
    assert owner_of(None, "/Workspace/Users/dora@example.com") == "dora@example.com"
    assert owner_of([group], "/Workspace/Shared/x") is None
