"""``genie providers ask``: one question to Genie, Secoda AI or a Workato headless genie.

Every provider is asked through the provider protocol and shown the same way. Secoda and
Workato read their keys from the environment only (``SECODA_API_KEY``, ``WORKATO_API_KEY``),
never from the command line, where they would land in the shell's history.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sys
from typing import Annotated, Any

import typer
from rich.markdown import Markdown
from rich.panel import Panel
from rich.syntax import Syntax
from rich.text import Text

from genie_sdk import Event, PollingPolicy, RateLimited, ReasoningStep, StatusChanged
from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.inert import inert
from genie_sdk.cli.options import JsonFlag, MaxRowsOpt, Output, output_format
from genie_sdk.errors import ConfigurationError
from genie_sdk.providers import GenieProvider, Provider, ProviderAnswer
from genie_sdk.providers.secoda import DEFAULT_BASE_URL as SECODA_URL
from genie_sdk.providers.secoda import SecodaClient
from genie_sdk.providers.workato import (
    ConnectionAuthorized,
    ConnectionAuthRequired,
    HeadlessGenieClient,
    SkillConfirmationRequired,
)

__all__ = ["app"]

app = typer.Typer(
    help="Ask other conversational data APIs (Secoda AI, Workato genies) the way you ask Genie.",
    no_args_is_help=True,
)

WORKATO_URL = "https://www.workato.com"


class Which(str, enum.Enum):
    """The providers the CLI asks."""

    GENIE = "genie"
    SECODA = "secoda"
    WORKATO = "workato"


def _key(variable: str, provider: str) -> str:
    key = os.environ.get(variable, "").strip()
    if not key:
        raise ConfigurationError(f"{provider} needs an API key: set {variable}")
    return key


def _approval(approve_all: bool) -> Any:
    def decide(event: SkillConfirmationRequired) -> bool:
        skill = inert(event.skill or "a skill")
        if approve_all:
            render.err.print(Text(f"Approved {skill} (--approve-skills).", style="yellow"))
            return True
        if not sys.stdin.isatty():
            render.err.print(
                Text(f"Rejected {skill}: approve skills with --approve-skills.", style="yellow")
            )
            return False
        return typer.confirm(f"The genie wants to run {skill}. Allow it?", default=False)

    return decide


def _show_auth_link(event: ConnectionAuthRequired) -> None:
    what = inert(event.connection or "a connection")
    render.err.print(Text(f"{what} needs you to sign in; the genie waits. Open:", style="yellow"))
    render.err.print(render.text(event.auth_url or f"(no link; attempt {event.attempt_id})"))


def _progress(event: Event) -> None:
    if isinstance(event, StatusChanged) and event.status is not None:
        render.err.print(render.text(f"· {event.status}", "dim"))
    elif isinstance(event, ReasoningStep):
        render.err.print(render.text(f"· {event.text}", "dim"))
    elif isinstance(event, RateLimited):
        render.err.print(render.text(str(event), "yellow"))
    elif isinstance(event, ConnectionAuthorized):
        render.err.print(Text("· connection authorized", style="dim"))


def answer_json(answer: ProviderAnswer) -> dict[str, Any]:
    """A provider's answer as JSON."""
    result = answer.result
    return {
        "provider": answer.provider,
        "text": answer.text,
        "conversation": answer.conversation,
        "references": [vars(reference) for reference in answer.references],
        "sql": answer.sql,
        "columns": [c.name for c in result.columns] if result is not None else None,
        "rows": [[render.json_value(v) for v in row] for row in result.rows] if result else None,
        "suggested_questions": answer.suggested_questions,
    }


def print_answer(answer: ProviderAnswer, max_rows: int) -> None:
    """Print a provider's answer: text, references, SQL, table, suggestions."""
    out = render.out
    if answer.text:
        out.print(Markdown(inert(answer.text)))
    if answer.references:
        out.print(Text("Sources:", style="bold"))
        for reference in answer.references:
            kind = f" ({reference.kind})" if reference.kind else ""
            out.print(render.text(f"  • {reference.title or reference.id}{kind}"))
    if answer.sql:
        syntax = Syntax(inert(answer.sql), "sql", theme="ansi_dark", word_wrap=True)
        out.print(Panel(syntax, title="SQL", border_style="blue", expand=False))
    if answer.result is not None:
        out.print(render.result_table(answer.result, max_rows, out.width))
    for number, question in enumerate(answer.suggested_questions, start=1):
        out.print(Text.assemble((f"  {number}. ", "cyan"), inert(question)))


@app.command("ask")
def ask(
    ctx: typer.Context,
    provider: Annotated[Which, typer.Argument(help="Who to ask.")],
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="The question.")],
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up",
            metavar="HANDLE",
            help="Continue a conversation: the handle printed after an earlier answer.",
        ),
    ] = None,
    space: Annotated[str | None, typer.Option("--space", help="Genie: the space to ask.")] = None,
    genie_handle: Annotated[
        str | None,
        typer.Option("--genie", envvar="WORKATO_GENIE", help="Workato: the genie's handle."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Secoda or Workato API address.",
            show_default="SECODA_BASE_URL / WORKATO_BASE_URL, else the vendor's",
        ),
    ] = None,
    approve_skills: Annotated[
        bool,
        typer.Option("--approve-skills", help="Workato: run every skill that asks for approval."),
    ] = False,
    as_json: JsonFlag = False,
    max_rows: MaxRowsOpt = 20,
) -> None:
    """Ask PROVIDER a question and show its answer (text, sources, SQL, rows)."""
    output = output_format(as_json)
    with contextlib.ExitStack() as stack:
        chosen: Provider
        if provider is Which.GENIE:
            if not space:
                raise typer.BadParameter("asking Genie needs --space")
            client = stack.enter_context(connection(ctx).client())
            chosen = GenieProvider(client, space)
        elif provider is Which.SECODA:
            url = base_url or os.environ.get("SECODA_BASE_URL") or SECODA_URL
            polling = PollingPolicy.interactive()
            secoda = SecodaClient(url, _key("SECODA_API_KEY", "Secoda"), polling=polling)
            chosen = stack.enter_context(secoda).as_provider()
        else:
            if not genie_handle:
                raise typer.BadParameter("asking a Workato genie needs --genie (or WORKATO_GENIE)")
            url = base_url or os.environ.get("WORKATO_BASE_URL") or WORKATO_URL
            workato = stack.enter_context(
                HeadlessGenieClient(url, _key("WORKATO_API_KEY", "Workato"))
            )
            chosen = workato.as_provider(
                genie_handle, on_approval=_approval(approve_skills), on_auth=_show_auth_link
            )
        answer = chosen.ask(question, conversation=follow_up, on_event=_progress)
    if output is Output.JSON:
        render.print_json(answer_json(answer))
        return
    print_answer(answer, max_rows)
    if answer.conversation:
        render.out.print(
            render.text(
                f'Follow up: genie providers ask {provider.value} "..." '
                f"--follow-up {answer.conversation}",
                "dim",
            ),
            soft_wrap=True,
        )
