"""What every Genie tool returns: one structured answer and the Markdown a model reads.

The MCP server, LangChain, the OpenAI Agents SDK and LlamaIndex all build their results here,
so that the same question gives the same output in each, truncated by the same rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from genie_sdk._core.answer import AnswerData
from genie_sdk.errors import GenieError, PollTimeoutError
from genie_sdk.integrations.values import JsonValue, json_value
from genie_sdk.models import Space
from genie_sdk.results import QueryResult
from genie_sdk.results.encoding import encode_value

__all__ = [
    "AskOutput",
    "ColumnOutput",
    "ResultPage",
    "SpaceDetails",
    "SpaceList",
    "SpaceSummary",
    "ToolLimits",
    "ask_description",
    "ask_markdown",
    "ask_output",
    "error_text",
    "result_page",
    "space_details",
    "space_markdown",
]

_NUMERIC = frozenset({"BYTE", "SHORT", "INT", "LONG", "DECIMAL", "FLOAT", "DOUBLE"})


@dataclass(frozen=True)
class ToolLimits:
    """How much of a result one tool call returns; the rest is paged with ``get_result``.

    Args:
        rows: Most rows in an answer or a page.
        cell_chars: Longest cell shown in the Markdown table (longer ones end with ``…``).
        table_chars: Longest Markdown table; rows that would pass it are left to the next page.
    """

    rows: int = 50
    cell_chars: int = 200
    table_chars: int = 20_000

    def __post_init__(self) -> None:
        for name in ("rows", "cell_chars", "table_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True)


class ColumnOutput(_Output):
    """A result column."""

    name: str
    """The column's name."""
    type: str
    """Its SQL type, e.g. ``DECIMAL(12,2)``."""


class ResultPage(_Output):
    """Rows of a query result, from ``offset`` on, with JSON-safe exact values."""

    columns: list[ColumnOutput] = []
    """The result's columns, in row order."""
    rows: list[list[JsonValue]] = []
    """The rows of this page: decimals and large integers as strings, timestamps ISO 8601."""
    offset: int = 0
    """Index of this page's first row in the result."""
    row_count: int = 0
    """Rows in the result (Genie returns at most 5,000 rows inline)."""
    next_offset: int | None = None
    """Where the next page starts; ``None`` on the last page."""
    server_truncated: bool = False
    """Whether the server holds more rows than the result (a download gets them all)."""
    markdown: str = Field(default="", exclude=True)
    """The page as a bounded Markdown table (sent as the text content, not the structure)."""


class AskOutput(_Output):
    """Genie's answer to one question."""

    space_id: str
    """The space asked."""
    conversation_id: str
    """Pass it back to follow up in the same conversation."""
    message_id: str
    """The message holding the question and its answer."""
    attachment_id: str | None = None
    """The query attachment; with the ids above, ``get_result`` pages its rows."""
    status: str | None = None
    """The message's final status."""
    text: str | None = None
    """Genie's answer text."""
    clarification: str | None = None
    """The question Genie asks back when it needs a clarification."""
    sql: str | None = None
    """The SQL Genie ran."""
    sql_description: str | None = None
    """Genie's description of that SQL."""
    result: ResultPage | None = None
    """The first rows of the result, when the answer has one."""
    truncated: bool = False
    """Whether ``result`` holds fewer rows than the query returned."""
    suggested_questions: list[str] = []
    """Questions Genie suggests asking next."""


class SpaceSummary(_Output):
    """A Genie space a tool can ask."""

    name: str
    """A readable name built from the title; pass it as ``space``."""
    space_id: str
    """The space's id."""
    title: str
    """The space's title."""
    description: str | None = None
    """What the space is about."""


class SpaceList(_Output):
    """The spaces a tool can ask."""

    spaces: list[SpaceSummary]
    """The spaces, in the order they are served."""


class SpaceDetails(SpaceSummary):
    """What a space knows: its tables, sample questions and instructions."""

    tables: list[str] = []
    """Tables the space queries, as ``catalog.schema.table``."""
    sample_questions: list[str] = []
    """Questions the space's authors suggest."""
    instructions: list[str] = []
    """The space's text instructions to Genie."""


def ask_output(answer: AnswerData, limits: ToolLimits) -> AskOutput:
    """Build the tool output of ``answer``: its text, SQL and first rows."""
    page = result_page(answer.result, 0, limits) if answer.result is not None else None
    return AskOutput(
        space_id=answer.space_id,
        conversation_id=answer.conversation_id,
        message_id=answer.message_id,
        attachment_id=answer.attachment_id,
        status=str(answer.status) if answer.status is not None else None,
        text=answer.text,
        clarification=answer.clarification,
        sql=answer.sql,
        sql_description=answer.description,
        result=page,
        truncated=page is not None and (page.next_offset is not None or page.server_truncated),
        suggested_questions=answer.suggested_questions,
    )


def result_page(result: QueryResult, offset: int, limits: ToolLimits) -> ResultPage:
    """Return the rows of ``result`` from ``offset`` on, as many as ``limits`` allow."""
    if offset < 0:
        raise ValueError("offset must be >= 0")
    columns = [ColumnOutput(name=c.name, type=c.sql_type) for c in result.columns]
    numeric = [c.type_name in _NUMERIC for c in result.columns]
    header = [
        _row([c.name for c in columns], limits),
        _row(["---:" if n else "---" for n in numeric], limits),
    ]
    lines = list(header)
    rows: list[list[JsonValue]] = []
    size = sum(len(line) + 1 for line in lines)
    for row in result.rows[offset : offset + limits.rows]:
        line = _row([encode_value(value) or "" for value in row], limits)
        if rows and size + len(line) + 1 > limits.table_chars:
            break
        lines.append(line)
        rows.append([json_value(value) for value in row])
        size += len(line) + 1
    end = offset + len(rows)
    next_offset = end if end < len(result) else None
    if next_offset is not None:
        lines.append(
            f"… rows {offset + 1} to {end} of {len(result):,} shown; "
            f"get_result with offset={next_offset} returns the next ones"
        )
    if result.truncated:
        lines.append("… the server holds more rows than these (the result was truncated)")
    return ResultPage(
        columns=columns,
        rows=rows,
        offset=offset,
        row_count=len(result),
        next_offset=next_offset,
        server_truncated=result.truncated,
        markdown="\n".join(lines) if columns else f"_(no columns, {len(result)} rows)_",
    )


def ask_markdown(output: AskOutput) -> str:
    """Render an answer for a model to read: text, SQL, table, suggestions and the ids."""
    parts = []
    if output.clarification:
        parts.append(f"Genie asks for a clarification: {output.clarification}")
    if output.text:
        parts.append(output.text)
    if output.sql:
        parts.append(f"SQL:\n```sql\n{output.sql}\n```")
    if output.result is not None:
        parts.append(output.result.markdown)
    if output.suggested_questions:
        parts.append("Suggested follow-ups: " + "; ".join(output.suggested_questions))
    ids = f"conversation_id: {output.conversation_id}, message_id: {output.message_id}"
    if output.attachment_id:
        ids += f", attachment_id: {output.attachment_id}"
    parts.append(ids)
    return "\n\n".join(parts)


def space_details(summary: SpaceSummary, space: Space) -> SpaceDetails:
    """Read tables, sample questions and instructions from a space's serialized definition."""
    definition = _definition(space.serialized_space)
    sources = _mapping(definition.get("data_sources"))
    config = _mapping(definition.get("config"))
    instructions = _mapping(definition.get("instructions"))
    texts = [
        text
        for item in _items(instructions.get("text_instructions"))
        for text in _texts(item.get("content"))
    ]
    return SpaceDetails(
        **summary.model_dump(),
        tables=_strings(_items(sources.get("tables")), "identifier"),
        sample_questions=_strings(_items(config.get("sample_questions")), "question"),
        instructions=texts,
    )


def space_markdown(details: SpaceDetails) -> str:
    """Render a space's description for a model to read."""
    parts = [f"# {details.title} (space `{details.name}`)"]
    if details.description:
        parts.append(details.description)
    if details.tables:
        parts.append("Tables: " + ", ".join(details.tables))
    if details.sample_questions:
        parts.append("Sample questions:\n" + "\n".join(f"- {q}" for q in details.sample_questions))
    if details.instructions:
        parts.append("Instructions:\n" + "\n".join(details.instructions))
    return "\n\n".join(parts)


def ask_description(where: str) -> str:
    """What a model reads about an ask tool; ``where`` names the space(s) it asks."""
    return (
        f"Ask Databricks Genie a question in plain language about the data of {where}. Genie "
        "writes and runs the SQL and returns the answer text, the SQL, the first rows as a "
        "table (all values exact) and the conversation_id. To follow up on an answer, pass its "
        "conversation_id and ask only the new question; omit conversation_id to start a new "
        "conversation."
    )


def error_text(error: GenieError | ValueError) -> str:
    """Say why a question has no answer, in words a model can act on."""
    if not isinstance(error, GenieError):
        return f"Genie was not asked: {error}"
    if isinstance(error, PollTimeoutError):
        return (
            f"Genie did not answer in time ({error.last_status}); the question is still being "
            f"worked on in conversation_id {error.conversation_id}, message_id {error.message_id}."
        )
    return f"Genie could not answer: {error}"


def _row(cells: list[str], limits: ToolLimits) -> str:
    shown = (
        (cell if len(cell) <= limits.cell_chars else cell[: limits.cell_chars - 1] + "…")
        .replace("|", "\\|")
        .replace("\r\n", "<br>")
        .replace("\n", "<br>")
        .replace("\r", "<br>")
        for cell in cells
    )
    return "| " + " | ".join(shown) + " |"


def _definition(serialized: str | None) -> dict[str, Any]:
    try:
        loaded = json.loads(serialized) if serialized else {}
    except (ValueError, RecursionError):  # not JSON, or nested past what the parser can read
        return {}
    return _mapping(loaded)


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(items: list[dict[str, Any]], key: str) -> list[str]:
    return [item[key] for item in items if isinstance(item.get(key), str)]


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [text for text in value if isinstance(text, str)] if isinstance(value, list) else []
