"""An agent-mode answer: the report, its citations, the reasoning and every query with its output.

Built from the response's final items alone, so an answer read from a whole stream and one
whose stream was resumed from the conversation's items are equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from genie_sdk._core.response_stream import ResponseReader, item_sql, item_text
from genie_sdk.errors import DecodeError
from genie_sdk.models import OutputItem, PreviewMetadata, StatementResponse

if TYPE_CHECKING:
    from genie_sdk.results import QueryResult

__all__ = ["AgentAnswerData", "AgentQueryData", "Citation", "build_agent_answer"]

# \[[1](https://host/genie/rooms/<space>/chats/<conversation>?o=..&gra_focus=<call id>)\]
_CITATION = re.compile(r"\\?\[\[(\d+)\]\((https?://[^)\s]+)\)\\?\]")


@dataclass(frozen=True)
class Citation:
    """A numbered source the report cites: a link to the query it rests on."""

    number: int
    url: str
    query_id: str | None
    """The call id of the cited query (``gra_focus`` in the link), when the link names one."""


@dataclass(frozen=True)
class AgentQueryData:
    """One SQL query the agent ran: its title, SQL and output as the agent wrote it."""

    query_id: str
    """The call id of the query (``call_id`` of its ``execute_sql`` call)."""
    title: str | None
    sql: str
    output: str | None = field(default=None, repr=False)
    """The output as written: the title and a Markdown table (lossy: values are text)."""
    preview_metadata: PreviewMetadata | None = field(default=None, repr=False)
    """Preview rows with their column types, when the report carries them for this query."""

    @property
    def preview(self) -> QueryResult | None:
        """The preview rows typed by their column types, when the stream carries them.

        ``truncated`` is true when the query returned more rows than the preview holds;
        ``execute()`` gets them all.
        """
        from genie_sdk.results import QueryResult

        meta = self.preview_metadata
        if meta is None or not meta.columns:
            return None
        columns = [
            {"name": column.name, "type_text": column.type or "STRING", "position": index}
            for index, column in enumerate(meta.columns)
        ]
        total = meta.total_row_count
        statement = StatementResponse.model_validate(
            {
                "manifest": {
                    "schema": {"columns": columns, "column_count": len(columns)},
                    "total_row_count": total,
                    "truncated": total is not None and total > len(meta.preview_rows),
                },
                "result": {"data_array": meta.preview_rows, "row_count": len(meta.preview_rows)},
            }
        )
        try:
            return QueryResult.from_statement(statement)
        except DecodeError:
            return None


@dataclass(frozen=True)
class AgentAnswerData:
    """What an agent-mode answer holds; the clients' answers add the actions that send requests."""

    agent_id: str
    conversation_id: str
    response_id: str
    text: str
    """The report: every part of the final answer, in order (Markdown)."""
    citations: list[Citation]
    reasoning: list[str]
    """The plan and progress sentences, in order."""
    query_data: list[AgentQueryData] = field(repr=False)
    status: str = "completed"


def build_agent_answer(reader: ResponseReader[AgentAnswerData]) -> AgentAnswerData:
    """The answer from a finished reader's items."""
    ids = reader.ids
    if ids is None or reader.agent_id is None:
        raise DecodeError("the response completed before the server acknowledged it")
    items = list(reader.items.values())
    reports = [item for item in items if item.type == "message" and item.role != "system"]
    text = "\n\n".join(item_text(item) for item in reports if item_text(item))
    return AgentAnswerData(
        agent_id=reader.agent_id,
        conversation_id=ids.conversation_id,
        response_id=ids.response_id,
        text=text,
        citations=_citations(reports),
        reasoning=[item_text(item) for item in items if item.type == "reasoning"],
        query_data=_queries(items, reports),
    )


def _queries(items: list[OutputItem], reports: list[OutputItem]) -> list[AgentQueryData]:
    outputs = {item.call_id: item.output for item in items if item.type == "function_call_output"}
    previews = {
        _normal(part.metadata.sql): part.metadata
        for report in reports
        for part in report.content
        if part.metadata is not None and part.metadata.sql
    }
    queries = []
    for item in items:
        call = item_sql(item)
        if call is None:
            continue
        query_id = item.call_id or item.id or ""
        title, sql = call
        preview = previews.get(_normal(sql))
        queries.append(AgentQueryData(query_id, title, sql, outputs.get(query_id), preview))
    return queries


def _normal(sql: str) -> str:
    """SQL compared loosely: whitespace runs and backticks do not count."""
    return " ".join(sql.replace("`", "").split()).rstrip(";").lower()


def _citations(reports: list[OutputItem]) -> list[Citation]:
    found: dict[tuple[int, str], Citation] = {}
    for report in reports:
        for part in report.content:
            for match in _CITATION.finditer(part.text or ""):
                number, url = int(match.group(1)), match.group(2)
                focus = parse_qs(urlsplit(url).query).get("gra_focus")
                found.setdefault((number, url), Citation(number, url, focus[0] if focus else None))
            for annotation in part.annotations:
                urls = {citation.url for citation in found.values()}
                if annotation.url and annotation.url not in urls:
                    number = len(found) + 1
                    found[(number, annotation.url)] = Citation(number, annotation.url, None)
    return list(found.values())
