"""``genie ask`` and ``genie chat``: questions with live progress, answers as tables."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer
from rich.text import Text

from genie_sdk import Event, GenieClient
from genie_sdk._core.answer import AnswerData
from genie_sdk.cli import render
from genie_sdk.cli.commands import responses
from genie_sdk.cli.connection import INTERACTIVE_POLL_MAX, connection
from genie_sdk.cli.errors import report
from genie_sdk.cli.options import (
    CsvFlag,
    JsonFlag,
    MaxRowsOpt,
    Output,
    PollMaxOpt,
    SpaceArg,
    TimeoutOpt,
    output_format,
)
from genie_sdk.errors import GenieError

__all__ = ["ask", "chat", "emit", "show_answer"]


def show_answer(
    ctx: typer.Context,
    title: str,
    get: Callable[[GenieClient, Callable[[Event], None]], AnswerData],
    output: Output,
    max_rows: int,
    poll_max: float,
) -> AnswerData:
    """Run ``get`` on a client with a live status line titled ``title``; print its answer."""
    with (
        connection(ctx).client(poll_max) as client,
        render.LiveStatus(title, log=output is Output.RICH) as live,
    ):
        answer = get(client, live.event)
    emit(answer, output, max_rows)
    return answer


def emit(answer: AnswerData, output: Output, max_rows: int) -> None:
    """Print an answer as a rich view, JSON or CSV."""
    if output is Output.JSON:
        render.print_json(render.answer_json(answer))
    elif output is Output.CSV:
        if answer.result is None:
            render.err.print(render.text(f"The answer has no table. {answer}", "yellow"))
        else:
            render.write_csv(answer.result, sys.stdout)
            if answer.result.truncated:
                render.err.print(
                    Text("The result is truncated; `genie download` fetches every row.", "yellow")
                )
    else:
        render.print_answer(answer, max_rows=max_rows)


def ask(
    ctx: typer.Context,
    space_id: SpaceArg,
    question: Annotated[
        str, typer.Argument(metavar="QUESTION", help="The question, in plain language.")
    ],
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up",
            metavar="CONVERSATION",
            help="Ask in this conversation, as a follow-up of its earlier questions.",
        ),
    ] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    timeout: TimeoutOpt = None,
    max_rows: MaxRowsOpt = 20,
    poll_max: PollMaxOpt = INTERACTIVE_POLL_MAX,
    agent_mode: Annotated[
        bool,
        typer.Option(
            "--agent-mode",
            help="Ask the space as a Genie Agent in agent mode: a researched, cited report "
            "streamed as it is written (reasoning, each query, the text).",
        ),
    ] = False,
) -> None:
    """Ask Genie a question and show its answer, SQL and result."""
    if agent_mode:
        if as_csv:
            raise typer.BadParameter("--csv does not apply to --agent-mode")
        responses.ask_agent_mode(ctx, space_id, question, follow_up, as_json)
        return
    output = output_format(as_json, as_csv)
    answer = show_answer(
        ctx,
        "Asking Genie",
        lambda client, on_event: client.ask(
            space_id, question, conversation_id=follow_up, timeout=timeout, on_event=on_event
        ),
        output,
        max_rows,
        poll_max,
    )
    if output is Output.RICH:
        render.out.print(
            render.text(
                f"conversation {answer.conversation_id}  message {answer.message_id}\n"
                f'Follow up: genie ask {space_id} "..." --follow-up {answer.conversation_id}',
                "dim",
            ),
            soft_wrap=True,
        )


_CHAT_HELP = (
    "Type a question. A number asks that suggested question; /new starts a new conversation; "
    "/quit (or Ctrl+D) leaves."
)


def _chat_turn(
    client: GenieClient, space_id: str, conversation_id: str | None, question: str, max_rows: int
) -> AnswerData:
    with render.LiveStatus("Genie is thinking") as live:
        answer = client.ask(
            space_id, question, conversation_id=conversation_id, on_event=live.event
        )
    render.print_answer(answer, max_rows=max_rows)
    return answer


def chat(
    ctx: typer.Context,
    space_id: SpaceArg,
    max_rows: MaxRowsOpt = 20,
    poll_max: PollMaxOpt = INTERACTIVE_POLL_MAX,
) -> None:
    """Chat with Genie: follow-up questions in one conversation, numbered suggestions."""
    with connection(ctx).client(poll_max) as client:
        space = client.spaces.get(space_id)
        render.out.print(
            Text.assemble(("Genie chat", "bold magenta"), " · ", render.text(space.title, "bold"))
        )
        render.out.print(Text(_CHAT_HELP, style="dim"))
        conversation_id: str | None = None
        suggestions: list[str] = []
        while True:
            try:
                line = render.out.input("[bold cyan]you>[/] ").strip()
            except (EOFError, KeyboardInterrupt):
                render.out.print()
                return
            if line in ("/quit", "/exit", "/q"):
                return
            if line == "/new":
                conversation_id, suggestions = None, []
                render.out.print(Text("New conversation.", style="dim"))
                continue
            if line.isdigit() and 1 <= int(line) <= len(suggestions):
                line = suggestions[int(line) - 1]
                render.out.print(render.text(f"you> {line}", "cyan"))
            if not line:
                continue
            try:
                answer = _chat_turn(client, space_id, conversation_id, line, max_rows)
            except KeyboardInterrupt:
                continue
            except GenieError as error:
                report(error, render.err)
                continue
            conversation_id, suggestions = answer.conversation_id, answer.suggested_questions
