"""Dash components for each state of the chat, built from plain values (no I/O, no callbacks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlparse
from dash import dcc, html

from genie_chat.charts import chart_figure
from genie_chat.failures import Failure
from genie_chat.progress import Progress
from genie_chat.table import TablePage, is_numeric, table_page
from genie_sdk import AgentAnswer, Answer, GenieOneAnswer
from genie_sdk.models import ConversationSummary

__all__ = [
    "answer_view",
    "conversation_list",
    "download_path",
    "failure_view",
    "format_sql",
    "progress_view",
    "question_view",
    "report_view",
    "table_view",
]


def format_sql(sql: str) -> str:
    """The SQL re-indented with upper-case keywords, for reading."""
    return sqlparse.format(sql, reindent=True, keyword_case="upper").strip()


def download_path(space_id: str, conversation_id: str, message_id: str) -> str:
    """Where the full result downloads as CSV (see the app's download route)."""
    return f"/download/{space_id}/{conversation_id}/{message_id}.csv"


def question_view(question: str) -> html.Div:
    """The user's question, as a chat bubble."""
    return html.Div(
        [html.Span("You asked: ", className="visually-hidden"), question],
        className="bubble user",
    )


def _sql_view(sql: str, description: str | None, *, open_: bool = False) -> html.Details:
    return html.Details(
        [
            html.Summary("Show the SQL" if not open_ else "The SQL Genie wrote"),
            html.P(description, className="sql-description") if description else None,
            html.Pre(html.Code(format_sql(sql)), className="sql"),
        ],
        open=open_,
        className="sql-block",
    )


def progress_view(question: str, progress: Progress) -> html.Div:
    """A question in flight: the steps so far and, once written, the SQL."""
    steps = [html.Li(step, className="step done") for step in progress.steps[:-1]]
    if progress.steps:
        steps.append(html.Li(progress.steps[-1], className="step current"))
    body: list[Any] = [
        html.P("Genie is working on it…", className="working"),
        html.Ol(steps, className="steps", **{"aria-label": "Progress"}),
    ]
    if progress.notice:
        body.append(html.P(progress.notice, className="notice", role="status"))
    if progress.sql:
        body.append(_sql_view(progress.sql, progress.description, open_=True))
    if progress.rows is not None:
        body.append(html.P(f"Fetched {progress.rows:,} rows.", className="rows-fetched"))
    if progress.report:
        body.append(dcc.Markdown(progress.report, className="report streaming"))
    return html.Div(
        [question_view(question), html.Div(body, className="bubble genie")],
        className="turn in-flight",
        id="in-flight",
    )


def table_view(page: TablePage, message_id: str) -> html.Div:
    """One page of the typed table, with its caption and the page buttons."""
    align = ["num" if is_numeric(column) else "text" for column in page.columns]
    header = html.Tr(
        [
            html.Th(c.name, scope="col", className=a, title=c.sql_type)
            for c, a in zip(page.columns, align, strict=True)
        ]
    )
    rows = [
        html.Tr([html.Td(cell, className=a) for cell, a in zip(row, align, strict=True)])
        for row in page.rows
    ]
    pager = html.Div(
        [
            html.Button(
                "Previous",
                id={"type": "prev", "m": message_id},
                disabled=page.page == 0,
                **{"aria-label": "Previous page of rows"},
            ),
            html.Span(f"Page {page.page + 1} of {page.pages}", className="page-number"),
            html.Button(
                "Next",
                id={"type": "next", "m": message_id},
                disabled=page.page >= page.pages - 1,
                **{"aria-label": "Next page of rows"},
            ),
        ],
        className="pager",
    )
    table = html.Table(
        [html.Caption(page.caption), html.Thead(header), html.Tbody(rows)], className="result"
    )
    return html.Div([html.Div(table, className="table-scroll"), pager])


def _chips(message_id: str, questions: Sequence[str], label: str) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="chips-label"),
            *[
                html.Button(q, id={"type": "chip", "m": message_id, "q": q}, className="chip")
                for q in questions
            ],
        ],
        className="chips",
        role="group",
        **{"aria-label": label},
    )


def answer_view(answer: Answer, *, insights: bool) -> html.Article:
    """A finished question: text, clarification, SQL, table, chart, chips, feedback, insights."""
    mid = answer.message_id
    question = answer.message.content or ""
    result = answer.result
    genie: list[Any] = [dcc.Store(id={"type": "ids", "m": mid}, data=list(answer.ids))]
    if answer.text:
        genie.append(dcc.Markdown(answer.text, className="answer-text"))
    if answer.clarification:
        genie.append(
            html.P([html.Strong("Genie asks: "), answer.clarification], className="clarification")
        )
    if answer.sql:
        genie.append(_sql_view(answer.sql, answer.description))
    if result is not None:
        genie += [
            dcc.Store(id={"type": "page", "m": mid}, data=0),
            html.Div(table_view(table_page(result, 0), mid), id={"type": "table", "m": mid}),
            html.A(
                "Download all rows (CSV)",
                href=download_path(*answer.ids),
                download=f"genie-{mid[:8]}.csv",
                className="download",
            ),
        ]
        figure = chart_figure(result, answer.queries[-1].title if answer.queries else None)
        if figure is not None:
            genie.append(
                dcc.Graph(
                    figure=figure,
                    config={"displaylogo": False},
                    className="chart",
                    id={"type": "chart", "m": mid},
                )
            )
    if answer.suggested_questions:
        label = "Did you mean" if answer.clarification else "Ask next"
        genie.append(_chips(mid, answer.suggested_questions, label))
    genie.append(_actions(mid, insights=insights and result is not None and result.row_count > 0))
    return html.Article(
        [question_view(question), html.Div(genie, className="bubble genie")],
        className="turn",
        id={"type": "turn", "m": mid},
        **{"aria-label": f"Genie's answer to: {question}"},
    )


def report_view(answer: AgentAnswer | GenieOneAnswer, question: str) -> html.Article:
    """An agent-mode or Genie One answer: the report, then each query with its output."""
    body: list[Any] = [dcc.Markdown(answer.text, className="report")]
    for query in getattr(answer, "queries", []):
        parts = [html.Summary(query.title or "Query"), html.Pre(html.Code(format_sql(query.sql)))]
        if query.output:
            parts.append(dcc.Markdown(query.output, className="query-output"))
        body.append(html.Details(parts, className="sql-block"))
    return html.Article(
        [question_view(question), html.Div(body, className="bubble genie")],
        className="turn",
        **{"aria-label": f"Genie's report on: {question}"},
    )


def _actions(message_id: str, *, insights: bool) -> html.Div:
    buttons: list[Any] = [
        html.Button(
            "Helpful",
            id={"type": "up", "m": message_id},
            className="feedback",
            **{"aria-label": "Helpful answer"},
        ),
        html.Button(
            "Not helpful",
            id={"type": "down", "m": message_id},
            className="feedback",
            **{"aria-label": "Unhelpful answer"},
        ),
        html.Span(id={"type": "feedback-status", "m": message_id}, role="status"),
    ]
    if insights:
        buttons.append(
            html.Button(
                "Generate insights",
                id={"type": "insights", "m": message_id},
                className="insights-button",
            )
        )
    actions = html.Div(buttons, className="actions")
    if not insights:
        return actions
    out = dcc.Loading(
        html.Div(id={"type": "insights-out", "m": message_id}, className="insights", role="status")
    )
    return html.Div([actions, out])


def failure_view(question: str, failure: Failure, job_id: str) -> html.Article:
    """A question that ended without an answer, with a retry button when retrying can help."""
    body: list[Any] = [
        html.H3(failure.title, className="failure-title"),
        html.P(failure.text),
    ]
    if failure.button:
        body.append(
            html.Button(failure.button, id={"type": "retry", "job": job_id}, className="retry")
        )
    body.append(
        html.Details(
            [html.Summary("Technical details"), html.Code(failure.detail)], className="details"
        )
    )
    return html.Article(
        [question_view(question), html.Div(body, className="bubble genie failure", role="alert")],
        className="turn",
        **{"aria-label": f"Genie could not answer: {question}"},
    )


def conversation_list(summaries: Sequence[ConversationSummary], current: str | None) -> html.Ul:
    """Past conversations, newest first, each with open and delete buttons."""
    items = []
    for summary in summaries:
        cid = summary.conversation_id
        title = summary.title or "Untitled conversation"
        items.append(
            html.Li(
                [
                    html.Button(
                        title,
                        id={"type": "open", "c": cid},
                        className="open-conversation",
                        **({"aria-current": "true"} if cid == current else {}),
                    ),
                    html.Button(
                        "✕",
                        id={"type": "delete", "c": cid},
                        className="delete-conversation",
                        title="Delete",
                        **{"aria-label": f"Delete conversation: {title}"},
                    ),
                ],
                className="conversation",
            )
        )
    if not items:
        items.append(html.Li("No conversations yet.", className="empty"))
    return html.Ul(items, className="conversations")
