"""The agent definition tree: the service's rules checked locally, and the space-export converters."""

from __future__ import annotations

import json
from typing import Any

import pytest

from genie_sdk.models import (
    GenieAgent,
    GenieAgentBenchmarkAnswerFormat,
    GenieAgentDefinition,
    GenieAgentJoinRelationshipType,
    ListGenieAgentsResponse,
)

ID_A = "0" * 31 + "a"
ID_B = "0" * 31 + "b"
ID_C = "0" * 31 + "c"
ID_D = "0" * 31 + "d"
ID_E = "0" * 31 + "e"
ID_F = "0" * 31 + "f"
ID_G = "1" * 32

# A space export that keeps every rule of the spaces API: text as lines, tables by identifier,
# columns by name, every list with ids by id.
SPACE_EXPORT: dict[str, Any] = {
    "version": 2,
    "config": {
        "sample_questions": [
            {"id": ID_A, "question": ["What were total sales last month?"]},
            {"id": ID_B, "question": ["Top stores?"]},
        ]
    },
    "data_sources": {
        "tables": [
            {
                "identifier": "main.retail.customers",
                "column_configs": [
                    {"column_name": "name", "synonyms": ["client"], "exclude": False},
                    {
                        "column_name": "tier",
                        "description": ["Loyalty tier,\n", "3 is the highest."],
                        "enable_entity_matching": True,
                        "enable_format_assistance": True,
                    },
                ],
            },
            {"identifier": "main.retail.sales", "description": ["Daily sales."]},
        ]
    },
    "instructions": {
        "text_instructions": [
            {"id": ID_C, "content": ["Amounts are in EUR.\n", "Weeks start Monday."]}
        ],
        "example_question_sqls": [
            {
                "id": ID_D,
                "question": ["Sales in a region"],
                "sql": [
                    "SELECT SUM(amount)\n",
                    "FROM main.retail.sales\n",
                    "WHERE region = :region",
                ],
                "usage_guidance": ["For one region."],
                "parameters": [
                    {
                        "name": "region",
                        "type_hint": "STRING",
                        "description": ["A region name."],
                        "default_value": {"values": ["North"]},
                    }
                ],
            }
        ],
        "sql_functions": [{"id": ID_E, "identifier": "main.retail.fiscal_quarter"}],
        "join_specs": [
            {
                "id": ID_F,
                "left": {"identifier": "main.retail.sales", "alias": "s"},
                "right": {"identifier": "main.retail.customers", "alias": "c"},
                "sql": ["s.customer_id = c.customer_id"],
                "comment": ["Sales to customers."],
                "relationship_type": "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_ONE",
            }
        ],
        "sql_snippets": {
            "measures": [
                {"id": ID_G, "alias": "revenue", "sql": ["SUM(amount)"], "synonyms": ["sales"]}
            ]
        },
    },
    "benchmarks": {
        "questions": [
            {"id": "2" * 32, "question": ["How many customers?"]},
            {
                "id": "3" * 32,
                "question": ["Total sales?"],
                "answer": [{"format": "SQL", "content": ["SELECT SUM(amount)\n", "FROM sales"]}],
            },
        ]
    },
}


def definition(**data: Any) -> GenieAgentDefinition:
    return GenieAgentDefinition.model_validate(data)


def test_a_space_export_survives_the_round_trip_through_the_definition() -> None:
    typed = GenieAgentDefinition.from_serialized_space(json.dumps(SPACE_EXPORT))

    assert typed.problems() == []
    assert json.loads(typed.to_serialized_space()) == SPACE_EXPORT


def test_the_converter_reshapes_text_columns_formats_and_orders() -> None:
    typed = GenieAgentDefinition.from_serialized_space(json.dumps(SPACE_EXPORT))

    assert typed.instructions is not None
    assert (
        typed.instructions.text_instructions[0].content
        == "Amounts are in EUR.\nWeeks start Monday."
    )
    example = typed.instructions.example_question_sqls[0]
    assert example.sql == "SELECT SUM(amount)\nFROM main.retail.sales\nWHERE region = :region"
    assert example.parameters[0].description == "A region name."
    assert example.parameters[0].default_value is not None
    assert example.parameters[0].default_value.values == ["North"]
    join = typed.instructions.join_specs[0]
    assert (
        join.relationship_type
        is GenieAgentJoinRelationshipType.GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_ONE
    )
    assert typed.data_sources is not None
    columns = typed.data_sources.tables[0].column_configs
    assert [c.column for c in columns] == ["name", "tier"]
    assert columns[1].description == "Loyalty tier,\n3 is the highest."
    assert typed.benchmarks is not None
    questions = typed.benchmarks.questions
    assert [q.id for q in questions] == ["3" * 32, "2" * 32]  # the agent API: id descending
    assert (
        questions[0].answer[0].format
        is GenieAgentBenchmarkAnswerFormat.GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL
    )
    assert questions[0].answer[0].content == "SELECT SUM(amount)\nFROM sales"
    assert "version" not in typed.to_json()


def test_a_definition_survives_the_round_trip_through_a_space_export() -> None:
    typed = GenieAgentDefinition.from_serialized_space(json.dumps(SPACE_EXPORT))

    again = GenieAgentDefinition.from_serialized_space(typed.to_serialized_space())

    assert again == typed


def test_the_export_sorts_what_the_spaces_api_keeps_sorted() -> None:
    typed = definition(
        data_sources={
            "tables": [
                {"identifier": "c.s.z", "column_configs": [{"column": "b"}, {"column": "a"}]},
                {"identifier": "c.s.a"},
            ]
        },
        instructions={
            "sql_functions": [
                {"id": ID_B, "identifier": "c.s.f"},
                {"id": ID_A, "identifier": "c.s.g"},
            ]
        },
        benchmarks={"questions": [{"id": ID_B, "question": "x"}, {"id": ID_A, "question": "y"}]},
    )

    space = json.loads(typed.to_serialized_space())

    assert [t["identifier"] for t in space["data_sources"]["tables"]] == ["c.s.a", "c.s.z"]
    assert [c["column_name"] for c in space["data_sources"]["tables"][1]["column_configs"]] == [
        "a",
        "b",
    ]
    assert [f["id"] for f in space["instructions"]["sql_functions"]] == [ID_A, ID_B]
    assert [q["id"] for q in space["benchmarks"]["questions"]] == [ID_A, ID_B]
    assert space["version"] == 2


def test_metric_views_join_the_tables_and_version_1_flags_take_their_new_names() -> None:
    export = {
        "version": 1,
        "data_sources": {
            "tables": [
                {
                    "identifier": "c.s.t",
                    "column_configs": [
                        {
                            "column_name": "x",
                            "get_example_values": True,
                            "build_value_dictionary": False,
                        }
                    ],
                }
            ],
            "metric_views": [{"identifier": "c.s.mv", "description": ["Revenue metrics"]}],
        },
    }

    typed = GenieAgentDefinition.from_serialized_space(json.dumps(export))

    assert typed.data_sources is not None
    tables = typed.data_sources.tables
    assert [t.identifier for t in tables] == ["c.s.t", "c.s.mv"]
    assert tables[1].description == "Revenue metrics"
    column = tables[0].column_configs[0]
    assert column.enable_format_assistance is True
    assert column.enable_entity_matching is False
    assert typed.problems() == []


def test_keys_the_converter_does_not_know_pass_through_both_ways() -> None:
    export = {
        "version": 2,
        "instructions": {
            "join_specs": [
                {
                    "id": ID_A,
                    "left": {"identifier": "c.s.a"},
                    "right": {"identifier": "c.s.b"},
                    "sql": ["a.x = b.x"],
                    "join_type": "LEFT JOIN",
                }
            ]
        },
    }

    typed = GenieAgentDefinition.from_serialized_space(json.dumps(export))

    assert json.loads(typed.to_serialized_space()) == export
    assert typed.problems() == [
        "definition.instructions.join_specs[0].join_type: not a field of GenieAgentJoinSpec"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps({"config": {"sample_questions": [{"question": ["no id"]}]}}), "id"),
        (
            json.dumps({"instructions": {"text_instructions": [{"id": ID_A, "content": [1]}]}}),
            "content",
        ),
    ],
)
def test_a_text_that_is_no_space_definition_raises_value_error(text: str, expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        GenieAgentDefinition.from_serialized_space(text)


VALID: dict[str, Any] = {
    "instructions": {"text_instructions": [{"id": ID_A, "content": "Be brief."}]}
}

BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("empty definition", {}, "set at least one of"),
    (
        "uppercase id",
        {"config": {"sample_questions": [{"id": ID_A.upper(), "question": "q"}]}},
        "32 lowercase hex",
    ),
    (
        "short id",
        {"instructions": {"sql_functions": [{"id": "abc", "identifier": "c.s.f"}]}},
        "32 lowercase hex",
    ),
    (
        "id used twice across parts",
        {
            "config": {"sample_questions": [{"id": ID_A, "question": "q"}]},
            "benchmarks": {"questions": [{"id": ID_A, "question": "q"}]},
        },
        r"benchmarks.questions\[0\].id: 0+a is already the id of config.sample_questions\[0\]",
    ),
    (
        "two text instructions",
        {
            "instructions": {
                "text_instructions": [{"id": ID_A, "content": "a"}, {"id": ID_B, "content": "b"}]
            }
        },
        "at most one text instruction",
    ),
    (
        "sample questions out of order",
        {
            "config": {
                "sample_questions": [{"id": ID_B, "question": "q"}, {"id": ID_A, "question": "r"}]
            }
        },
        "sample_questions: must be sorted by id in ascending order",
    ),
    (
        "column configs out of order",
        {
            "data_sources": {
                "tables": [
                    {"identifier": "c.s.t", "column_configs": [{"column": "b"}, {"column": "a"}]}
                ]
            }
        },
        r"tables\[0\].column_configs: must be sorted by column",
    ),
    (
        "a column configured twice",
        {
            "data_sources": {
                "tables": [
                    {"identifier": "c.s.t", "column_configs": [{"column": "a"}, {"column": "a"}]}
                ]
            }
        },
        "appears twice",
    ),
    (
        "MCP connections out of order",
        {
            "data_sources": {
                "mcp_connections": [{"mcp_connection": "z.y.x"}, {"mcp_connection": "a.b.c"}]
            }
        },
        "mcp_connections: must be sorted by mcp_connection",
    ),
    (
        "benchmark questions ascending",
        {
            "benchmarks": {
                "questions": [{"id": ID_A, "question": "q"}, {"id": ID_B, "question": "r"}]
            }
        },
        "questions: must be sorted by id in descending order",
    ),
    (
        "two benchmark answers",
        {
            "benchmarks": {
                "questions": [
                    {
                        "id": ID_A,
                        "question": "q",
                        "answer": [
                            {
                                "format": "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL",
                                "content": "SELECT 1",
                            },
                            {
                                "format": "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL",
                                "content": "SELECT 2",
                            },
                        ],
                    }
                ]
            }
        },
        "at most one answer",
    ),
    (
        "an empty string",
        {"data_sources": {"tables": [{"identifier": "c.s.t", "description": ""}]}},
        r"tables\[0\].description: must not be an empty string",
    ),
    (
        "an empty synonym",
        {
            "data_sources": {
                "tables": [
                    {"identifier": "c.s.t", "column_configs": [{"column": "a", "synonyms": [""]}]}
                ]
            }
        },
        r"synonyms\[0\]: must not be an empty string",
    ),
    (
        "an unknown field",
        {**VALID, "color": "blue"},
        "definition.color: not a field of GenieAgentDefinition",
    ),
    (
        "an unknown enum value",
        {
            "instructions": {
                "join_specs": [
                    {
                        "id": ID_A,
                        "left": {"identifier": "c.s.a"},
                        "right": {"identifier": "c.s.b"},
                        "sql": "a.x = b.x",
                        "relationship_type": "MANY_TO_ONE",
                    }
                ]
            }
        },
        "'MANY_TO_ONE' is not one of GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_",
    ),
    (
        "a lone surrogate",
        {"instructions": {"text_instructions": [{"id": ID_A, "content": "bad \ud800"}]}},
        "valid Unicode",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [(d, e) for _, d, e in BROKEN], ids=[n for n, _, _ in BROKEN]
)
def test_each_rule_of_the_service_is_checked_locally(data: dict[str, Any], expected: str) -> None:
    typed = definition(**data)

    with pytest.raises(ValueError, match=expected):
        typed.check()


def test_a_value_that_is_not_json_data_is_a_problem_not_a_crash() -> None:
    typed = definition(**VALID, extra_part=object())

    problems = typed.problems()

    assert problems[0] == "definition.extra_part: not a field of GenieAgentDefinition"
    assert "not JSON data" in problems[-1]


def test_a_definition_that_keeps_the_rules_passes_the_check() -> None:
    typed = definition(**VALID)

    assert typed.check() is typed


def test_sorted_puts_every_sorted_list_in_the_service_order() -> None:
    typed = definition(
        config={"sample_questions": [{"id": ID_B, "question": "q"}, {"id": ID_A, "question": "r"}]},
        data_sources={
            "tables": [
                {"identifier": "c.s.t", "column_configs": [{"column": "b"}, {"column": "a"}]}
            ],
            "mcp_connections": [{"mcp_connection": "z.y.x"}, {"mcp_connection": "a.b.c"}],
        },
        benchmarks={"questions": [{"id": ID_C, "question": "q"}, {"id": ID_D, "question": "r"}]},
    )
    assert len(typed.problems()) == 4

    fixed = typed.sorted()

    assert fixed.problems() == []
    assert fixed.benchmarks is not None
    assert [q.id for q in fixed.benchmarks.questions] == [ID_D, ID_C]


def test_the_wire_json_leaves_out_unset_fields_and_empty_lists() -> None:
    typed = definition(
        data_sources={
            "tables": [
                {"identifier": "c.s.t", "column_configs": [{"column": "a", "exclude": False}]}
            ]
        }
    )

    assert typed.to_json() == {
        "data_sources": {
            "tables": [
                {"identifier": "c.s.t", "column_configs": [{"column": "a", "exclude": False}]}
            ]
        }
    }


def test_an_agent_from_the_server_keeps_what_this_sdk_does_not_know() -> None:
    agent = GenieAgent.model_validate(
        {
            "name": "agents/" + ID_A,
            "display_name": "Sales",
            "warehouse_id": "w1",
            "etag": "e1",
            "create_time": "2026-11-30T10:00:00Z",
            "owner": "someone",
            "definition": {
                "instructions": {
                    "join_specs": [
                        {
                            "id": ID_A,
                            "left": {"identifier": "c.s.a"},
                            "right": {"identifier": "c.s.b"},
                            "sql": "a.x = b.x",
                            "relationship_type": "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_SOME_NEW_KIND",
                        }
                    ]
                },
                "new_part": {"x": 1},
            },
        }
    )

    assert agent.agent_id == ID_A
    assert agent.model_extra == {"owner": "someone"}
    assert agent.definition is not None
    assert agent.definition.model_extra == {"new_part": {"x": 1}}
    assert agent.definition.instructions is not None
    kind = agent.definition.instructions.join_specs[0].relationship_type
    assert kind == "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_SOME_NEW_KIND"


def test_a_listing_page_keeps_its_unreachable_names() -> None:
    page = ListGenieAgentsResponse.model_validate(
        {"genie_agents": [{"name": "agents/" + ID_A}], "unreachable": ["agents/" + ID_B, "other/x"]}
    )

    assert page.unreachable == ["agents/" + ID_B, "other/x"]
    assert page.genie_agents[0].display_name == ""


@pytest.mark.parametrize("name", [None, "", "agents/", "agents/..", "agents/a/b", "spaces/x", "x"])
def test_an_agent_id_is_read_only_from_a_name_of_the_documented_shape(name: str | None) -> None:
    assert GenieAgent(name=name).agent_id is None
