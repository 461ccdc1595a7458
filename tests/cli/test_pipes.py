"""``genie ... --csv | head``: when the reader stops early, the command stops quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from genie_sdk.cli.errors import EXIT_BROKEN_PIPE
from genie_sdk.simulator import GenieSimulator

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("output", ["--csv", "--json"])
def test_a_reader_that_stops_early_ends_the_command_quietly(
    genie_simulator: GenieSimulator, tmp_path: Path, output: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "GENIE_"))}
    env |= {"HOME": str(tmp_path), "GENIE_POLL_INTERVAL": "0.01"}
    env |= {"DATABRICKS_HOST": genie_simulator.url, "DATABRICKS_TOKEN": genie_simulator.token}
    command = [sys.executable, "-m", "genie_sdk.cli", "ask", genie_simulator.space_id]
    with subprocess.Popen(
        [*command, "show all sales", output],  # 5,000 rows: far more than a pipe buffers
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as genie:
        assert genie.stdout is not None
        assert genie.stderr is not None
        first_line = genie.stdout.readline()
        genie.stdout.close()  # like `head -1` exiting
        errors = genie.stderr.read().decode()
        code = genie.wait(timeout=60)

    assert first_line.strip()
    assert errors == ""
    assert code == EXIT_BROKEN_PIPE
