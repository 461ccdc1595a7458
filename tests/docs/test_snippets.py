"""Every Python example of README.md and docs/*.md type-checks with mypy --strict and pyright.

Each ```python block is checked as a module of its own. Examples may use the names a page's prose
introduces without defining them (``client``, ``space_id``, ... in `CONTEXT`); anything
else they use they must import or define, as a reader copying them would. A block that is
deliberately partial is skipped when the line before its fence is ``<!-- no-check -->``.
The README's quickstart also runs, against the simulator, when Genie asks a question back.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import genie_sdk
from genie_sdk import AsyncGenieClient, GenieClient, PollingPolicy
from genie_sdk.simulator import GenieSimulator

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NO_CHECK = "<!-- no-check -->"
CONTEXT = """\
from genie_sdk import GenieClient
from genie_sdk.simulator import GenieSimulator

__all__ = ["client", "conversation_id", "message_id", "question", "questions", "sim", "space_id"]

client: GenieClient
space_id: str
conversation_id: str
message_id: str
question: str
questions: list[str]
sim: GenieSimulator
"""
_FENCE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Snippet:
    """A ```python block: where it is and its code."""

    page: Path
    line: int
    """Line of the opening fence; the code starts on the next one."""
    code: str

    @property
    def module(self) -> str:
        name = re.sub(r"\W", "_", str(self.page.relative_to(ROOT)))
        return f"{name}_{self.line}"

    def where(self, line: int) -> str:
        """The page and line of ``line`` of the checked module (its first line is the import)."""
        return f"{self.page.relative_to(ROOT)}:{self.line + line - 1}"


def snippets() -> list[Snippet]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            before = text[: match.start()].rstrip("\n").rpartition("\n")[2]
            if before.strip() != NO_CHECK:
                line = text.count("\n", 0, match.start()) + 1
                found.append(Snippet(page, line, match.group(1)))
    return found


SNIPPETS = snippets()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Snippet]]:
    """A folder with one module per snippet, each starting by importing the context names."""
    folder = tmp_path_factory.mktemp("snippets")
    (folder / "_doc_context.pyi").write_text(CONTEXT)
    modules = {}
    for snippet in SNIPPETS:
        (folder / f"{snippet.module}.py").write_text(
            "from _doc_context import *\n" + snippet.code, encoding="utf-8"
        )
        modules[snippet.module] = snippet
    return folder, modules


def test_the_pages_have_examples_to_check() -> None:
    pages = {snippet.page.name for snippet in SNIPPETS}
    assert {"README.md", "getting-started.md", "polling.md", "results.md"} <= pages


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: s.module)
def test_snippets_are_python(snippet: Snippet) -> None:
    compile(snippet.code, snippet.where(2), "exec", flags=0x2000)  # top-level await allowed


def report(problems: list[tuple[str, int, str]], modules: dict[str, Snippet]) -> str:
    lines = [f"{modules[module].where(line)}: {message}" for module, line, message in problems]
    return "\n".join(sorted(lines))


@pytest.mark.slow
def test_snippets_pass_mypy_strict(checked: tuple[Path, dict[str, Snippet]]) -> None:
    folder, modules = checked
    config = folder / "mypy.ini"
    # Like an installed package: genie_sdk is type-checked through, its own issues are not shown.
    config.write_text(
        f"[mypy]\nstrict = true\nmypy_path = {ROOT / 'src'}\n"
        "[mypy-genie_sdk.*]\nfollow_imports = silent\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental"]
        + [f"{module}.py" for module in modules],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    errors = re.findall(r"^(\w+)\.py:(\d+): error: (.*)$", result.stdout, re.MULTILINE)
    problems = [(module, int(line), message) for module, line, message in errors]
    assert not problems, report(problems, modules)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_snippets_pass_pyright(checked: tuple[Path, dict[str, Snippet]]) -> None:
    pytest.importorskip("pyright")
    folder, modules = checked
    config = {"extraPaths": [str(ROOT / "src")], "pythonVersion": "3.10"}
    (folder / "pyrightconfig.json").write_text(json.dumps(config))
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    diagnostics = json.loads(result.stdout)["generalDiagnostics"]
    problems = [
        (Path(d["file"]).stem, d["range"]["start"]["line"] + 1, d["message"])
        for d in diagnostics
        if d["severity"] == "error"
    ]
    assert not problems, report(problems, modules)


@pytest.mark.parametrize("index", [0, 1], ids=["sync", "async"])
def test_the_quickstart_runs_when_genie_asks_back(
    genie_simulator: GenieSimulator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    index: int,
) -> None:
    for name in [name for name in os.environ if name.startswith("DATABRICKS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DATABRICKS_HOST", genie_simulator.url)
    monkeypatch.setenv("DATABRICKS_TOKEN", genie_simulator.token)
    fast = PollingPolicy(initial=0.01, maximum=0.05)
    for client in (GenieClient, AsyncGenieClient):
        monkeypatch.setattr(genie_sdk, client.__name__, functools.partial(client, polling=fast))
    genie_simulator.add_answer(".", clarification="Which year do you mean?")
    quickstart = [s for s in SNIPPETS if s.page.name == "README.md"][index]

    exec(quickstart.code.replace("01ef...space-id", genie_simulator.space_id), {})

    assert "Which year do you mean?" in capsys.readouterr().out
