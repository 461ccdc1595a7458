import os, subprocess, sys
from genie_sdk.simulator import GenieSimulator
with GenieSimulator(rate_limit=None) as sim:
    env = {**os.environ, "DATABRICKS_HOST": sim.url, "DATABRICKS_TOKEN": sim.token, "PYTHONPATH": "src"}
    for args in (["ask", "--agent-mode", sim.space_id, "total sales by region"], ["one", "ask", "total sales by region", "--json"]):
        r = subprocess.run([sys.executable, "-m", "genie_sdk.cli", *args], env=env, capture_output=True, text=True, timeout=60)
        print(r.returncode, r.stdout[-1500:], r.stderr[-800:])
