"""Escape sequences in what a server sends never reach the terminal through any command.

A fake workspace (respx) puts a different hostile string in every text field it serves: space
titles, conversation titles, questions, statuses, answer texts, SQL, column names and cells, error
messages. Each command's output must carry them written out (``\\x1b``), never as raw control
characters; JSON and CSV for programs keep the data exact.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import Result

from genie_sdk.cli import render
from genie_sdk.cli.inert import inert
from genie_sdk.results import QueryResult
from genie_sdk.results.columns import Column
from tests.cli.running import Genie

HOST = "https://hostile.example.com"
API = f"{HOST}/api/2.0/genie"
S, C, M, A = "s1", "c1", "m1", "a1"
FAILING = "s2"
MESSAGES = f"{API}/spaces/{S}/conversations/{C}/messages"


def evil(field: str) -> str:
    """A field's value that would copy to the clipboard, retitle, clear and reorder the screen."""
    return (
        f"{field}\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x1b\\\x1b[2J\x9b31m\u202e{field}\u202c"
        "\x08\x00\x7f\r"
    )


UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def assert_inert(result: Result) -> None:
    """Nothing on stdout or stderr can drive a terminal, yet the hostile text is still shown."""
    for stream in (result.stdout, result.stderr):
        found = UNSAFE.findall(stream)
        assert found == [], f"{found!r} in {stream!r}"


SPACE = {"space_id": S, "title": evil("space title"), "description": evil("space description")}
SPACE |= {"warehouse_id": evil("warehouse"), "parent_path": evil("path")}
COLUMNS = [
    {"name": evil("column"), "type_name": "STRING", "type_text": evil("type"), "position": 0},
    {
        "name": "tiny",
        "type_name": "DECIMAL",
        "type_text": "DECIMAL(18,12)",
        "type_precision": 18,
        "type_scale": 12,
        "position": 1,
    },
]
ROWS = [[evil("cell"), "0.000000123456"], [evil("second cell"), None]]


def message(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "message_id": M,
        "space_id": S,
        "conversation_id": C,
        "content": evil("question"),
        "status": status,
        **extra,
    }


ANSWERED = message(
    "COMPLETED",
    attachments=[
        {"attachment_id": "t1", "text": {"content": evil("# answer **text**")}},
        {"attachment_id": "t2", "text": {"content": evil("asks"), "purpose": "FOLLOW_UP_QUESTION"}},
        {
            "attachment_id": A,
            "query": {
                "title": evil("query title"),
                "description": evil("description"),
                "query": evil("SELECT 1"),
                "statement_id": "st1",
            },
        },
        {"attachment_id": "q1", "suggested_questions": {"questions": [evil("suggestion")]}},
    ],
)
FAILED = message("FAILED", error={"error": evil("failure"), "type": evil("ERROR_TYPE")})
STATEMENT = {
    "statement_response": {
        "statement_id": "st1",
        "status": {"state": "SUCCEEDED"},
        "manifest": {
            "format": "JSON_ARRAY",
            "schema": {"column_count": 2, "columns": COLUMNS},
            "total_row_count": 2,
        },
        "result": {"row_count": 2, "data_array": ROWS},
    }
}
NOT_FOUND = {"error_code": evil("NOT_FOUND"), "message": evil("no such thing")}


def polled(final: dict[str, Any]) -> Any:
    """A message poll: first an unknown hostile status, then ``final``."""
    calls = iter([message(evil("NEW_STATUS"))])

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=next(calls, final))

    return respond


@pytest.fixture
def hostile(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    """The workspace, as DATABRICKS_HOST, serving hostile text everywhere."""
    monkeypatch.setenv("DATABRICKS_HOST", HOST)
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-test")
    started = {"conversation_id": C, "message_id": M, "message": message("SUBMITTED")}
    with respx.mock(assert_all_called=False) as mock:
        mock.get(f"{API}/spaces").respond(json={"spaces": [SPACE]})
        mock.get(f"{API}/spaces/{S}").respond(json=SPACE)
        mock.route(url__regex=rf"{API}/spaces/nowhere.*").respond(404, json=NOT_FOUND)
        mock.post(f"{API}/spaces/{S}/start-conversation").respond(json=started)
        mock.post(MESSAGES).respond(json=message("SUBMITTED"))
        mock.get(MESSAGES).respond(json={"messages": [ANSWERED, FAILED]})
        mock.get(f"{MESSAGES}/{M}").mock(side_effect=polled(ANSWERED))
        mock.get(f"{MESSAGES}/{M}/attachments/{A}/query-result").respond(json=STATEMENT)
        failing = f"{API}/spaces/{FAILING}"
        mock.post(f"{failing}/start-conversation").respond(
            json={"conversation_id": C, "message_id": M, "message": message("SUBMITTED")}
        )
        mock.get(f"{failing}/conversations/{C}/messages/{M}").respond(json=FAILED)
        mock.get(f"{API}/spaces/{S}/conversations").respond(
            json={
                "conversations": [
                    {"conversation_id": C, "title": evil("title"), "created_timestamp": 1}
                ]
            }
        )
        mock.delete(f"{API}/spaces/{S}/conversations/{C}").respond(json={})
        yield mock


COMMANDS = {
    "spaces list": "space title",
    "spaces get s1": "warehouse",
    "ask s1 q": "cell",
    "ask s1 q --follow-up c1": "query title",
    "ask s1 q --max-rows 0": "column",
    "messages list s1 c1": "question",
    "messages wait s1 c1 m1": "suggestion",
    "conversations list s1": "title",
    "conversations prune s1 --older-than 30d --dry-run": "title",
}


@pytest.mark.parametrize(("command", "field"), COMMANDS.items())
def test_rich_output_is_inert(
    hostile: respx.MockRouter, genie: Genie, command: str, field: str
) -> None:
    result = genie(*command.split())

    assert result.exit_code == 0, result.output
    assert_inert(result)
    assert f"{field}\\x1b]52;c;" in result.stdout
    if command.startswith("ask"):
        assert "NEW_STATUS\\x1b]52;c;" in result.stderr


def test_messages_get_shows_a_hostile_error_inertly(
    hostile: respx.MockRouter, genie: Genie, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile.get(f"{MESSAGES}/{M}").respond(json=FAILED)

    result = genie("messages", "get", S, C, M)

    assert result.exit_code == 0, result.output
    assert_inert(result)
    assert "failure\\x1b]52;c;" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["spaces", "get", "nowhere"],
        ["ask", "nowhere", "q"],
        ["ask", FAILING, "q"],
        ["download", "nowhere", C, M, "out.csv"],
    ],
    ids=" ".join,
)
def test_errors_are_inert(hostile: respx.MockRouter, genie: Genie, args: list[str]) -> None:
    result = genie(*args)

    assert result.exit_code == 1, result.output
    assert "Error: " in result.stderr
    assert "\\x1b" in result.stderr
    assert_inert(result)


def test_chat_is_inert(hostile: respx.MockRouter, genie: Genie) -> None:
    result = genie("chat", S, input="q\n1\n/quit\n")

    assert result.exit_code == 0, result.output
    assert "you> suggestion\\x1b]52" in result.stdout
    assert_inert(result)


def test_json_escapes_everything_and_keeps_the_data(
    hostile: respx.MockRouter, genie: Genie
) -> None:
    result = genie("ask", S, "q", "--json")

    assert result.exit_code == 0, result.output
    assert_inert(result)
    answer = json.loads(result.stdout)
    assert answer["text"] == evil("# answer **text**")
    assert answer["columns"][0] == {"name": evil("column"), "type": evil("type")}
    assert answer["rows"] == [[evil("cell"), "0.000000123456"], [evil("second cell"), None]]
    assert json.loads(genie("spaces", "list", "--json").stdout)[0]["title"] == evil("space title")


def test_csv_to_a_pipe_keeps_the_data_exact(hostile: respx.MockRouter, genie: Genie) -> None:
    result = genie("ask", S, "q", "--csv")

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows == [
        [evil("column"), "tiny"],
        [evil("cell"), "0.000000123456"],
        [evil("second cell"), ""],
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_on_a_terminal_is_inert() -> None:
    column = Column(name=evil("column"), type_name="STRING")
    result = QueryResult([column], [(evil("cell"),)])
    terminal = Terminal()

    render.write_csv(result, terminal)

    assert UNSAFE.findall(terminal.getvalue()) == []
    assert terminal.getvalue().splitlines() == [inert(evil("column")), inert(evil("cell"))]


def test_a_token_is_exact_in_a_pipe_and_inert_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = evil("token")

    render.print_plain(token)
    piped = capsys.readouterr().out
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    render.print_plain(token)
    shown = capsys.readouterr().out

    assert piped == token + "\n"
    assert UNSAFE.findall(shown) == []


def test_profiles_from_a_config_file_are_inert(clean_env: Path, genie: Genie) -> None:
    (clean_env / ".databrickscfg").write_text(
        f"[{evil('profile')}]\nhost = https://{evil('host')}\ntoken = dapi-x\n".replace("\r", "")
    )

    result = genie("auth", "profiles")

    assert result.exit_code == 0, result.output
    assert_inert(result)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, ünïcode, emoji 🙂\tand\nlines", "plain text, ünïcode, emoji 🙂\tand\nlines"),
        ("windows\r\nline", "windows\nline"),
        ("over\rwrite", "over\\x0dwrite"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x9b2J", "\\x9b2J"),
        ("a\u202eb\u2066c\u200fd", "a\\u202eb\\u2066c\\u200fd"),
    ],
)
def test_inert(text: str, shown: str) -> None:
    assert inert(text) == shown


def test_tables_show_decimals_in_plain_notation(hostile: respx.MockRouter, genie: Genie) -> None:
    result = genie("ask", S, "q")

    assert "0.000000123456" in result.stdout
