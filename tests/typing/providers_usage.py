"""How people use the providers; checked by mypy --strict and pyright, never run."""

from __future__ import annotations

from typing_extensions import assert_type

from genie_sdk import AsyncGenieClient, Event, GenieClient, ResponseIds
from genie_sdk.providers import (
    AgentModeProvider,
    AsyncAgentModeProvider,
    AsyncFeedbackProvider,
    AsyncGenieOneProvider,
    AsyncGenieProvider,
    AsyncProvider,
    FeedbackProvider,
    GenieOneProvider,
    GenieProvider,
    Provider,
    ProviderAnswer,
    Reference,
)
from genie_sdk.providers.secoda import (
    AsyncSecodaClient,
    DescriptionJob,
    EmbeddedPrompt,
    SecodaAnswer,
    SecodaClient,
)
from genie_sdk.providers.workato import (
    AsyncHeadlessGenieClient,
    GenieReply,
    HeadlessGenieClient,
    SkillConfirmationRequired,
)


def sync_usage(genie: GenieClient, secoda: SecodaClient, workato: HeadlessGenieClient) -> None:
    providers: list[Provider] = [
        GenieProvider(genie, "space"),
        AgentModeProvider(genie, "agent"),
        GenieOneProvider(genie),
        secoda.as_provider(),
        workato.as_provider("sales-genie"),
    ]
    with_feedback: list[FeedbackProvider] = [GenieProvider(genie, "space"), secoda.as_provider()]
    for provider in providers:
        answer = provider.ask("question", conversation=None)
        assert_type(answer, ProviderAnswer)
        assert_type(answer.references, list[Reference])
        for event in provider.ask_events("question", conversation=answer.conversation):
            assert_type(event, Event)
    with_feedback[0].send_feedback(providers[0].ask("q"), helpful=True)

    prompt = secoda.ask("q", parent=None)
    assert_type(prompt, SecodaAnswer)
    assert_type(prompt.ids, ResponseIds)
    assert_type(secoda.get_prompt(prompt.prompt_id), EmbeddedPrompt)
    assert_type(secoda.generate_descriptions(["e"], field="definition"), DescriptionJob)
    secoda.send_feedback(prompt.prompt_id, True, "clear")

    def approve(event: SkillConfirmationRequired) -> bool:
        return event.skill == "read_orders"

    reply = workato.ask("sales-genie", "q", on_approval=approve)
    assert_type(reply, GenieReply)
    assert_type(reply.text, str | None)


async def async_usage(
    genie: AsyncGenieClient, secoda: AsyncSecodaClient, workato: AsyncHeadlessGenieClient
) -> None:
    providers: list[AsyncProvider] = [
        AsyncGenieProvider(genie, "space"),
        AsyncAgentModeProvider(genie, "agent"),
        AsyncGenieOneProvider(genie),
        secoda.as_provider(),
        workato.as_provider("sales-genie"),
    ]
    with_feedback: list[AsyncFeedbackProvider] = [secoda.as_provider()]
    for provider in providers:
        answer = await provider.ask("question")
        assert_type(answer, ProviderAnswer)
        async for event in provider.ask_events("question"):
            assert_type(event, Event)
        await with_feedback[0].send_feedback(answer, helpful=False, comment="vague")
    assert_type(await secoda.ask("q"), SecodaAnswer)
    assert_type(await workato.ask("sales-genie", "q"), GenieReply)
