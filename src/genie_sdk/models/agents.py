"""Genie Agents (formerly Genie spaces): the agent and its typed definition.

The definition tree is read tolerantly (fields and enum values this SDK does not know yet are
kept) and checked strictly before it is sent: see `GenieAgentDefinition.check`.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import Self

from genie_sdk.models._agent_rules import definition_problems, sorted_definition
from genie_sdk.models._base import GenieModel, Open, OpenEnum
from genie_sdk.models._serialized_space import definition_data, space_data

__all__ = [
    "GenieAgent",
    "GenieAgentBenchmarkAnswer",
    "GenieAgentBenchmarkAnswerFormat",
    "GenieAgentBenchmarkQuestion",
    "GenieAgentBenchmarks",
    "GenieAgentColumnConfig",
    "GenieAgentConfig",
    "GenieAgentDataSources",
    "GenieAgentDefinition",
    "GenieAgentExampleQuestionSql",
    "GenieAgentInstructions",
    "GenieAgentJoinRelationshipType",
    "GenieAgentJoinSource",
    "GenieAgentJoinSpec",
    "GenieAgentMcpConnection",
    "GenieAgentSampleQuestion",
    "GenieAgentSqlExpression",
    "GenieAgentSqlFilter",
    "GenieAgentSqlFunction",
    "GenieAgentSqlMeasure",
    "GenieAgentSqlParameter",
    "GenieAgentSqlParameterDefaultRange",
    "GenieAgentSqlParameterDefaultValue",
    "GenieAgentSqlSnippets",
    "GenieAgentTable",
    "GenieAgentTextInstruction",
    "GenieAgentView",
    "GenieAgentVolume",
    "ListGenieAgentsResponse",
]


class GenieAgentView(OpenEnum):
    """How much of each agent a listing returns."""

    GENIE_AGENT_VIEW_BASIC = "GENIE_AGENT_VIEW_BASIC"
    GENIE_AGENT_VIEW_FULL = "GENIE_AGENT_VIEW_FULL"


class GenieAgentJoinRelationshipType(OpenEnum):
    """How the rows of the two sides of a join relate."""

    GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_MANY = (
        "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_MANY"
    )
    GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_ONE = (
        "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_MANY_TO_ONE"
    )
    GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_ONE_TO_MANY = (
        "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_ONE_TO_MANY"
    )
    GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_ONE_TO_ONE = "GENIE_AGENT_JOIN_RELATIONSHIP_TYPE_ONE_TO_ONE"


class GenieAgentBenchmarkAnswerFormat(OpenEnum):
    """The format of a benchmark answer."""

    GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL = "GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL"


class GenieAgentSampleQuestion(GenieModel):
    """A sample question shown to the agent's users."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    question: str
    """The question."""


class GenieAgentConfig(GenieModel):
    """General settings of an agent (name, warehouse and description are fields of the agent)."""

    sample_questions: list[GenieAgentSampleQuestion] = []
    """Sample questions shown to users, sorted by ``id``."""


class GenieAgentColumnConfig(GenieModel):
    """Settings of one column of a table or metric view."""

    column: str
    """Name of the column; it must exist in the table."""
    description: str | None = None
    """Description of the column, overriding its Unity Catalog comment."""
    display_name: str | None = None
    """Name shown for the column (only where column display names are enabled)."""
    synonyms: list[str] = []
    """Other names users may use for the column."""
    exclude: bool | None = None
    """Whether the column is hidden from the agent."""
    enable_entity_matching: bool | None = None
    """Whether the column's values are indexed to match them in questions."""
    enable_format_assistance: bool | None = None
    """Whether example values are sampled to learn the column's format."""


class GenieAgentTable(GenieModel):
    """A Unity Catalog table, view or metric view the agent can read."""

    identifier: str
    """Three-level name, ``catalog.schema.table``."""
    description: str | None = None
    """Description of the table for the agent."""
    column_configs: list[GenieAgentColumnConfig] = []
    """Column settings, sorted by ``column``."""


class GenieAgentVolume(GenieModel):
    """A Unity Catalog volume (or a directory or file in one) the agent can read."""

    path: str
    """Volume path, ``/Volumes/catalog/schema/volume[/...]``."""
    description: str | None = None
    """Description of the volume."""


class GenieAgentMcpConnection(GenieModel):
    """A Unity Catalog MCP connection the agent can use."""

    mcp_connection: str
    """Name of the connection, such as ``system.ai.google_calendar``."""


class GenieAgentDataSources(GenieModel):
    """The data an agent can access."""

    tables: list[GenieAgentTable] = []
    """Tables, views and metric views, in the order they were added."""
    volumes: list[GenieAgentVolume] = []
    """Volumes, in the order they were added."""
    mcp_connections: list[GenieAgentMcpConnection] = []
    """MCP connections, sorted by ``mcp_connection``."""


class GenieAgentTextInstruction(GenieModel):
    """The agent's general text instruction."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    content: str
    """The instruction (several lines are one string)."""


class GenieAgentSqlParameterDefaultRange(GenieModel):
    """A range of default values of a SQL parameter."""

    min: str | None = None
    """Lower end of the range."""
    max: str | None = None
    """Upper end of the range."""


class GenieAgentSqlParameterDefaultValue(GenieModel):
    """The default of a SQL parameter: a list of values or a range."""

    values: list[str] = []
    """Default values (a single default is a one-element list)."""
    value_range: GenieAgentSqlParameterDefaultRange | None = None
    """Default range."""


class GenieAgentSqlParameter(GenieModel):
    """A parameter of a parameterized example SQL."""

    name: str
    """Name of the parameter in the SQL."""
    type_hint: str | None = None
    """Data type of the parameter, such as ``STRING`` or ``INTEGER``."""
    description: str | None = None
    """Description of the parameter."""
    default_value: GenieAgentSqlParameterDefaultValue | None = None
    """Default value of the parameter."""


class GenieAgentExampleQuestionSql(GenieModel):
    """An example question with the SQL that answers it."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    question: str
    """The question."""
    sql: str
    """The SQL that answers it (several lines are one string)."""
    usage_guidance: str | None = None
    """When to use this example."""
    parameters: list[GenieAgentSqlParameter] = []
    """Parameters of the SQL, in the order given."""


class GenieAgentSqlFunction(GenieModel):
    """A Unity Catalog SQL function the generated SQL may call."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    identifier: str
    """Three-level name of the function, ``catalog.schema.function``."""


class GenieAgentJoinSource(GenieModel):
    """One side of a join."""

    identifier: str
    """Three-level name of the table or metric view."""
    alias: str | None = None
    """Alias the join condition uses for this side."""


class GenieAgentJoinSpec(GenieModel):
    """A predefined join between two tables or metric views."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    left: GenieAgentJoinSource
    """Left side of the join."""
    right: GenieAgentJoinSource
    """Right side of the join."""
    sql: str
    """Join condition, such as ``orders.customer_id = customers.id``."""
    comment: str | None = None
    """What the join is for."""
    instruction: str | None = None
    """When to use the join."""
    relationship_type: Open[GenieAgentJoinRelationshipType] | None = None
    """How the rows of the two sides relate."""


class GenieAgentSqlExpression(GenieModel):
    """A reusable non-aggregated SQL expression (a dimension)."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    sql: str
    """SQL of the expression."""
    alias: str | None = None
    """Alias used for the expression in generated SQL."""
    display_name: str | None = None
    """Name shown for the expression."""
    instruction: str | None = None
    """When to use the expression."""
    synonyms: list[str] = []
    """Other names for the expression."""


class GenieAgentSqlFilter(GenieModel):
    """A reusable SQL filter."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    sql: str
    """SQL of the filter, such as ``state = 'CA'``."""
    display_name: str | None = None
    """Name shown for the filter."""
    instruction: str | None = None
    """When to use the filter."""
    synonyms: list[str] = []
    """Other names for the filter."""


class GenieAgentSqlMeasure(GenieModel):
    """A reusable aggregated SQL measure."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    sql: str
    """SQL of the measure, such as ``SUM(price * units)``."""
    alias: str | None = None
    """Alias used for the measure in generated SQL."""
    display_name: str | None = None
    """Name shown for the measure."""
    instruction: str | None = None
    """When to use the measure."""
    synonyms: list[str] = []
    """Other names for the measure."""


class GenieAgentSqlSnippets(GenieModel):
    """Reusable SQL snippets."""

    expressions: list[GenieAgentSqlExpression] = []
    """Non-aggregated expressions (dimensions)."""
    filters: list[GenieAgentSqlFilter] = []
    """Filters."""
    measures: list[GenieAgentSqlMeasure] = []
    """Aggregated measures."""


class GenieAgentInstructions(GenieModel):
    """Instructions and SQL that guide how an agent answers."""

    text_instructions: list[GenieAgentTextInstruction] = []
    """General text instructions (at most one)."""
    example_question_sqls: list[GenieAgentExampleQuestionSql] = []
    """Example questions with the SQL that answers them."""
    sql_functions: list[GenieAgentSqlFunction] = []
    """SQL functions the generated SQL may call."""
    join_specs: list[GenieAgentJoinSpec] = []
    """Predefined joins."""
    sql_snippets: GenieAgentSqlSnippets | None = None
    """Reusable filters, expressions and measures."""


class GenieAgentBenchmarkAnswer(GenieModel):
    """The expected answer of a benchmark question."""

    format: Open[GenieAgentBenchmarkAnswerFormat]
    """Format of the answer (SQL is the only one today)."""
    content: str
    """The answer, such as the SQL that answers the question."""


class GenieAgentBenchmarkQuestion(GenieModel):
    """A benchmark question and its expected answer."""

    id: str
    """32 lowercase hex characters, unique within the agent."""
    question: str
    """The question."""
    evaluation_note: str | None = None
    """How to evaluate answers to the question."""
    answer: list[GenieAgentBenchmarkAnswer] = []
    """The expected answer (at most one; none when there is no expected answer)."""


class GenieAgentBenchmarks(GenieModel):
    """Benchmarks that evaluate the agent's answers."""

    questions: list[GenieAgentBenchmarkQuestion] = []
    """Benchmark questions, sorted by ``id`` in descending order."""


class GenieAgentDefinition(GenieModel):
    """What an agent knows: sample questions, data sources, instructions and benchmarks.

    The service stores a definition exactly as sent and refuses one it would store differently,
    so `check` (run before every request that sends one) refuses locally what it would refuse.
    `sorted` puts the lists the service keeps sorted into its order.
    """

    config: GenieAgentConfig | None = None
    """General settings (sample questions)."""
    data_sources: GenieAgentDataSources | None = None
    """The data the agent can access."""
    instructions: GenieAgentInstructions | None = None
    """Instructions and SQL that guide the answers."""
    benchmarks: GenieAgentBenchmarks | None = None
    """Benchmarks that evaluate the answers."""

    def problems(self) -> list[str]:
        """Every way this definition breaks the service's rules (empty when it keeps them all).

        The rules: at least one part is set; every ``id`` is 32 lowercase hex characters and
        unique within the agent; at most one text instruction and one answer per benchmark
        question; sample questions sorted by ``id``, column configs by ``column``, MCP
        connections by name, benchmark questions by ``id`` descending; no empty strings; no
        field or enum value this SDK does not know (the service refuses what it cannot store).
        """
        return definition_problems(self)

    def check(self) -> Self:
        """Return this definition if it keeps the service's rules (see `problems`).

        Raises:
            ValueError: listing every rule it breaks, each with the path of the offending value.
        """
        found = self.problems()
        if found:
            shown = "; ".join(found[:20]) + (
                f"; and {len(found) - 20} more" if len(found) > 20 else ""
            )
            raise ValueError(f"the agent definition breaks the service's rules: {shown}")
        return self

    def sorted(self) -> GenieAgentDefinition:
        """A copy with sample questions, column configs, MCP connections and benchmark
        questions in the order the service keeps them."""
        return type(self).model_validate(sorted_definition(self.to_json()))

    def to_json(self) -> dict[str, Any]:
        """The definition as the API's JSON object, leaving out unset fields and empty lists."""
        return self.model_dump(mode="json", exclude_defaults=True)

    @classmethod
    def from_serialized_space(cls, text: str) -> GenieAgentDefinition:
        """Read a space's exported ``serialized_space`` (a JSON string) as a definition.

        Text held as arrays of lines becomes one string, ``column_name`` becomes ``column``,
        the benchmark format ``SQL`` becomes ``GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL``, metric
        views join the tables, version 1 column flags become their version 2 names, and the
        lists the agent API keeps sorted are sorted. Keys this SDK does not know are kept.

        Raises:
            ValueError: ``text`` is not a JSON object, or a required field is missing.
        """
        data = definition_data(text)
        try:
            return cls.model_validate(sorted_definition(data))
        except ValueError as error:
            raise ValueError(f"serialized_space is not a space definition: {error}") from None

    def to_serialized_space(self) -> str:
        """This definition as a space's ``serialized_space`` (version 2) JSON string.

        The reverse of `from_serialized_space`: text becomes arrays of lines, ``column``
        becomes ``column_name``, formats lose their prefix, and tables, columns and every list
        with ids are sorted as the spaces API keeps them. Metric views stay among the tables.
        """
        return space_data(self.to_json())


class GenieAgent(GenieModel):
    """A Genie Agent (formerly a Genie space): its metadata and, when asked for, its definition."""

    name: str | None = None
    """Resource name, ``agents/<agent_id>``."""
    display_name: str = ""
    """Name of the agent, unique in its folder (at most 63 characters)."""
    description: str | None = None
    """Description of the agent (at most 4,096 characters)."""
    warehouse_id: str | None = None
    """Id of the SQL warehouse the agent runs its queries on."""
    definition: GenieAgentDefinition | None = None
    """The definition; sent by get, and by list only with the full view."""
    parent_path: str | None = None
    """Folder the agent was created in or moved to, as submitted."""
    effective_parent_path: str | None = None
    """Folder holding the agent now."""
    etag: str | None = None
    """Version tag of the definition (metadata changes keep it); pass it back on update or trash."""
    create_time: str | None = None
    """When the agent was created (an RFC 3339 timestamp)."""
    update_time: str | None = None
    """When the agent was last changed (an RFC 3339 timestamp)."""

    @property
    def agent_id(self) -> str | None:
        """Id of the agent, from ``name`` (``agents/<agent_id>``; the same id as the space's).

        ``None`` when the server sent no name, or one of another shape.
        """
        kind, _, agent_id = (self.name or "").partition("/")
        if kind != "agents" or not agent_id.strip() or "/" in agent_id or agent_id in (".", ".."):
            return None
        return agent_id


class ListGenieAgentsResponse(GenieModel):
    """One page of agents."""

    genie_agents: list[GenieAgent] = []
    """The agents on this page."""
    next_page_token: str | None = None
    """Token of the next page; ``None`` on the last page."""
    unreachable: list[str] = []
    """Names of resources left out because they could not be read (full view only)."""
