import httpx, json
from genie_sdk.simulator import GenieSimulator
with GenieSimulator(rate_limit=None) as sim:
    h={"Authorization": f"Bearer {sim.token}"}
    with httpx.stream("POST", sim.url+f"/api/2.0/genie/agents/{sim.space_id}/responses", headers=h, json={"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"total sales by region"}]}]}) as r:
        print(r.status_code, r.headers.get("content-type"))
        text = r.read().decode()
    print(text[:1500]); print(text.count("\n\n"))
    sim.faults.cut_stream(3)
    try:
        with httpx.stream("POST", sim.url+f"/api/2.0/genie/one/responses", headers=h, json={"input":"total sales by region"}) as r:
            for line in r.iter_lines(): print("ONE", line[:100])
    except Exception as e: print("ERR", type(e), e)
