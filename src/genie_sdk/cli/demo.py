"""``genie demo``: the whole flow against an in-process simulator, step by step, in seconds."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.rule import Rule
from rich.syntax import Syntax
from rich.text import Text

from genie_sdk import GenieClient, PollingPolicy
from genie_sdk._optional import require
from genie_sdk.auth import PAT
from genie_sdk.cli import render

if TYPE_CHECKING:
    from genie_sdk.simulator import GenieSimulator

__all__ = ["demo"]

_STEPS = 7
_NEXT_STEPS = """\
export DATABRICKS_HOST=https://<your-workspace>.cloud.databricks.com
export DATABRICKS_TOKEN=dapi...        # or a service principal, or --profile
genie spaces list
genie ask <space-id> "total sales by region"
"""
_PYTHON = """\
from genie_sdk import GenieClient

with GenieClient() as client:  # host and credentials: environment or profile
    answer = client.ask(space_id, "total sales by region")
    print(answer.text, answer.sql, answer.result.to_pandas(), sep="\\n")
"""


def _step(console: Console, number: int, title: str, code: str) -> None:
    console.print()
    console.print(Rule(Text(f"{number}/{_STEPS}  {title}", style="bold magenta"), align="left"))
    console.print(
        Syntax(code, "python", theme="ansi_dark", background_color="default", word_wrap=True)
    )


def demo() -> None:
    """Tour the SDK against a simulated workspace started on this machine (no account needed)."""
    from genie_sdk.simulator import GenieSimulator

    console = render.out
    started = time.monotonic()
    console.print(
        Text("genie demo: the Genie Conversation API, end to end, on a local simulator", "bold")
    )
    _step(console, 1, "Start a simulated Genie workspace", "sim = GenieSimulator().start()")
    # Statuses advance with time, briskly, so that each one shows; no POST rate limit.
    with GenieSimulator(rate_limit=None, advance="time", stage_seconds=0.2) as sim:
        console.print(f"Listening on {sim.url}: real HTTP, real SQL over a retail dataset.")
        polling = PollingPolicy(initial=0.1, maximum=0.2)
        with GenieClient(sim.url, auth=PAT(sim.token), polling=polling) as client:
            _tour(console, client, sim)
    console.print()
    console.print(Rule(Text("Next: the same code against your workspace", style="bold green")))
    console.print(
        Syntax(_NEXT_STEPS, "bash", theme="ansi_dark", background_color="default", word_wrap=True)
    )
    console.print(
        Syntax(_PYTHON, "python", theme="ansi_dark", background_color="default", word_wrap=True)
    )
    console.print(Text(f"Demo finished in {time.monotonic() - started:.1f} s.", style="green"))


def _tour(console: Console, client: GenieClient, sim: GenieSimulator) -> None:
    space_id = sim.space_id
    _step(console, 2, "List the spaces you can use", "client.spaces.list()")
    console.print(render.spaces_table(client.spaces.list()))

    _step(console, 3, "Ask a question", 'answer = client.ask(space_id, "total sales by region")')
    with render.LiveStatus("Asking Genie", console=console) as live:
        answer = client.ask(space_id, "total sales by region", on_event=live.event)
    render.print_answer(answer, console=console)

    _step(console, 4, "Follow up in the same conversation", 'answer.follow_up("only for 2024")')
    with render.LiveStatus("Asking Genie", console=console) as live:
        follow_up = answer.follow_up("only for 2024", on_event=live.event)
    render.print_answer(follow_up, console=console)

    _step(console, 5, "Rate the answer", 'follow_up.send_feedback("POSITIVE", "just right")')
    follow_up.send_feedback("POSITIVE", "just right")
    message = client.messages.get(space_id, follow_up.conversation_id, follow_up.message_id)
    rating = message.feedback.rating if message.feedback else None
    console.print(f"The message now carries the feedback: {rating}")

    _step(
        console,
        6,
        "Re-run a result that expired (after ~7 days on a workspace)",
        "client.wait(space_id, answer.conversation_id, answer.message_id)",
    )
    sim.expire_results(answer.message_id)
    with render.LiveStatus("Waiting for Genie", console=console) as live:
        rerun = client.wait(
            space_id, answer.conversation_id, answer.message_id, on_event=live.event
        )
    before = answer.result.statement_id if answer.result else None
    after = rerun.result.statement_id if rerun.result else None
    console.print(
        f"The SDK re-ran the stored SQL (execute-query): statement {before} → {after}, "
        f"{len(rerun.result or ())} fresh rows."
    )

    _step(
        console,
        7,
        "Download a full result past the 5,000-row inline cap",
        'big = client.ask(space_id, "show all sales")\nbig.download("sales.parquet")',
    )
    with render.LiveStatus("Asking Genie", console=console) as live:
        big = client.ask(space_id, "show all sales", on_event=live.event)
    render.print_answer(big, max_rows=5, console=console)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sales.parquet"
        with render.LiveStatus("Downloading every row", console=console, log=False):
            summary = big.download(path)
        parquet = require("pyarrow.parquet", "arrow", "Reading the Parquet file back")
        rows_in_file = parquet.read_metadata(path).num_rows
        console.print(
            f"Downloaded {summary.row_count:,} rows in {summary.chunk_count} chunks to a "
            f"{path.stat().st_size / 1024:,.0f} KB Parquet file ({rows_in_file:,} rows read back)."
        )
