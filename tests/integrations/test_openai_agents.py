"""The Genie tool inside an OpenAI Agents SDK run, with a scripted model, on the simulator."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from genie_sdk import AsyncGenieClient
from genie_sdk.auth import PAT
from genie_sdk.providers.secoda import AsyncSecodaClient
from genie_sdk.simulator import GenieSimulator
from tests.integrations.conftest import QUICK, conversations_started

agents = pytest.importorskip("agents")

from agents import Agent, ModelSettings, RunConfig, Runner, Usage  # noqa: E402
from agents.items import ModelResponse  # noqa: E402
from agents.models.interface import Model  # noqa: E402
from openai.types.responses import (  # noqa: E402
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)

from genie_sdk.integrations.openai_agents import genie_tool, provider_tool  # noqa: E402

Turn = Callable[[list[str]], Any]
"""One model turn: from the tool outputs so far, a tool call (name, arguments) or final text."""


class ScriptedModel(Model):
    """A model that plays ``turns`` in order, reading the tool outputs it was given."""

    def __init__(self, turns: list[Turn]) -> None:
        self.turns = turns
        self.tool_outputs: list[str] = []

    async def get_response(
        self, system_instructions: Any, input: Any, *args: Any, **kwargs: Any
    ) -> ModelResponse:
        self.tool_outputs = [
            str(item["output"])
            for item in (input if isinstance(input, list) else [])
            if isinstance(item, dict) and item.get("type") == "function_call_output"
        ]
        step = self.turns.pop(0)(self.tool_outputs)
        if isinstance(step, tuple):
            name, arguments = step
            output: Any = ResponseFunctionToolCall(
                type="function_call",
                call_id=f"call-{len(self.turns)}",
                name=name,
                arguments=json.dumps(arguments),
            )
        else:
            output = ResponseOutputMessage(
                id="msg",
                type="message",
                role="assistant",
                status="completed",
                content=[ResponseOutputText(type="output_text", text=step, annotations=[])],
            )
        return ModelResponse(output=[output], usage=Usage(), response_id=None)

    def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        raise NotImplementedError


def conversation_of(output: str) -> str:
    found = re.search(r"conversation_id: ([0-9a-f]+)", output)
    assert found is not None, output
    return found.group(1)


@pytest.fixture
async def client(sim: GenieSimulator) -> AsyncIterator[AsyncGenieClient]:
    async with AsyncGenieClient(sim.url, auth=PAT(sim.token)) as genie:
        yield genie


async def run(model: ScriptedModel, client: AsyncGenieClient, sim: GenieSimulator) -> str:
    tool = genie_tool(client, sim.space_id, polling=QUICK)
    agent = Agent(name="analyst", model=model, tools=[tool], model_settings=ModelSettings())
    result = await Runner.run(
        agent, "How did the regions sell?", run_config=RunConfig(tracing_disabled=True)
    )
    return str(result.final_output)


async def test_an_agent_asks_and_follows_up(client: AsyncGenieClient, sim: GenieSimulator) -> None:
    model = ScriptedModel(
        [
            lambda outputs: ("ask_genie", {"question": "total sales by region"}),
            lambda outputs: (
                "ask_genie",
                {"question": "only for 2024", "conversation_id": conversation_of(outputs[-1])},
            ),
            lambda outputs: "Central sold most.",
        ]
    )

    final = await run(model, client, sim)

    first, second = model.tool_outputs
    assert "| Central | 1284581.85 |" in first
    assert "```sql" in second
    assert conversation_of(second) == conversation_of(first)
    assert conversations_started(sim) == 1
    assert [m["content"] for m in sim.messages] == ["total sales by region", "only for 2024"]
    assert final == "Central sold most."


async def test_a_failed_question_is_told_to_the_model(
    client: AsyncGenieClient, sim: GenieSimulator
) -> None:
    sim.add_answer("secret", error_type="CONTENT_FILTER_EXCEPTION", error_message="Not allowed.")
    model = ScriptedModel(
        [
            lambda outputs: ("ask_genie", {"question": "tell me the secret"}),
            lambda outputs: "Genie refused.",
        ]
    )

    await run(model, client, sim)

    (output,) = model.tool_outputs
    assert output.startswith("Genie could not answer")
    assert "Not allowed." in output


def test_the_tool_schema_takes_a_question_and_a_conversation(
    client: AsyncGenieClient, sim: GenieSimulator
) -> None:
    tool = genie_tool(client, sim.space_id, name="ask_sales")

    assert tool.name == "ask_sales"
    assert set(tool.params_json_schema["properties"]) == {"question", "conversation_id"}
    assert "follow up" in tool.description


async def test_an_agent_asks_secoda_through_the_provider_tool(sim: GenieSimulator) -> None:
    sim.secoda.add_answer(
        "most rows",
        "**orders** has the most rows.",
        references=({"id": "table-orders", "title": "orders", "type": "table"},),
    )
    model = ScriptedModel(
        [
            lambda outputs: ("ask_secoda", {"question": "Which tables hold customers?"}),
            lambda outputs: (
                "ask_secoda",
                {
                    "question": "Which has the most rows?",
                    "conversation_id": conversation_of(outputs[-1]),
                },
            ),
            lambda outputs: "orders.",
        ]
    )
    async with AsyncSecodaClient(sim.secoda_url, sim.secoda.api_key, polling=QUICK) as secoda:
        tool = provider_tool(secoda.as_provider())
        agent = Agent(name="steward", model=model, tools=[tool], model_settings=ModelSettings())
        result = await Runner.run(
            agent, "Where are customers?", run_config=RunConfig(tracing_disabled=True)
        )

    first, second = model.tool_outputs
    assert "customers" in first
    assert "Sources:" in first
    assert second.startswith("**orders** has the most rows.")
    assert "- orders (table)" in second
    assert sim.secoda.prompts[conversation_of(second)].parent == conversation_of(first)
    assert result.final_output == "orders."
