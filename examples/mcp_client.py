"""Ask Genie through ``genie mcp serve`` with the ``mcp`` package's client, as an AI assistant does.

The client starts the server over stdio, like the configuration in docs/ai-agents.md, asks a
question with progress notifications, follows up in the same conversation, and pages through
a large result with ``get_result``. Needs ``pip install 'genie-sdk[mcp]'``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from _backend import backend
from mcp import Client, StdioServerParameters


async def main() -> None:
    with backend() as genie:
        env = dict(os.environ)
        if genie.simulator is not None:  # point the server at the simulated workspace
            env.update(DATABRICKS_HOST=genie.simulator.url, DATABRICKS_TOKEN=genie.simulator.token)
            env["GENIE_POLL_INTERVAL"] = "0.05"
        command = ["-m", "genie_sdk.cli", "mcp", "serve", "--space", genie.space_id]
        server = StdioServerParameters(command=sys.executable, args=command, env=env)

        async with Client(server) as client:
            tools = await client.list_tools()
            print("tools:", ", ".join(tool.name for tool in tools.tools))

            async def progress(_value: float, _total: float | None, message: str | None) -> None:
                print(f"  … {message}")

            first = await client.call_tool(
                "ask", {"question": "total sales by region"}, progress_callback=progress
            )
            answer: Any = first.structured_content
            print(first.content[0].text)  # type: ignore[union-attr]

            follow_up = await client.call_tool(
                "ask", {"question": "only for 2024", "conversation_id": answer["conversation_id"]}
            )
            same = follow_up.structured_content["conversation_id"] == answer["conversation_id"]  # type: ignore[index]
            print(f"\nfollow-up in the same conversation: {same}")

            large: Any = (
                await client.call_tool("ask", {"question": "show all sales"})
            ).structured_content
            page = large["result"]
            print(
                f"\nshow all sales: {page['row_count']:,} rows, first page of {len(page['rows'])}"
            )
            for _ in range(2):
                result = await client.call_tool(
                    "get_result",
                    {
                        "conversation_id": large["conversation_id"],
                        "message_id": large["message_id"],
                        "offset": page["next_offset"],
                    },
                )
                page = result.structured_content
                print(f"get_result offset={page['offset']}: {len(page['rows'])} rows")  # type: ignore[index]


asyncio.run(main())
