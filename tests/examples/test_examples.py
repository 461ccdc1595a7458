"""Every example script runs against the embedded simulator; the notebook executes end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from genie_sdk.simulator import GenieSimulator

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# What each script must print to show that it did its job.
EXPECTED = {
    "quickstart.py": ["Central", "As a DataFrame"],
    "follow_up.py": ["year(sale_date) = 2024", "Genie asks back"],
    "async_batch.py": ["7 questions in", "✓ how many customers: 1 rows"],
    "progress_events.py": ["status EXECUTING_QUERY", "SQL ready", "result ready: 5 rows"],
    "reexecute_expired.py": ["status: QUERY_RESULT_EXPIRED", "same SQL: True"],
    "download_parquet.py": ["inline rows: 5,000", "downloaded 21,000 rows", "decimal128(12, 2)"],
    "feedback_and_comments.py": ["on the message: POSITIVE", "comments in the conversation: 2"],
    "prune_conversations.py": ["3 older than 30 days", "1 conversations remain"],
    "m2m_service_principal.py": ["client_secret=***", "access tokens issued: 1"],
    "databricks_app.py": ["200 Sum of the sales", "401 the request has no X-Forwarded"],
    "llm_tool.py": ['"name": "ask_genie"', "| product_name |", "is_error=True"],
    "agent_as_code.py": [
        "problems: none",
        "refused before sending: definition.instructions.text_instructions: at most one",
        "serialized_space round trip keeps it: True",
        "sample questions: 3",
        "stale etag refused: ABORTED",
    ],
    "agent_mode_report.py": [
        "▶ Total sales by region",
        "2 citations",
        "5 rows",
        "questions sent: 1",
    ],
    "genie_one_question.py": ["source: TABLE samples.retail.sales", "status: completed"],
}


def script_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment without any Databricks settings of the machine running the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "GENIE_"))}
    env.update(HOME=str(tmp_path), PYTHONUNBUFFERED="1", **extra)
    return env


def run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[object]]]:
    """Start every script at once (a few at a time) so the slow ones overlap."""
    env = script_env(tmp_path_factory.mktemp("home"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        yield {script: pool.submit(run, script, env) for script in EXPECTED}


def test_every_example_is_tested() -> None:
    scripts = {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")}
    assert scripts == set(EXPECTED)


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example_runs_on_the_simulator(script: str, runs: dict[str, Future[object]]) -> None:
    result = runs[script].result()
    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    for text in EXPECTED[script]:
        assert text in result.stdout
    assert "✗" not in result.stdout


@pytest.mark.genie_simulator(advance="time", stage_seconds=0.05)
def test_example_runs_on_a_workspace(genie_simulator: GenieSimulator, tmp_path: Path) -> None:
    env = script_env(
        tmp_path,
        DATABRICKS_HOST=genie_simulator.url,
        DATABRICKS_TOKEN=genie_simulator.token,
        GENIE_SPACE_ID=genie_simulator.space_id,
    )

    result = run("quickstart.py", env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Central" in result.stdout
    assert genie_simulator.messages_created == 1


def test_notebook_executes(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(EXAMPLES / "notebooks" / "quickstart.ipynb", as_version=4)

    nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2
    assert any("21000 rows downloaded" in o.get("text", "") for o in outputs)
