"""Rich output: live status, answers with their SQL and typed tables, JSON and CSV for scripts."""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from types import TracebackType
from typing import IO, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.status import Status
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from genie_sdk import Event, RateLimited, StatusChanged
from genie_sdk._core.answer import AnswerData
from genie_sdk.cli.inert import inert, inert_json
from genie_sdk.models import ConversationSummary, Message, Space
from genie_sdk.results import QueryResult
from genie_sdk.results.encoding import encode_value

__all__ = [
    "LiveStatus",
    "age",
    "answer_json",
    "conversations_table",
    "err",
    "json_value",
    "messages_table",
    "out",
    "print_answer",
    "print_json",
    "print_plain",
    "result_table",
    "spaces_table",
    "text",
    "timestamp",
    "write_csv",
]

out = Console(highlight=False)
"""Results: the answer, tables, JSON and CSV."""
err = Console(stderr=True, highlight=False)
"""Progress, hints and errors, so that stdout stays clean for scripts."""

_STEPS = {
    "SUBMITTED": "question received",
    "FILTERING_CONTEXT": "reading the space's instructions and tables",
    "FETCHING_METADATA": "fetching table metadata",
    "ASKING_AI": "writing the SQL",
    "PENDING_WAREHOUSE": "waiting for the SQL warehouse to start",
    "EXECUTING_QUERY": "running the SQL",
    "COMPLETED": "answer ready",
    "FAILED": "Genie could not answer",
    "CANCELLED": "cancelled",
    "QUERY_RESULT_EXPIRED": "results expired: running the SQL again",
}
_STATUS_STYLES = {
    "COMPLETED": "green",
    "FAILED": "red",
    "CANCELLED": "red",
    "QUERY_RESULT_EXPIRED": "yellow",
}
_NUMERIC = frozenset({"BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "DECIMAL"})
_MAX_CELL = 32
_CSV_SPECIAL = frozenset(',"\r\n')


def text(value: str | None, style: str = "") -> Text:
    """Return untrusted ``value`` as rich text that cannot drive the terminal (``None``: empty)."""
    return Text(inert(value or ""), style=style)


class LiveStatus:
    """A spinner on stderr that logs each status change of the message it follows.

    Pass `event` as ``on_event`` (or `update` as ``on_status``). It also says when a rate limit
    holds the question back. When Ctrl+C interrupts the wait, it prints the command that resumes
    it.
    """

    def __init__(self, label: str, *, log: bool = True, console: Console | None = None) -> None:
        self.label = label
        self.log = log
        self.console = console or err
        self.message: Message | None = None
        self._spinner: Status | None = None
        self._started = time.monotonic()
        self._last: str | None = None

    def __enter__(self) -> LiveStatus:
        self._started = time.monotonic()
        self._spinner = self.console.status(self.label, spinner="dots")
        self._spinner.start()
        return self

    def event(self, event: Event) -> None:
        """Show a status change, or a rate limit holding the next request back."""
        if isinstance(event, StatusChanged) and event.message is not None:
            self.update(event.message)
        elif isinstance(event, RateLimited):
            self._show((str(event), "yellow"), spinner=f"{self.label} · {event}")

    def update(self, message: Message) -> None:
        """Show the status of ``message`` if it changed."""
        self.message = message
        status = inert(str(message.status)) if message.status is not None else "UNKNOWN"
        if status == self._last:
            return
        self._last = status
        meaning = _STEPS.get(status, "")
        self._show(
            (f"{status:<22}", _STATUS_STYLES.get(status, "cyan")),
            (meaning, "dim"),
            spinner=f"{self.label} · {meaning or status}",
        )

    def _show(self, *parts: tuple[str, str], spinner: str) -> None:
        """Log a line stamped with the time waited so far, and put ``spinner`` on the spinner."""
        if self.log:
            elapsed = time.monotonic() - self._started
            self.console.print(Text.assemble((f"  {elapsed:5.1f}s  ", "dim"), *parts))
        if self._spinner is not None:
            self._spinner.update(Text(spinner))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._spinner is not None:
            self._spinner.stop()
        message = self.message
        if exc_type is KeyboardInterrupt and message is not None:
            self.console.print(
                text(
                    "Interrupted; Genie keeps working. Resume with: genie messages wait "
                    f"{message.space_id} {message.conversation_id} {message.message_id}",
                    "yellow",
                ),
                soft_wrap=True,
            )


def timestamp(epoch_ms: int | None) -> str:
    """Format epoch milliseconds as local time, e.g. ``2025-01-31 14:05``."""
    if epoch_ms is None:
        return "-"
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).astimezone()
    return f"{moment:%Y-%m-%d %H:%M}"


def age(epoch_ms: int | None) -> str:
    """Format how long ago epoch milliseconds were, e.g. ``45d``, ``3h``, ``12m``."""
    if epoch_ms is None:
        return "-"
    seconds = max(0.0, time.time() - epoch_ms / 1000)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size:.0f}{unit}"
    return f"{seconds:.0f}s"


def _cell(value: object) -> Text:
    if value is None:
        return Text("null", style="dim italic")
    return text(encode_value(value))


def _rows_caption(result: QueryResult, shown: int, hidden_columns: list[str]) -> str:
    total = len(result)
    caption = f"{total:,} row{'s' if total != 1 else ''}"
    if shown < total:
        caption = f"first {shown:,} of {caption}"
    if hidden_columns:
        caption += (
            f" · {len(hidden_columns)} more columns: {inert(', '.join(hidden_columns))}"
            " (see --json)"
        )
    if result.truncated:
        caption += " · Genie returned the first rows only; `genie download` fetches all of them"
    return caption


def _columns_that_fit(result: QueryResult, rows: int, width: int) -> int:
    used = 0
    for index, column in enumerate(result.columns):
        longest = max(
            (len(inert(encode_value(row[index]) or "null")) for row in result.rows[:rows]),
            default=0,
        )
        name, sql_type = inert(column.name), inert(column.sql_type)
        used += max(len(name), len(sql_type), min(longest, _MAX_CELL)) + 3
        if used + 2 > width and index > 0:  # + the table's edges
            return index
    return len(result.columns)


def result_table(result: QueryResult, max_rows: int = 20, width: int | None = None) -> Table:
    """Return a table of the first ``max_rows`` rows with each column's SQL type.

    Columns that do not fit in ``width`` characters are left out and named in the caption.
    """
    shown = min(len(result), max(max_rows, 0))
    fit = len(result.columns) if width is None else _columns_that_fit(result, shown, width)
    hidden = result.column_names[fit:]
    table = Table(
        box=box.SIMPLE_HEAVY, caption=_rows_caption(result, shown, hidden), caption_justify="left"
    )
    for column in result.columns[:fit]:
        table.add_column(
            Text.assemble(
                (inert(column.name), "bold"), "\n", (inert(column.sql_type.lower()), "dim")
            ),
            justify="right" if column.type_name in _NUMERIC else "left",
        )
    for row in result.rows[:shown]:
        table.add_row(*(_cell(value) for value in row[:fit]))
    return table


def print_answer(answer: AnswerData, *, max_rows: int = 20, console: Console | None = None) -> None:
    """Print an answer: Genie's text or question back, the SQL, the table, the suggestions."""
    console = console or out
    if answer.clarification:
        console.print(Panel(text(answer.clarification), title="Genie asks", border_style="yellow"))
    if answer.text:
        console.print(Markdown(inert(answer.text)))
    if answer.sql:
        parts: list[RenderableType] = []
        if answer.description and answer.description not in (answer.text or ""):
            parts.append(text(answer.description, "italic"))
        parts.append(Syntax(inert(answer.sql), "sql", theme="ansi_dark", word_wrap=True))
        title = text(answer.queries[-1].title or "SQL")
        console.print(Panel(Group(*parts), title=title, border_style="blue", expand=False))
    if answer.result is not None:
        console.print(result_table(answer.result, max_rows, console.width))
    if answer.suggested_questions:
        console.print(Text("Suggested questions:", style="bold"))
        for number, question in enumerate(answer.suggested_questions, start=1):
            console.print(Text.assemble((f"  {number}. ", "cyan"), inert(question)))


def json_value(value: object) -> object:
    """Return ``value`` as JSON: numbers and booleans stay, others use the server's encoding."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return encode_value(value)


def answer_json(answer: AnswerData) -> dict[str, Any]:
    """Return an answer as a JSON object: ids, texts, SQL, columns and rows."""
    result = answer.result
    return {
        "space_id": answer.space_id,
        "conversation_id": answer.conversation_id,
        "message_id": answer.message_id,
        "status": None if answer.status is None else str(answer.status),
        "question": answer.message.content,
        "text": answer.text,
        "clarification": answer.clarification,
        "sql": answer.sql,
        "description": answer.description,
        "suggested_questions": answer.suggested_questions,
        "columns": [{"name": c.name, "type": c.sql_type} for c in result.columns] if result else [],
        "rows": [[json_value(v) for v in row] for row in result.rows] if result else [],
        "row_count": len(result) if result else 0,
        "truncated": result.truncated if result else False,
    }


def print_json(value: object) -> None:
    """Print ``value`` as indented JSON on stdout, every control character escaped."""
    print(inert_json(json.dumps(value, indent=2, ensure_ascii=False)))


def print_plain(value: str) -> None:
    """Print ``value`` on stdout as is for a program, made inert for a person at a terminal."""
    print(inert(value) if sys.stdout.isatty() else value)


def write_csv(result: QueryResult, stream: IO[str]) -> None:
    """Write the rows as CSV with a header; values in the server's encoding, nulls empty.

    Values are exact in a file or a pipe; on a terminal, control characters are written out.
    """
    shown = inert if stream.isatty() else _same
    stream.write(_csv_line(shown(name) for name in result.column_names))
    for row in result.rows:
        stream.write(_csv_line(shown(encode_value(value) or "") for value in row))


def _same(value: str) -> str:
    return value


def _csv_line(fields: Iterable[str]) -> str:
    """Return one CSV line; ``csv.writer`` would leave a lone ``\r`` unquoted and split the row."""
    return ",".join(map(_csv_field, fields)) + "\n"


def _csv_field(field: str) -> str:
    if any(char in field for char in _CSV_SPECIAL):
        return '"' + field.replace('"', '""') + '"'
    return field


def _longest(values: Iterable[str]) -> int:
    return max((len(inert(value)) for value in values), default=0)


def spaces_table(spaces: Iterable[Space]) -> Table:
    """Return a table of spaces."""
    spaces = list(spaces)
    table = Table(box=box.SIMPLE_HEAVY)
    table.add_column("space id", no_wrap=True, min_width=_longest(s.space_id for s in spaces))
    table.add_column("title", min_width=12)
    table.add_column("description", min_width=12)
    for space in spaces:
        table.add_row(
            text(space.space_id, "cyan"), text(space.title, "bold"), text(space.description)
        )
    return table


def conversations_table(conversations: Iterable[ConversationSummary]) -> Table:
    """Return a table of conversations with their creation time and age."""
    conversations = list(conversations)
    table = Table(box=box.SIMPLE_HEAVY)
    ids = (c.conversation_id for c in conversations)
    table.add_column("conversation id", no_wrap=True, min_width=_longest(ids))
    table.add_column("title", min_width=12)
    table.add_column("created", no_wrap=True)
    table.add_column("age", no_wrap=True, justify="right")
    for conversation in conversations:
        created = conversation.created_timestamp
        table.add_row(
            text(conversation.conversation_id, "cyan"),
            text(conversation.title),
            Text(timestamp(created), style="dim"),
            Text(age(created)),
        )
    return table


def messages_table(messages: Iterable[Message]) -> Table:
    """Return a table of messages: id, status, question."""
    messages = list(messages)
    table = Table(box=box.SIMPLE_HEAVY)
    table.add_column("message id", no_wrap=True, min_width=_longest(m.message_id for m in messages))
    table.add_column("status", no_wrap=True)
    table.add_column("question", min_width=12)
    for message in messages:
        status = str(message.status) if message.status is not None else "-"
        table.add_row(
            text(message.message_id, "cyan"),
            text(status, _STATUS_STYLES.get(status, "")),
            text(message.content),
        )
    return table
