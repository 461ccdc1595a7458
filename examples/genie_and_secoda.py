"""Ask the same question to Genie and to Secoda AI, side by side, through the provider protocol.

Both are `AsyncProvider`s: one question, two answers in the same shape (text, sources, SQL,
rows), asked at once. Runs as is against the embedded simulator (which also simulates Secoda's
API); set SECODA_API_KEY (and SECODA_BASE_URL for a self-hosted Secoda) to ask your catalog.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import ExitStack

from _backend import backend

from genie_sdk import PollingPolicy
from genie_sdk.providers import AsyncGenieProvider, AsyncProvider, ProviderAnswer
from genie_sdk.providers.secoda import DEFAULT_BASE_URL, AsyncSecodaClient
from genie_sdk.simulator import GenieSimulator

QUESTION = "Which tables hold customer information, and how many customers are there?"


def secoda_location(stack: ExitStack, simulator: GenieSimulator | None) -> tuple[str, str]:
    """Your Secoda when SECODA_API_KEY is set, else a simulated one."""
    if os.environ.get("SECODA_API_KEY"):
        return os.environ.get("SECODA_BASE_URL", DEFAULT_BASE_URL), os.environ["SECODA_API_KEY"]
    sim = simulator or stack.enter_context(GenieSimulator(rate_limit=None))
    return sim.secoda_url, sim.secoda.api_key


def show(answer: ProviderAnswer) -> None:
    print(f"── {answer.provider} ".ljust(72, "─"))
    print(answer.text or "(no text)")
    for reference in answer.references:
        print(f"  source: {reference.title} ({reference.kind})")
    if answer.sql:
        print("  SQL:", " ".join(answer.sql.split()))
    if answer.result is not None:
        print(f"  rows: {answer.result.rows}")
    print(f"  follow up with conversation={answer.conversation!r}\n")


async def main() -> None:
    with backend() as genie, ExitStack() as stack:
        url, key = secoda_location(stack, genie.simulator)
        fast = PollingPolicy(initial=0.05, maximum=1.0)
        async with (
            genie.async_client() as databricks,
            AsyncSecodaClient(url, key, polling=fast) as secoda,
        ):
            providers: list[AsyncProvider] = [
                AsyncGenieProvider(databricks, genie.space_id),
                secoda.as_provider(),
            ]
            answers = await asyncio.gather(*(p.ask(QUESTION) for p in providers))
            for answer in answers:
                show(answer)


asyncio.run(main())
