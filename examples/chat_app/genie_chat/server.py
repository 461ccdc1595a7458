"""The Dash app: layout, callbacks (each a few lines over `Chat`), and the CSV download route."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import flask
from dash import ALL, MATCH, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from genie_chat.backend import Backend
from genie_chat.chat import Chat, failure_text
from genie_chat.insights import InsightsError
from genie_chat.layout import layout
from genie_chat.views import conversation_list
from genie_sdk import GenieError, MessageIds

__all__ = ["create_app"]


def _headers() -> dict[str, str]:
    return dict(flask.request.headers)


def _clicked() -> bool:
    """Whether a click fired the callback.

    Dash also fires a callback with pattern-matching inputs when matching buttons are added to
    the page (a new answer's chips), listing every matching button, clicked before or not; a
    click lists just the button clicked.
    """
    return len(ctx.triggered) == 1 and bool(ctx.triggered[0]["value"])


def create_app(backend: Backend, *, title: str = "Genie chat") -> Dash:
    """The chat app over ``backend``; serve ``app.server`` (a Flask app) or call ``app.run``."""
    chat = Chat(backend)
    where = "the embedded simulator" if backend.simulator is not None else "your workspace"
    app = Dash(__name__, title=title, update_title=None)
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    subtitle = f"Ask questions about your data in plain English ({where})."
    app.layout = layout(title, subtitle, backend.modes())
    _register_questions(app, chat)
    _register_conversations(app, chat)
    _register_answers(app, chat)
    _register_download(app.server, chat)
    # Bring the newest turn (or the question in flight) into view, in the browser.
    app.clientside_callback(
        """function () {
            const newest = document.querySelector("#in-flight, #chat-log > .turn:last-child");
            if (newest) { requestAnimationFrame(() => newest.scrollIntoView({block: "start"})); }
            return window.dash_clientside.no_update;
        }""",
        Output("scrolled", "data"),
        Input("chat-log", "children"),
        Input("progress", "children"),
        prevent_initial_call=True,
    )
    return app


def _register_questions(app: Dash, chat: Chat) -> None:
    @app.callback(
        Output("job", "data"),
        Output("tick", "disabled"),
        Output("question", "value"),
        Output("send", "disabled"),
        Output("progress", "children"),
        Output("form-status", "children"),
        Input("send", "n_clicks"),
        Input("question", "n_submit"),
        Input({"type": "chip", "m": ALL, "q": ALL}, "n_clicks"),
        Input({"type": "retry", "job": ALL}, "n_clicks"),
        State("question", "value"),
        State("session", "data"),
        State("job", "data"),
        prevent_initial_call=True,
    )
    def ask(*args: Any) -> tuple[Any, ...]:
        value, session, running = args[-3:]
        mode = session.get("mode", "chat")
        unchanged = (no_update,) * 5
        if not _clicked():
            return (*unchanged, no_update)
        if chat.busy(running):
            return (*unchanged, "Wait for the answer before asking again.")
        trigger = ctx.triggered_id
        try:
            if isinstance(trigger, dict) and trigger["type"] == "retry":
                job_id = chat.retry(_headers(), trigger["job"])
            else:
                question = trigger["q"] if isinstance(trigger, dict) else value
                job_id = chat.ask(_headers(), question, session.get("conversation_id"), mode)
        except (ValueError, GenieError) as error:
            return (
                *unchanged,
                failure_text(error) if isinstance(error, GenieError) else str(error),
            )
        if job_id is None:
            return (*unchanged, "This question cannot be retried; ask it again.")
        started = chat.poll(job_id)
        assert started is not None
        return job_id, False, "", True, started.progress, ""

    @app.callback(
        Output({"type": "retry", "job": MATCH}, "disabled"),
        Input({"type": "retry", "job": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )
    def retried(clicks: int | None) -> bool:
        return bool(clicks)  # each failure is retried once; the answer comes as a new turn

    @app.callback(
        Output("progress", "children", allow_duplicate=True),
        Output("chat-log", "children", allow_duplicate=True),
        Output("tick", "disabled", allow_duplicate=True),
        Output("send", "disabled", allow_duplicate=True),
        Output("session", "data", allow_duplicate=True),
        Output("sidebar-version", "data", allow_duplicate=True),
        Input("tick", "n_intervals"),
        State("job", "data"),
        State("session", "data"),
        prevent_initial_call=True,
    )
    def tick(_n: int, job_id: str | None, session: dict[str, Any]) -> tuple[Any, ...]:
        update = chat.poll(job_id)
        if update is None:
            return None, no_update, True, False, no_update, no_update
        if not update.done:
            return update.progress, no_update, False, True, no_update, no_update
        log = Patch()
        log.append(update.turn)
        new = update.conversation_id != session.get("conversation_id")
        session = {**session, "conversation_id": update.conversation_id}
        version = chat.next_version() if new else no_update
        return None, log, True, False, session, version


def _register_conversations(app: Dash, chat: Chat) -> None:
    @app.callback(
        Output("chat-log", "children", allow_duplicate=True),
        Output("session", "data", allow_duplicate=True),
        Output("form-status", "children", allow_duplicate=True),
        Input("mode", "value"),
        State("session", "data"),
        State("job", "data"),
        prevent_initial_call=True,
    )
    def pick_mode(mode: str, session: dict[str, Any], running: str | None) -> tuple[Any, ...]:
        if mode == session.get("mode", "chat"):
            return no_update, no_update, no_update
        if chat.busy(running):
            return no_update, no_update, "Wait for the answer before switching."
        return [], {"conversation_id": None, "mode": mode}, ""

    @app.callback(
        Output("conversation-list", "children"),
        Input("sidebar-version", "data"),
        State("session", "data"),
    )
    def sidebar(_version: int, session: dict[str, Any]) -> Any:
        try:
            listed = chat.conversations(_headers())
        except GenieError as error:
            return failure_text(error)
        return conversation_list(listed, session.get("conversation_id"))

    @app.callback(
        Output("chat-log", "children", allow_duplicate=True),
        Output("session", "data", allow_duplicate=True),
        Output("sidebar-version", "data", allow_duplicate=True),
        Output("form-status", "children", allow_duplicate=True),
        Output("mode", "value", allow_duplicate=True),
        Input({"type": "open", "c": ALL}, "n_clicks"),
        Input("new-chat", "n_clicks"),
        State("job", "data"),
        State("mode", "value"),
        prevent_initial_call=True,
    )
    def switch(_open: Any, _new: Any, running: str | None, mode: str) -> tuple[Any, ...]:
        if not _clicked():
            return no_update, no_update, no_update, no_update, no_update
        if chat.busy(running):
            wait = "Wait for the answer before switching."
            return no_update, no_update, no_update, wait, no_update
        trigger = ctx.triggered_id
        if trigger == "new-chat":
            return [], {"conversation_id": None, "mode": mode}, chat.next_version(), "", no_update
        try:
            turns = chat.open(_headers(), trigger["c"])
        except GenieError as error:
            return no_update, no_update, no_update, failure_text(error), no_update
        session = {"conversation_id": trigger["c"], "mode": "chat"}
        return turns, session, chat.next_version(), "", "chat"  # the sidebar lists chats

    @app.callback(
        Output("sidebar-version", "data", allow_duplicate=True),
        Output("chat-log", "children", allow_duplicate=True),
        Output("session", "data", allow_duplicate=True),
        Output("form-status", "children", allow_duplicate=True),
        Input({"type": "delete", "c": ALL}, "n_clicks"),
        State("session", "data"),
        prevent_initial_call=True,
    )
    def delete(_clicks: Any, session: dict[str, Any]) -> tuple[Any, ...]:
        if not _clicked():
            return no_update, no_update, no_update, no_update
        conversation_id = ctx.triggered_id["c"]
        try:
            chat.delete(_headers(), conversation_id)
        except GenieError as error:
            return no_update, no_update, no_update, failure_text(error)
        if conversation_id != session.get("conversation_id"):
            return chat.next_version(), no_update, no_update, "Conversation deleted."
        return chat.next_version(), [], {"conversation_id": None}, "Conversation deleted."


def _register_answers(app: Dash, chat: Chat) -> None:
    @app.callback(
        Output({"type": "table", "m": MATCH}, "children"),
        Output({"type": "page", "m": MATCH}, "data"),
        Input({"type": "prev", "m": MATCH}, "n_clicks"),
        Input({"type": "next", "m": MATCH}, "n_clicks"),
        State({"type": "page", "m": MATCH}, "data"),
        State({"type": "ids", "m": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def page(_prev: Any, _next: Any, current: int, ids: list[str]) -> tuple[Any, ...]:
        if not _clicked():
            return no_update, no_update
        step = 1 if ctx.triggered_id["type"] == "next" else -1
        try:
            return chat.page(_headers(), ids, current + step)
        except GenieError as error:
            return failure_text(error), no_update

    @app.callback(
        Output({"type": "feedback-status", "m": MATCH}, "children"),
        Output({"type": "up", "m": MATCH}, "className"),
        Output({"type": "down", "m": MATCH}, "className"),
        Input({"type": "up", "m": MATCH}, "n_clicks"),
        Input({"type": "down", "m": MATCH}, "n_clicks"),
        State({"type": "ids", "m": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def feedback(_up: Any, _down: Any, ids: list[str]) -> tuple[Any, ...]:
        if not _clicked():
            return no_update, no_update, no_update
        positive = ctx.triggered_id["type"] == "up"
        try:
            chat.feedback(_headers(), ids, "POSITIVE" if positive else "NEGATIVE")
        except GenieError as error:
            return failure_text(error), no_update, no_update
        chosen, other = "feedback chosen", "feedback"
        thanks = "Thanks: your feedback was sent to Genie."
        return (thanks, chosen, other) if positive else (thanks, other, chosen)

    @app.callback(
        Output({"type": "rate-status", "j": MATCH}, "children"),
        Output({"type": "rate-up", "j": MATCH}, "className"),
        Output({"type": "rate-down", "j": MATCH}, "className"),
        Input({"type": "rate-up", "j": MATCH}, "n_clicks"),
        Input({"type": "rate-down", "j": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )
    def rate(_up: Any, _down: Any) -> tuple[Any, ...]:
        if not _clicked():
            return no_update, no_update, no_update
        helpful = ctx.triggered_id["type"] == "rate-up"
        try:
            who = chat.rate(_headers(), ctx.triggered_id["j"], helpful)
        except (ValueError, GenieError) as error:
            return failure_text(error), no_update, no_update
        chosen, other = "feedback chosen", "feedback"
        thanks = f"Thanks: your feedback was sent to {who}."
        return (thanks, chosen, other) if helpful else (thanks, other, chosen)

    @app.callback(
        Output("form-status", "children", allow_duplicate=True),
        Input({"type": "decide", "job": ALL, "key": ALL, "ok": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def decide(_clicks: Any) -> Any:
        if not _clicked():
            return no_update
        trigger = ctx.triggered_id
        try:
            return chat.decide(_headers(), trigger["job"], trigger["key"], bool(trigger["ok"]))
        except (ValueError, GenieError) as error:
            return failure_text(error)

    @app.callback(
        Output({"type": "insights-out", "m": MATCH}, "children"),
        Input({"type": "insights", "m": MATCH}, "n_clicks"),
        State({"type": "ids", "m": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def insights(_clicks: Any, ids: list[str]) -> Any:
        if not _clicked():
            return no_update
        try:
            text = chat.insights(_headers(), ids)
        except (InsightsError, GenieError) as error:
            return failure_text(error)
        return [html.H3("Insights", className="insights-title"), dcc.Markdown(text)]


def _register_download(server: flask.Flask, chat: Chat) -> None:
    @server.route("/download/<space_id>/<conversation_id>/<message_id>.csv")
    def download(space_id: str, conversation_id: str, message_id: str) -> flask.Response:
        ids = MessageIds(space_id, conversation_id, message_id)
        if space_id != chat.backend.space_id:
            flask.abort(404)
        headers = _headers()
        handle, path = tempfile.mkstemp(suffix=".csv")
        os.close(handle)
        try:
            with chat.backend.session(headers) as client:
                answer = chat.answers.get(chat.backend.principal(headers), ids, client)
                answer.download(path, format="csv")
        except GenieError:
            os.unlink(path)
            flask.abort(502)

        def chunks() -> Iterator[bytes]:
            try:
                with open(path, "rb") as file:
                    while chunk := file.read(1 << 16):
                        yield chunk
            finally:
                os.unlink(path)

        name = f"genie-{message_id[:8]}.csv"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return flask.Response(chunks(), mimetype="text/csv", headers=disposition)
