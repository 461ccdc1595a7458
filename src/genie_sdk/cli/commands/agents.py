"""``genie agents``: Genie Agents (formerly spaces) and their definitions, as code."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich import box
from rich.panel import Panel
from rich.table import Table

from genie_sdk.cli import render
from genie_sdk.cli.connection import connection
from genie_sdk.cli.options import JsonFlag
from genie_sdk.models import GenieAgent, GenieAgentDefinition, GenieAgentView

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="List, create, change, trash and export Genie Agents.")

AgentArg = Annotated[
    str, typer.Argument(metavar="AGENT", help="Agent id (see `genie agents list`).")
]
EtagOpt = Annotated[
    str | None,
    typer.Option(
        "--etag", help="Fail if the definition changed since this etag was read (`agents get`)."
    ),
]
_DEFINITION_HELP = (
    "JSON file ('-': stdin) holding a definition, or a space's serialized_space export "
    '(recognised by its "version"), as `genie agents export` writes them.'
)
DefinitionOpt = Annotated[
    Path | None, typer.Option("--definition", metavar="FILE", help=_DEFINITION_HELP)
]


class ExportFormat(enum.Enum):
    """What `genie agents export` writes."""

    DEFINITION = "definition"
    SERIALIZED_SPACE = "serialized-space"


def _read_definition(path: Path) -> GenieAgentDefinition:
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except ValueError:
        raise ValueError(f"{path} is not a JSON document") from None
    if isinstance(data, dict) and "version" in data:
        return GenieAgentDefinition.from_serialized_space(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object")
    try:
        return GenieAgentDefinition.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}"
            for problem in error.errors(include_url=False)
        )
        raise ValueError(f"{path} is not an agent definition: {problems}") from None


def _agent_json(agent: GenieAgent) -> dict[str, Any]:
    return agent.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def _print_agent(agent: GenieAgent, as_json: bool) -> None:
    if as_json:
        render.print_json(_agent_json(agent))
        return
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim")
    fields.add_column()
    for name, value in (
        ("agent id", agent.agent_id),
        ("description", agent.description),
        ("warehouse", agent.warehouse_id),
        ("folder", agent.effective_parent_path or agent.parent_path),
        ("etag", agent.etag),
        ("updated", agent.update_time),
        ("definition", _summary(agent.definition) if agent.definition else None),
    ):
        if value:
            fields.add_row(name, render.text(value))
    render.out.print(Panel(fields, title=render.text(agent.display_name, "bold"), expand=False))


def _summary(definition: GenieAgentDefinition) -> str:
    sources = definition.data_sources
    instructions = definition.instructions
    snippets = instructions.sql_snippets if instructions else None
    counts = (
        ("table", len(sources.tables) if sources else 0),
        ("sample question", len(definition.config.sample_questions) if definition.config else 0),
        ("text instruction", len(instructions.text_instructions) if instructions else 0),
        ("example SQL", len(instructions.example_question_sqls) if instructions else 0),
        ("join", len(instructions.join_specs) if instructions else 0),
        (
            "SQL snippet",
            len(snippets.expressions) + len(snippets.filters) + len(snippets.measures)
            if snippets
            else 0,
        ),
        ("benchmark", len(definition.benchmarks.questions) if definition.benchmarks else 0),
    )
    parts = [f"{n} {name}{'' if n == 1 else 's'}" for name, n in counts if n]
    return ", ".join(parts) or "empty"


@app.command("list")
def list_agents(
    ctx: typer.Context,
    full: Annotated[
        bool, typer.Option("--full", help="Fetch each agent's definition too (smaller pages).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the agents you can access."""
    view = GenieAgentView.GENIE_AGENT_VIEW_FULL if full else None
    with connection(ctx).client() as client:
        pager = client.agents.list(view=view)
        agents = list(pager)
    if as_json:
        render.print_json(
            {"genie_agents": [_agent_json(a) for a in agents], "unreachable": pager.unreachable}
        )
        return
    table = Table(box=box.SIMPLE_HEAVY)
    table.add_column("agent id", no_wrap=True)
    table.add_column("name", min_width=12)
    table.add_column("folder", min_width=12)
    if full:
        table.add_column("definition", min_width=12)
    for agent in agents:
        row = [
            render.text(agent.agent_id, "cyan"),
            render.text(agent.display_name, "bold"),
            render.text(agent.effective_parent_path or agent.parent_path),
        ]
        if full:
            row.append(render.text(_summary(agent.definition) if agent.definition else ""))
        table.add_row(*row)
    render.out.print(table)
    for name in pager.unreachable:
        render.err.print(render.text(f"Could not read {name}."), style="yellow")


@app.command("get")
def get_agent(ctx: typer.Context, agent_id: AgentArg, as_json: JsonFlag = False) -> None:
    """Show one agent and a summary of its definition."""
    with connection(ctx).client() as client:
        agent = client.agents.get(agent_id)
    _print_agent(agent, as_json)


@app.command("create")
def create_agent(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Name of the agent, unique in its folder.")],
    warehouse: Annotated[
        str, typer.Option("--warehouse", help="Id of the SQL warehouse the agent runs on.")
    ],
    definition: Annotated[
        Path, typer.Option("--definition", metavar="FILE", help=_DEFINITION_HELP)
    ],
    description: Annotated[
        str | None, typer.Option("--description", help="Description of the agent.")
    ] = None,
    parent_path: Annotated[
        str | None,
        typer.Option("--parent-path", help="Workspace folder to create it in (default: home)."),
    ] = None,
    agent_id: Annotated[
        str | None, typer.Option("--id", help="Id to give it (32 lowercase hex characters).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an agent from a definition file."""
    typed = _read_definition(definition)
    with connection(ctx).client() as client:
        agent = client.agents.create(
            name, warehouse, typed, description, parent_path, agent_id=agent_id
        )
    _print_agent(agent, as_json)


@app.command("update")
def update_agent(
    ctx: typer.Context,
    agent_id: AgentArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="New description ('' clears it).")
    ] = None,
    warehouse: Annotated[str | None, typer.Option("--warehouse", help="New warehouse.")] = None,
    definition: DefinitionOpt = None,
    parent_path: Annotated[
        str | None, typer.Option("--parent-path", help="Folder to move the agent to.")
    ] = None,
    etag: EtagOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Change the given fields of an agent (a definition replaces the old one whole)."""
    typed = _read_definition(definition) if definition is not None else None
    with connection(ctx).client() as client:
        agent = client.agents.update(
            agent_id,
            display_name=name,
            description=description,
            warehouse_id=warehouse,
            definition=typed,
            parent_path=parent_path,
            etag=etag,
        )
    _print_agent(agent, as_json)


@app.command("trash")
def trash_agent(ctx: typer.Context, agent_id: AgentArg, etag: EtagOpt = None) -> None:
    """Move an agent to the trash."""
    with connection(ctx).client() as client:
        client.agents.trash(agent_id, etag=etag)
    render.err.print(render.text(f"Moved agent {agent_id} to the trash."))


@app.command("export")
def export_agent(
    ctx: typer.Context,
    agent_id: AgentArg,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="definition: the agent API's JSON; serialized-space: a space export.",
        ),
    ] = ExportFormat.DEFINITION,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: stdout)."),
    ] = None,
) -> None:
    """Write an agent's definition as JSON, ready for `genie agents create --definition`."""
    with connection(ctx).client() as client:
        agent = client.agents.get(agent_id)
    if agent.definition is None:
        raise ValueError(f"the server sent agent {agent_id} without its definition")
    if output_format is ExportFormat.DEFINITION:
        document = agent.definition.to_json()
    else:
        document = json.loads(agent.definition.to_serialized_space())
    if output is None:
        render.print_json(document)
        return
    output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    render.err.print(render.text(f"Wrote {output}."))
