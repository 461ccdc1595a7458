"""Arguments and options shared by several commands."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

__all__ = [
    "ConversationArg",
    "CsvFlag",
    "JsonFlag",
    "MaxRowsOpt",
    "MessageArg",
    "Output",
    "PollMaxOpt",
    "SpaceArg",
    "TimeoutOpt",
    "output_format",
]

SpaceArg = Annotated[
    str, typer.Argument(metavar="SPACE", help="Genie space id (see `genie spaces list`).")
]
ConversationArg = Annotated[str, typer.Argument(metavar="CONVERSATION", help="Conversation id.")]
MessageArg = Annotated[str, typer.Argument(metavar="MESSAGE", help="Message id.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout (for scripts).")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print the result rows as CSV on stdout.")]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.1,
        help="Seconds to wait for the answer.",
        show_default="600",
    ),
]
MaxRowsOpt = Annotated[int, typer.Option("--max-rows", min=0, help="Rows to show in the table.")]
PollMaxOpt = Annotated[
    float,
    typer.Option(
        "--poll-max",
        metavar="SECONDS",
        min=0.01,
        max=60.0,
        envvar="GENIE_POLL_MAX",
        help="Longest wait between two polls: an answer shows at most this long after it is ready.",
    ),
]


class Output(enum.Enum):
    """How a command prints its result."""

    RICH = "rich"
    JSON = "json"
    CSV = "csv"


def output_format(as_json: bool, as_csv: bool = False) -> Output:
    """Return the output chosen by ``--json`` / ``--csv`` (at most one)."""
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    return Output.JSON if as_json else Output.CSV if as_csv else Output.RICH
