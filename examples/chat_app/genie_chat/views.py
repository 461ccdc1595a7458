"""Dash components for each state of the chat, built from plain values (no I/O, no callbacks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlparse
from dash import dcc, html

from genie_chat.charts import chart_figure
from genie_chat.failures import Failure
from genie_chat.progress import Progress, Waiting
from genie_chat.table import TablePage, is_numeric, table_page
from genie_sdk import Answer
from genie_sdk.models import ConversationSummary
from genie_sdk.providers import ProviderAnswer, Reference

__all__ = [
    "answer_view",
    "conversation_list",
    "download_path",
    "failure_view",
    "format_sql",
    "progress_view",
    "question_view",
    "report_view",
    "safe_link",
    "table_view",
    "waiting_view",
]

PROVIDER_NAMES = {"secoda": "Secoda", "workato": "The Workato genie"}
"""Who answered, for the providers other than Genie's."""


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) link; a provider's text never becomes a script link."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


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


def waiting_view(waiting: Waiting, job_id: str) -> html.Div:
    """What a Workato genie waits for, with the buttons that answer it.

    A skill runs only when the user allows it; a connection waits for the user to sign in at
    the genie's link (in a new tab), or goes on without it.
    """
    if waiting.kind == "skill":
        what = waiting.name or "a skill"
        text: list[Any] = [f"The genie wants to run {what}. Allow it?"]
        choices = [("Allow", 1, f"Allow {what}"), ("Reject", 0, f"Reject {what}")]
    else:
        what = waiting.name or "A connection"
        link = safe_link(waiting.url)
        text = [f"{what} needs you to sign in; the genie waits."]
        if link:
            text += [" ", html.A("Sign in", href=link, target="_blank", rel="noopener noreferrer")]
        choices = [("Continue without it", 0, f"Continue without {what}")]
    buttons = [
        html.Button(
            label,
            id={"type": "decide", "job": job_id, "key": waiting.key, "ok": ok},
            className="decide",
            **{"aria-label": aria},
        )
        for label, ok, aria in choices
    ]
    return html.Div(
        [html.P(text), html.Div(buttons, className="actions")], className="waiting", role="alert"
    )


def progress_view(question: str, progress: Progress, job_id: str = "") -> html.Div:
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
    if progress.waiting is not None:
        body.append(waiting_view(progress.waiting, job_id))
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


def _references(references: Sequence[Reference]) -> html.Div:
    items = []
    for reference in references:
        title = reference.title or reference.id or "Untitled"
        link = safe_link(reference.url)
        name: Any = (
            html.A(title, href=link, target="_blank", rel="noopener noreferrer") if link else title
        )
        kind = f" ({reference.kind})" if reference.kind else ""
        items.append(html.Li([name, kind]))
    return html.Div([html.H3("Sources"), html.Ul(items)], className="references")


def report_view(
    answer: ProviderAnswer, question: str, key: str, *, feedback: bool = False
) -> html.Article:
    """Any other provider's answer: its text (the report, for agent mode and Genie One), the
    sources it cites, each query with its output (or its SQL), suggested questions and feedback
    when the provider takes it. ``key`` names the answer's buttons (the job's id)."""
    body: list[Any] = []
    if answer.text:
        body.append(dcc.Markdown(answer.text, className="report"))
    queries = getattr(answer.raw, "queries", None) or []
    for query in queries:
        parts = [html.Summary(query.title or "Query"), html.Pre(html.Code(format_sql(query.sql)))]
        if query.output:
            parts.append(dcc.Markdown(query.output, className="query-output"))
        body.append(html.Details(parts, className="sql-block"))
    if answer.sql and not queries:
        body.append(_sql_view(answer.sql, None))
    if answer.references:
        body.append(_references(answer.references))
    if answer.suggested_questions:
        body.append(_chips(key, answer.suggested_questions, "Ask next"))
    if feedback:
        body.append(_rating(key))
    if not body:
        body.append(html.P("No answer text came back.", className="empty"))
    name = PROVIDER_NAMES.get(answer.provider)
    label = f"{name}'s answer to: {question}" if name else f"Genie's report on: {question}"
    return html.Article(
        [question_view(question), html.Div(body, className="bubble genie")],
        className="turn",
        **{"aria-label": label},
    )


def _rating(key: str) -> html.Div:
    return html.Div(
        [
            html.Button(
                "Helpful",
                id={"type": "rate-up", "j": key},
                className="feedback",
                **{"aria-label": "Helpful answer"},
            ),
            html.Button(
                "Not helpful",
                id={"type": "rate-down", "j": key},
                className="feedback",
                **{"aria-label": "Unhelpful answer"},
            ),
            html.Span(id={"type": "rate-status", "j": key}, role="status"),
        ],
        className="actions",
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
