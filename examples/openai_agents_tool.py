"""Genie as a tool of an OpenAI Agents SDK agent.

The agent's model is scripted here so that the example runs without an LLM: it asks a
question, reads the ``conversation_id`` in Genie's answer and follows up in the same
conversation. Give the agent a real model instead. Needs ``pip install 'genie-sdk[openai-agents]'``.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from _backend import backend
from agents import Agent, RunConfig, Runner, Usage
from agents.items import ModelResponse
from agents.models.interface import Model
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)

from genie_sdk.integrations.openai_agents import genie_tool


class ScriptedModel(Model):
    """Stands in for an LLM: asks, follows up with the conversation_id it read, then answers."""

    async def get_response(self, *_: Any, **request: Any) -> ModelResponse:
        outputs = [
            i["output"]
            for i in request["input"]
            if isinstance(i, dict) and i.get("type") == "function_call_output"
        ]
        if len(outputs) == 0:
            return self.call("1", {"question": "total sales by region"})
        if len(outputs) == 1:
            print("tool result 1:\n" + outputs[0])
            conversation_id = re.search(r"conversation_id: (\w+)", outputs[0]).group(1)  # type: ignore[union-attr]
            return self.call("2", {"question": "only for 2024", "conversation_id": conversation_id})
        print("\ntool result 2:\n" + outputs[1])
        text = ResponseOutputText(type="output_text", text="Central leads.", annotations=[])
        message = ResponseOutputMessage(
            id="m", type="message", role="assistant", status="completed", content=[text]
        )
        return ModelResponse(output=[message], usage=Usage(), response_id=None)

    @staticmethod
    def call(call_id: str, arguments: dict[str, str]) -> ModelResponse:
        call = ResponseFunctionToolCall(
            type="function_call",
            call_id=call_id,
            name="ask_genie",
            arguments=json.dumps(arguments),
        )
        return ModelResponse(output=[call], usage=Usage(), response_id=None)

    def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        raise NotImplementedError


async def main() -> None:
    with backend() as genie:
        async with genie.async_client() as client:
            tool = genie_tool(client, genie.space_id, polling=genie.options().get("polling"))
            agent = Agent(name="analyst", model=ScriptedModel(), tools=[tool])
            result = await Runner.run(
                agent, "Which region sells most?", run_config=RunConfig(tracing_disabled=True)
            )
            print("\nagent:", result.final_output)


asyncio.run(main())
