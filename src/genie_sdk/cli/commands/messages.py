"""``genie messages``: list and inspect messages, wait for one asked earlier."""

from __future__ import annotations

import typer
from rich.text import Text

from genie_sdk._core.answer import AnswerData
from genie_sdk.cli import render
from genie_sdk.cli.commands.ask import show_answer
from genie_sdk.cli.connection import INTERACTIVE_POLL_MAX, connection
from genie_sdk.cli.options import (
    ConversationArg,
    CsvFlag,
    JsonFlag,
    MaxRowsOpt,
    MessageArg,
    PollMaxOpt,
    SpaceArg,
    TimeoutOpt,
    output_format,
)

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Inspect messages and wait for answers.")


@app.command("list")
def list_messages(
    ctx: typer.Context,
    space_id: SpaceArg,
    conversation_id: ConversationArg,
    as_json: JsonFlag = False,
) -> None:
    """List the messages (questions) of a conversation."""
    with connection(ctx).client() as client:
        messages = list(client.messages.list(space_id, conversation_id))
    if as_json:
        render.print_json([m.model_dump(mode="json", exclude_none=True) for m in messages])
    else:
        render.out.print(render.messages_table(messages))


@app.command("get")
def get_message(
    ctx: typer.Context,
    space_id: SpaceArg,
    conversation_id: ConversationArg,
    message_id: MessageArg,
    as_json: JsonFlag = False,
) -> None:
    """Show a message as it is now: status, question, text and SQL (no rows)."""
    with connection(ctx).client() as client:
        message = client.messages.get(space_id, conversation_id, message_id)
    if as_json:
        render.print_json(message.model_dump(mode="json", exclude_none=True))
        return
    render.out.print(render.messages_table([message]))
    if message.error is not None:
        render.out.print(render.text(f"{message.error.type}: {message.error.error}", "red"))
    answer = AnswerData(space_id, conversation_id, message_id, message)
    render.print_answer(answer)
    if answer.sql:
        render.err.print(
            Text(
                f"Rows: genie messages wait {space_id} {conversation_id} {message_id}",
                style="dim",
            ),
            soft_wrap=True,
        )


@app.command("wait")
def wait_message(
    ctx: typer.Context,
    space_id: SpaceArg,
    conversation_id: ConversationArg,
    message_id: MessageArg,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    timeout: TimeoutOpt = None,
    max_rows: MaxRowsOpt = 20,
    poll_max: PollMaxOpt = INTERACTIVE_POLL_MAX,
) -> None:
    """Wait for a message asked earlier and show its answer (re-running expired SQL)."""
    show_answer(
        ctx,
        "Waiting for Genie",
        lambda client, on_event: client.wait(
            space_id, conversation_id, message_id, timeout=timeout, on_event=on_event
        ),
        output_format(as_json, as_csv),
        max_rows,
        poll_max,
    )
