"""The page: a sidebar of conversations, the chat, and the question box."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

__all__ = ["MODES", "TICK_MS", "layout"]

MODES = {
    "chat": "Chat",
    "agent": "Agent mode (research report)",
    "one": "Genie One",
    "secoda": "Secoda (data catalog)",
    "workato": "Workato genie",
}
"""Each provider the page can offer, as the "Answer with" picker names it."""

TICK_MS = 400
"""How often the page asks for the progress of a running question."""


def layout(title: str, subtitle: str, modes: Sequence[str] = ("chat", "agent", "one")) -> html.Div:
    """The whole page, offering to answer with each of ``modes`` (keys of `MODES`)."""
    sidebar = html.Nav(
        [
            html.Button("New chat", id="new-chat", className="new-chat"),
            html.H2("Conversations", id="conversations-heading"),
            html.Div(id="conversation-list", **{"aria-labelledby": "conversations-heading"}),
        ],
        className="sidebar",
        **{"aria-label": "Conversations"},
    )
    form = html.Div(
        [
            html.Label("Ask Genie a question", htmlFor="question", className="question-label"),
            html.Div(
                [
                    dcc.Input(
                        id="question",
                        type="text",
                        placeholder="e.g. What are the total sales by region?",
                        debounce=False,
                        autoComplete="off",
                        autoFocus=True,
                        maxLength=10_000,
                        className="question-input",
                    ),
                    html.Button("Send", id="send", className="send"),
                ],
                className="question-row",
            ),
            html.Div(id="form-status", role="status", className="form-status"),
        ],
        className="question-form",
    )
    chat = html.Main(
        [
            html.Header(
                [
                    html.H1(title),
                    html.P(subtitle, className="subtitle"),
                    html.Div(
                        [
                            html.Span("Answer with", id="mode-label", className="mode-label"),
                            dcc.RadioItems(
                                id="mode",
                                options=[{"label": MODES[m], "value": m} for m in modes],
                                value="chat",
                                inline=True,
                                className="modes",
                            ),
                        ],
                        role="radiogroup",
                        className="mode-picker",
                        **{"aria-labelledby": "mode-label"},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Div(
                        id="chat-log",
                        role="log",
                        children=[],
                        **{"aria-live": "polite", "aria-label": "Chat"},
                    ),
                    html.Div(id="progress", **{"aria-live": "polite"}),
                ],
                className="scroll",
            ),
            form,
        ],
        className="chat",
    )
    return html.Div(
        [
            dcc.Store(id="session", data={"conversation_id": None, "mode": "chat"}),
            dcc.Store(id="job"),
            dcc.Store(id="sidebar-version", data=0),
            dcc.Store(id="scrolled"),
            dcc.Interval(id="tick", interval=TICK_MS, disabled=True),
            sidebar,
            chat,
        ],
        className="app",
    )
