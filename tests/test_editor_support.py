"""What notebooks and editors (through jedi) see of the surface: signatures, docs, completions."""

from __future__ import annotations

import jedi
import pytest

PRELUDE = """\
from genie_sdk import AsyncGenieClient, GenieClient
client = GenieClient("https://example.cloud.databricks.com", token="t")
aclient = AsyncGenieClient("https://example.cloud.databricks.com", token="t")
async def main():
    answer = client.ask("space", "question")
    aanswer = await aclient.ask("space", "question")
    m = client.messages.get("s", "c", "m")
"""


def _script(line: str) -> tuple[jedi.Script, int, int]:
    code = PRELUDE + "    " + line
    lines = code.splitlines()
    return jedi.Script(code), len(lines), len(lines[-1])


@pytest.mark.parametrize(
    ("call", "name", "parameters"),
    [
        ("client.ask(", "ask", ["space_id", "question", "conversation_id", "timeout"]),
        ("client.messages.get(", "get", ["space_id", "conversation_id", "message_id"]),
        ("aclient.ask(", "ask", ["space_id", "question", "conversation_id", "timeout"]),
        ("answer.follow_up(", "follow_up", ["question", "timeout", "polling", "on_status"]),
        ("aanswer.follow_up(", "follow_up", ["question", "timeout", "polling", "on_status"]),
    ],
)
def test_signature_and_docstring_of_methods(call: str, name: str, parameters: list[str]) -> None:
    script, line, column = _script(call)
    signatures = script.get_signatures(line, column)
    assert len(signatures) == 1
    signature = signatures[0]
    assert signature.name == name
    found = [p.name for p in signature.params]
    assert found[: len(parameters)] == parameters or set(parameters) <= set(found)
    assert signature.docstring(raw=True).strip()


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("m.", {"status", "attachments", "conversation_id", "message_id"}),
        ("answer.", {"text", "sql", "result", "follow_up", "refresh", "download"}),
        ("aanswer.", {"text", "sql", "result", "follow_up"}),
        ("answer.result.", {"rows", "columns", "to_pandas", "to_arrow"}),
        ("client.spaces.list().", {"pages"}),
    ],
)
def test_completions_on_what_methods_return(expression: str, expected: set[str]) -> None:
    script, line, column = _script(expression)
    names = {completion.name for completion in script.complete(line, column)}
    assert expected <= names, expected - names


def test_infer_gives_the_returned_type() -> None:
    script, line, column = _script("answer")
    assert [d.name for d in script.infer(line, column)] == ["Answer"]
    script, line, column = _script("aanswer")
    assert [d.name for d in script.infer(line, column)] == ["AsyncAnswer"]


@pytest.mark.parametrize(
    ("module", "prefix", "expected"),
    [
        ("genie_sdk", "Gen", {"GenieClient", "GenieError"}),
        ("genie_sdk", "Poll", {"PollingPolicy", "PollTimeoutError"}),
        ("genie_sdk.auth", "OAuth", {"OAuthM2M", "OAuthU2M", "OAuthError"}),
    ],
)
def test_names_loaded_on_first_use_complete_and_resolve(
    module: str, prefix: str, expected: set[str]
) -> None:
    code = f"import {module}\n{module}.{prefix}"
    script = jedi.Script(code)
    names = {completion.name for completion in script.complete(2, len(module) + 1 + len(prefix))}
    assert expected <= names, expected - names
    for name in expected:
        script = jedi.Script(f"import {module}\n{module}.{name}")
        assert [d.name for d in script.infer(2, len(module) + 2)] == [name]
