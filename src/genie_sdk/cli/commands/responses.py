"""``genie ask --agent-mode`` and ``genie one ask``: streamed answers shown as they are written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer
from rich.markdown import Markdown

from genie_sdk import (
    AnswerReady,
    Event,
    ReasoningStep,
    ResponseIds,
    ResultReady,
    SqlReady,
    StatusChanged,
    TextReady,
)
from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.inert import inert
from genie_sdk.cli.options import JsonFlag

__all__ = ["app", "ask_agent_mode", "one_ask"]

app = typer.Typer(help="Genie One: questions over all the data you can read.", no_args_is_help=True)


def show_stream(events: Iterator[Event], as_json: bool) -> Any:
    """Print each event as it arrives (on stderr with ``--json``); return the answer."""
    console = render.err if as_json else render.out
    answer: Any = None
    for event in events:
        if isinstance(event, StatusChanged) and isinstance(event.ids, ResponseIds):
            console.print(render.text(f"{event.status} · response {event.ids.response_id}", "dim"))
        elif isinstance(event, ReasoningStep):
            console.print(render.text(f"… {event.text}", "italic dim"))
        elif isinstance(event, SqlReady):
            console.print(render.text(f"▶ {event.description or 'query'}", "bold cyan"))
            console.print(render.text(event.sql, "cyan"))
        elif isinstance(event, ResultReady):
            console.print(render.text("✔ result ready", "green"))
        elif isinstance(event, TextReady) and not as_json:
            console.print(Markdown(inert(event.text)))
        elif isinstance(event, AnswerReady):
            answer = event.answer
    return answer


def _answer_json(answer: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "conversation_id": answer.conversation_id,
        "response_id": answer.response_id,
        "text": answer.text,
    }
    if hasattr(answer, "agent_id"):
        body["agent_id"] = answer.agent_id
        body["reasoning"] = answer.reasoning
        body["citations"] = [vars(c) for c in answer.citations]
        body["queries"] = [
            {"query_id": q.query_id, "title": q.title, "sql": q.sql, "output": q.output}
            for q in answer.query_data
        ]
    else:
        body["annotations"] = [a.model_dump(exclude_none=True) for a in answer.annotations]
    return body


def ask_agent_mode(
    ctx: typer.Context, agent_id: str, question: str, follow_up: str | None, as_json: bool
) -> None:
    """Stream an agent-mode answer (the agent id is the space id)."""
    with connection(ctx).client() as client:
        events = client.agent_mode.stream(agent_id, question, conversation_id=follow_up)
        answer = show_stream(events, as_json)
    _finish(answer, as_json, f'genie ask --agent-mode {agent_id} "..." --follow-up')


def one_ask(
    ctx: typer.Context,
    question: Annotated[
        str, typer.Argument(metavar="QUESTION", help="The question, in plain language.")
    ],
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up", metavar="CONVERSATION", help="Ask in this Genie One conversation."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Ask Genie One (no space needed) and stream its answer as it is written."""
    with connection(ctx).client() as client:
        answer = show_stream(client.genie_one.stream(question, conversation_id=follow_up), as_json)
    _finish(answer, as_json, 'genie one ask "..." --follow-up')


app.command("ask")(one_ask)


def _finish(answer: Any, as_json: bool, follow: str) -> None:
    if as_json:
        render.print_json(_answer_json(answer))
        return
    render.out.print(
        render.text(
            f"conversation {answer.conversation_id}  response {answer.response_id}\n"
            f"Follow up: {follow} {answer.conversation_id}",
            "dim",
        ),
        soft_wrap=True,
    )
