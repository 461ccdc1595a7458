"""What the agent-mode and Genie One tools return: the report, its sources and its queries."""

from __future__ import annotations

from genie_sdk._core.agent_answer import AgentAnswerData, AgentQueryData
from genie_sdk._core.genie_one_stream import GenieOneAnswer
from genie_sdk.integrations.outputs import ResultPage, ToolLimits, _Output, result_page

__all__ = [
    "QueryOutput",
    "ResponseOutput",
    "SourceOutput",
    "agent_output",
    "genie_one_output",
    "response_markdown",
]


class SourceOutput(_Output):
    """A source the answer cites."""

    title: str | None = None
    """The source's name, or the citation's number."""
    url: str | None = None
    """A link to it, when given."""
    kind: str | None = None
    """``query`` for a cited query of agent mode, else the asset's type (``TABLE``, ``WEB``...)."""


class QueryOutput(_Output):
    """A query the agent ran."""

    query_id: str
    """The query's call id."""
    title: str | None = None
    """What the query computes."""
    sql: str
    """Its SQL."""
    preview: ResultPage | None = None
    """Its first rows, with exact values, when the answer carries them."""


class ResponseOutput(_Output):
    """An agent-mode or Genie One answer."""

    agent_id: str | None = None
    """The space (Genie Agent) that answered; ``None`` for Genie One."""
    conversation_id: str
    """Pass it back to follow up in the same conversation."""
    response_id: str
    """The response holding the answer."""
    status: str
    """How the response ended."""
    text: str
    """The answer (Markdown): the agent's report, or Genie One's reply."""
    sources: list[SourceOutput] = []
    """What the answer cites."""
    queries: list[QueryOutput] = []
    """The queries the agent ran, in order."""


def agent_output(answer: AgentAnswerData, limits: ToolLimits) -> ResponseOutput:
    """Build the tool output of an agent-mode answer."""
    return ResponseOutput(
        agent_id=answer.agent_id,
        conversation_id=answer.conversation_id,
        response_id=answer.response_id,
        status=answer.status,
        text=answer.text,
        sources=[
            SourceOutput(title=f"[{c.number}]", url=c.url, kind="query") for c in answer.citations
        ],
        queries=[_query(query, limits) for query in answer.query_data],
    )


def _query(query: AgentQueryData, limits: ToolLimits) -> QueryOutput:
    preview = query.preview
    return QueryOutput(
        query_id=query.query_id,
        title=query.title,
        sql=query.sql,
        preview=result_page(preview, 0, limits) if preview is not None else None,
    )


def genie_one_output(answer: GenieOneAnswer) -> ResponseOutput:
    """Build the tool output of a Genie One answer."""
    return ResponseOutput(
        conversation_id=answer.conversation_id,
        response_id=answer.response_id,
        status=answer.status,
        text=answer.text,
        sources=[
            SourceOutput(title=a.title or a.identifier, url=a.url, kind=a.asset_type)
            for a in answer.annotations
        ],
    )


def response_markdown(output: ResponseOutput) -> str:
    """Render an answer for a model to read: the text, its queries, sources and the ids."""
    parts = [output.text or f"(no text; the response is {output.status})"]
    for query in output.queries:
        parts.append(f"Query: {query.title or query.query_id}\n```sql\n{query.sql}\n```")
    named = [s for s in output.sources if s.kind != "query"]
    if named:
        parts.append("Sources: " + "; ".join(s.title or s.url or "?" for s in named))
    parts.append(f"conversation_id: {output.conversation_id}, response_id: {output.response_id}")
    return "\n\n".join(parts)
