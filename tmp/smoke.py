from genie_sdk import GenieClient, AsyncGenieClient, PollingPolicy
from genie_sdk.simulator import GenieSimulator
import asyncio
with GenieSimulator(rate_limit=None) as sim:
    c = GenieClient(sim.url, token=sim.token, polling=PollingPolicy(initial=0.01, maximum=0.05))
    for e in c.agent_mode.stream(sim.space_id, "total sales by region"):
        print(type(e).__name__, str(e)[:120])
    a = c.agent_mode.ask(sim.space_id, "total sales by region")
    print(a.text[:200]); print(a.citations[:1]); print(a.reasoning)
    q = a.queries[0]; print(q.title, q.preview and q.preview.rows[:2])
    sim.faults.cut_stream(5)
    b = a.follow_up("top 10 products")
    print("resumed", b.text[:80], sim.count_requests("POST", "responses$"))
    print(list(c.agent_mode.items(sim.space_id, a.conversation_id))[:2])
    o = c.genie_one.ask("total sales by region")
    print(o.text[:100], o.annotations)
    print(list(c.genie_one.conversations.list()))
    print(c.genie_one.get_response(o.conversation_id, o.response_id).status)
    r = a.queries[0].execute(); print(r.rows[:2], r.columns)
