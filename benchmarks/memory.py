"""Peak memory of asking one question whose answer is a 5,000 x 20 result, per client.

Each client runs in a fresh interpreter against the simulator (in its own process); allocations
are traced with ``tracemalloc`` from just before the question to the rows in hand: typed rows for
genie_sdk and the raw loop (``decode.baseline_value`` per value), the server's strings for
databricks-sdk.

Run: ``python benchmarks/memory.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from harness import WIDE, Section, mib, sim_process, table

CLIENTS = ("genie_sdk", "databricks-sdk", "raw httpx")


def ask_genie_sdk(url: str, token: str, space: str) -> object:
    from genie_sdk import GenieClient, PollingPolicy
    from genie_sdk.auth import PAT

    with GenieClient(url, auth=PAT(token), polling=PollingPolicy(initial=0.05)) as client:
        tracemalloc.start()
        answer = client.ask(space, WIDE)
        assert answer.result is not None
        return answer.result.rows


def ask_databricks_sdk(url: str, token: str, space: str) -> object:
    from databricks.sdk import WorkspaceClient

    workspace = WorkspaceClient(host=url, token=token)
    tracemalloc.start()
    message = workspace.genie.start_conversation_and_wait(space, WIDE)
    attachment = message.attachments[0].attachment_id if message.attachments else None
    assert attachment is not None
    result = workspace.genie.get_message_attachment_query_result(
        space, message.conversation_id, message.message_id, attachment
    )
    assert result.statement_response is not None
    assert result.statement_response.result is not None
    return result.statement_response.result.data_array


def ask_raw(url: str, token: str, space: str) -> object:
    import httpx
    from decode import baseline_value

    base = f"{url}/api/2.0/genie/spaces/{space}"
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as http:
        tracemalloc.start()
        started = http.post(f"{base}/start-conversation", json={"content": WIDE}).json()
        ids = started["conversation_id"], started["message_id"]
        message_url = f"{base}/conversations/{ids[0]}/messages/{ids[1]}"
        while (message := http.get(message_url).json())["status"] != "COMPLETED":
            time.sleep(0.05)
        attachment = message["attachments"][0]["attachment_id"]
        url = f"{message_url}/attachments/{attachment}/query-result"
        statement = http.get(url).json()["statement_response"]
    types = [column["type_name"] for column in statement["manifest"]["schema"]["columns"]]
    return [
        tuple(baseline_value(t, value) for t, value in zip(types, row, strict=True))
        for row in statement["result"]["data_array"]
    ]


def child(client: str, url: str, token: str, space: str) -> None:
    """Ask in this (fresh) interpreter and print the traced peak as JSON."""
    ask = {"genie_sdk": ask_genie_sdk, "databricks-sdk": ask_databricks_sdk, "raw httpx": ask_raw}
    rows: Any = ask[client](url, token, space)
    peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({"peak": peak, "rows": len(rows)}))


def run(runs: int = 3) -> Section:
    """Measure every client; return the report section."""
    peaks: dict[str, float] = {}
    with sim_process(steps_per_poll=10) as sim:
        for client in CLIENTS:
            results = []
            for _ in range(runs):
                command = [sys.executable, str(Path(__file__)), "--child", client]
                command += [sim.url, sim.token, sim.space_id]
                output = subprocess.run(command, capture_output=True, text=True, check=True)
                results.append(json.loads(output.stdout))
            assert all(r["rows"] == 5000 for r in results), results
            peaks[client] = statistics.median(r["peak"] for r in results)
    rows = [
        [client, mib(peak), f"{peak / peaks['raw httpx']:.2f}x"] for client, peak in peaks.items()
    ]
    text = (
        f"Median of {runs} fresh interpreters per client; peak of the memory allocated from "
        "the question to its 5,000 x 20 rows in hand (typed for genie_sdk and the raw loop, "
        "strings for databricks-sdk).\n\n" + table(["client", "peak (MiB)", "vs raw httpx"], rows)
    )
    return Section("Peak memory of a 5,000-row answer", text, {"peaks": peaks})


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=4, metavar=("CLIENT", "URL", "TOKEN", "SPACE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
    else:
        print(run(args.runs).markdown)


if __name__ == "__main__":
    main()
