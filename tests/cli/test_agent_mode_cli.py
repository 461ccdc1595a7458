"""``genie ask --agent-mode`` and ``genie one ask`` in-process: JSON, interruption, refusals."""

from __future__ import annotations

import _thread
import json
import threading
import time

from genie_sdk.simulator import GenieSimulator
from tests.cli.running import Genie

QUESTION = "total sales by region"


def test_agent_mode_json_has_the_report_queries_and_citations(
    workspace: GenieSimulator, genie: Genie
) -> None:
    result = genie("ask", "--agent-mode", workspace.space_id, QUESTION, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["agent_id"] == workspace.space_id
    assert [q["title"] for q in answer["queries"]] == [
        "Total sales by region",
        "Size of the sales data",
    ]
    assert [c["number"] for c in answer["citations"]] == [1, 2]
    assert "▶ Total sales by region" in result.stderr


def test_ctrl_c_cancels_the_agent_response_and_says_where_to_read_it(
    workspace: GenieSimulator, genie: Genie
) -> None:
    workspace.faults.slow_stream(0.5, after_events=1)

    def interrupt_once_asked() -> None:
        while not workspace.count_requests("POST", r"/agents/[^/]+/responses$"):
            time.sleep(0.01)
        time.sleep(0.5)  # the acknowledgement comes at once; the next event 0.5 s later
        _thread.interrupt_main()

    threading.Thread(target=interrupt_once_asked, daemon=True).start()
    result = genie("ask", "--agent-mode", workspace.space_id, QUESTION)
    assert result.exit_code == 130, result.output
    assert "agent_mode.items(" in result.stderr
    assert workspace.count_requests("POST", r"/responses/[^/]+/cancel$") == 1


def test_csv_does_not_apply_to_agent_mode(workspace: GenieSimulator, genie: Genie) -> None:
    result = genie("ask", "--agent-mode", workspace.space_id, QUESTION, "--csv")
    assert result.exit_code == 2
    assert workspace.count_requests("POST") == 0


def test_genie_one_disabled_exits_with_the_hint(workspace: GenieSimulator, genie: Genie) -> None:
    workspace.settings.genie_one_enabled = False
    result = genie("one", "ask", QUESTION)
    assert result.exit_code != 0
    assert "Genie One API" in result.stderr
