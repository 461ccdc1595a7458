"""``genie providers ask`` and ``chat``: Genie, Secoda AI or a Workato headless genie.

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
from genie_sdk.cli.errors import report
from genie_sdk.cli.inert import inert
from genie_sdk.cli.options import JsonFlag, MaxRowsOpt, Output, output_format
from genie_sdk.errors import ConfigurationError, GenieError
from genie_sdk.providers import (
    AgentModeProvider,
    GenieOneProvider,
    GenieProvider,
    Provider,
    ProviderAnswer,
)
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
    AGENT_MODE = "agent-mode"
    GENIE_ONE = "genie-one"
    SECODA = "secoda"
    WORKATO = "workato"


def api_key(variable: str, provider: str) -> str:
    """The API key in the environment variable ``variable``; never read from the command line."""
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


ProviderArg = Annotated[Which, typer.Argument(help="Who to ask.")]
SpaceOpt = Annotated[
    str | None, typer.Option("--space", help="Genie and agent mode: the space (agent) to ask.")
]
GenieOpt = Annotated[
    str | None,
    typer.Option("--genie", envvar="WORKATO_GENIE", help="Workato: the genie's handle."),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="Secoda or Workato API address.",
        show_default="SECODA_BASE_URL / WORKATO_BASE_URL, else the vendor's",
    ),
]
ApproveOpt = Annotated[
    bool,
    typer.Option("--approve-skills", help="Workato: run every skill that asks for approval."),
]


def _open(
    ctx: typer.Context,
    stack: contextlib.ExitStack,
    which: Which,
    space: str | None,
    genie_handle: str | None,
    base_url: str | None,
    approve_skills: bool,
) -> Provider:
    """The provider asked, on a client that ``stack`` closes."""
    if which in (Which.GENIE, Which.AGENT_MODE, Which.GENIE_ONE):
        client = stack.enter_context(connection(ctx).client())
        if which is Which.GENIE_ONE:
            return GenieOneProvider(client)
        if not space:
            raise typer.BadParameter(f"asking {which.value} needs --space")
        return (
            GenieProvider(client, space)
            if which is Which.GENIE
            else AgentModeProvider(client, space)
        )
    if which is Which.SECODA:
        url = base_url or os.environ.get("SECODA_BASE_URL") or SECODA_URL
        polling = PollingPolicy.interactive()
        secoda = SecodaClient(url, api_key("SECODA_API_KEY", "Secoda"), polling=polling)
        return stack.enter_context(secoda).as_provider()
    if not genie_handle:
        raise typer.BadParameter("asking a Workato genie needs --genie (or WORKATO_GENIE)")
    url = base_url or os.environ.get("WORKATO_BASE_URL") or WORKATO_URL
    workato = stack.enter_context(HeadlessGenieClient(url, api_key("WORKATO_API_KEY", "Workato")))
    return workato.as_provider(
        genie_handle, on_approval=_approval(approve_skills), on_auth=_show_auth_link
    )


@app.command("ask")
def ask(
    ctx: typer.Context,
    provider: ProviderArg,
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="The question.")],
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up",
            metavar="HANDLE",
            help="Continue a conversation: the handle printed after an earlier answer.",
        ),
    ] = None,
    space: SpaceOpt = None,
    genie_handle: GenieOpt = None,
    base_url: BaseUrlOpt = None,
    approve_skills: ApproveOpt = False,
    as_json: JsonFlag = False,
    max_rows: MaxRowsOpt = 20,
) -> None:
    """Ask PROVIDER a question and show its answer (text, sources, SQL, rows)."""
    output = output_format(as_json)
    with contextlib.ExitStack() as stack:
        chosen = _open(ctx, stack, provider, space, genie_handle, base_url, approve_skills)
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


_CHAT_HELP = (
    "Type a question; the next ones follow up. A number asks that suggested question; /new "
    "starts a new conversation; /quit (or Ctrl+D) leaves."
)


@app.command("chat")
def chat(
    ctx: typer.Context,
    provider: ProviderArg,
    space: SpaceOpt = None,
    genie_handle: GenieOpt = None,
    base_url: BaseUrlOpt = None,
    approve_skills: ApproveOpt = False,
    max_rows: MaxRowsOpt = 20,
) -> None:
    """Chat with PROVIDER: each question follows up the one before."""
    with contextlib.ExitStack() as stack:
        chosen = _open(ctx, stack, provider, space, genie_handle, base_url, approve_skills)
        render.out.print(Text.assemble((f"{provider.value} chat", "bold magenta")))
        render.out.print(Text(_CHAT_HELP, style="dim"))
        conversation: str | None = None
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
                conversation, suggestions = None, []
                render.out.print(Text("New conversation.", style="dim"))
                continue
            if line.isdigit() and 1 <= int(line) <= len(suggestions):
                line = suggestions[int(line) - 1]
            if not line:
                continue
            try:
                answer = chosen.ask(line, conversation=conversation, on_event=_progress)
            except GenieError as error:
                report(error, render.err)
                continue
            print_answer(answer, max_rows)
            conversation, suggestions = answer.conversation, answer.suggested_questions
