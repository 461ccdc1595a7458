"""Genie in LangChain and LangGraph: a tool and a chat model (needs ``genie-sdk[langchain]``).

[`GenieTool`][genie_sdk.integrations.langchain.GenieTool] is a tool an agent calls; it keeps
one Genie conversation per thread (``configurable.thread_id``) and sends only the new
question with its ``conversation_id``, never a flattened history.
[`GenieChatModel`][genie_sdk.integrations.langchain.GenieChatModel] makes Genie an agent of
its own, e.g. under a supervisor: it answers the last human message, follows up in the
conversation its earlier answers came from, streams Genie's progress, and accepts
``bind_tools``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from genie_sdk._async.client import AsyncGenieClient
from genie_sdk._core.events import AnswerReady, Event
from genie_sdk._core.polling import PollingPolicy
from genie_sdk._sync.client import GenieClient
from genie_sdk.errors import GenieError
from genie_sdk.integrations._async_toolkit import AsyncGenieToolkit
from genie_sdk.integrations._sync_toolkit import GenieToolkit
from genie_sdk.integrations.outputs import (
    AskOutput,
    ToolLimits,
    ask_description,
    ask_markdown,
    error_text,
)
from genie_sdk.integrations.progress import progress_text

try:
    from langchain_core.callbacks import (
        AsyncCallbackManagerForLLMRun,
        CallbackManagerForLLMRun,
    )
    from langchain_core.language_models import BaseChatModel, LanguageModelInput
    from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
    from langchain_core.runnables import Runnable, RunnableConfig
    from langchain_core.tools import BaseTool, ToolException
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        "the LangChain integration needs langchain-core, which is not installed: "
        'pip install "genie-sdk[langchain]"'
    ) from missing

__all__ = ["GenieChatModel", "GenieTool"]


class GenieToolInput(BaseModel):
    """What the model passes to ``GenieTool``."""

    question: str = Field(description="The question, in plain language.")
    conversation_id: str | None = Field(
        default=None,
        description="A conversation to follow up in; by default this thread's conversation.",
    )


class _GenieBacked(BaseModel):
    """A sync and/or async toolkit over one space, built from the clients given."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    space_id: str
    """The Genie space to ask."""
    client: GenieClient | None = None
    """A client for sync calls (``invoke``)."""
    async_client: AsyncGenieClient | None = None
    """A client for async calls (``ainvoke``, ``astream``)."""
    limits: ToolLimits = ToolLimits()
    """How many rows and characters one answer may hold."""
    polling: PollingPolicy | None = None
    """How to wait for answers (default: `PollingPolicy.interactive()`)."""

    _toolkit: GenieToolkit | None = PrivateAttr(default=None)
    _async_toolkit: AsyncGenieToolkit | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any, /) -> None:
        """Build the toolkits of the clients given."""
        if self.client is None and self.async_client is None:
            raise ValueError("pass client (sync), async_client, or both")
        if self.client is not None:
            self._toolkit = GenieToolkit(
                self.client, [self.space_id], limits=self.limits, polling=self.polling
            )
        if self.async_client is not None:
            self._async_toolkit = AsyncGenieToolkit(
                self.async_client, [self.space_id], limits=self.limits, polling=self.polling
            )

    def _sync(self) -> GenieToolkit:
        if self._toolkit is None:
            raise ValueError("this Genie object has only an async_client: call it with ainvoke")
        return self._toolkit

    def _async(self) -> AsyncGenieToolkit:
        if self._async_toolkit is None:
            raise ValueError("this Genie object has only a sync client: call it with invoke")
        return self._async_toolkit


class GenieTool(_GenieBacked, BaseTool):
    """Genie as a LangChain tool: the model passes a question, Genie answers.

    The tool's content is the answer as Markdown (text, SQL, a bounded table, the ids); its
    artifact is the [`AskOutput`][genie_sdk.integrations.outputs.AskOutput] as a dict, with
    the rows' exact values. Without a ``conversation_id`` a question follows up in the
    conversation of the run's ``thread_id`` (``config={"configurable": {"thread_id": ...}}``),
    or starts one. A question Genie cannot answer comes back as an error message to the
    model (``handle_tool_error``).

    >>> tool = GenieTool(space_id=space_id, client=GenieClient(), async_client=AsyncGenieClient())
    """

    name: str = "ask_genie"
    description: str = ask_description("a Genie space")
    args_schema: type[BaseModel] = GenieToolInput
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    handle_tool_error: bool = True

    def _run(
        self,
        question: str,
        conversation_id: str | None = None,
        *,
        config: RunnableConfig,
        **kwargs: Any,
    ) -> tuple[str, dict[str, Any]]:
        try:
            output = self._sync().ask(
                question, conversation_id=conversation_id, thread=_thread(config)
            )
        except (GenieError, ValueError) as error:
            raise ToolException(error_text(error)) from error
        return ask_markdown(output), output.model_dump(mode="json")

    async def _arun(
        self,
        question: str,
        conversation_id: str | None = None,
        *,
        config: RunnableConfig,
        **kwargs: Any,
    ) -> tuple[str, dict[str, Any]]:
        try:
            output = await self._async().ask(
                question, conversation_id=conversation_id, thread=_thread(config)
            )
        except (GenieError, ValueError) as error:
            raise ToolException(error_text(error)) from error
        return ask_markdown(output), output.model_dump(mode="json")


def _thread(config: RunnableConfig) -> str | None:
    thread = (config.get("configurable") or {}).get("thread_id")
    return str(thread) if thread is not None else None


class GenieChatModel(_GenieBacked, BaseChatModel):
    """Genie as a LangChain chat model, for graphs where Genie is one of the agents.

    It answers the last human message. When an earlier AI message of the history came from
    Genie, the question follows up in that message's conversation (only the new question is
    sent). Streaming yields Genie's progress first, as chunks whose ``additional_kwargs``
    hold ``genie_progress`` lines and whose content is empty, then the answer as Markdown
    with the [`AskOutput`][genie_sdk.integrations.outputs.AskOutput] in
    ``additional_kwargs["genie"]`` and the ids in ``response_metadata``.

    Genie calls no tools: ``bind_tools`` accepts tools, so that supervisor and swarm graphs
    can bind their hand-off tools, and Genie answers in text.
    """

    @property
    def _llm_type(self) -> str:
        return "databricks-genie"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"space_id": self.space_id}

    def bind_tools(
        self,
        tools: Sequence[Any],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Accept tools for graphs that bind them; Genie answers in text and calls none."""
        return self.bind(**kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        question, conversation_id = _question(messages)
        output = self._sync().ask(question, conversation_id=conversation_id)
        return ChatResult(generations=[ChatGeneration(message=_answer_message(output))])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        question, conversation_id = _question(messages)
        output = await self._async().ask(question, conversation_id=conversation_id)
        return ChatResult(generations=[ChatGeneration(message=_answer_message(output))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        question, conversation_id = _question(messages)
        for event in self._sync().ask_events(question, conversation_id=conversation_id):
            yield _chunk(event)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        question, conversation_id = _question(messages)
        async for event in self._async().ask_events(question, conversation_id=conversation_id):
            yield _chunk(event)


def _question(messages: list[BaseMessage]) -> tuple[str, str | None]:
    """The last human message, and the conversation of Genie's last answer before it."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    if not humans:
        raise ValueError("Genie answers a human message; the messages have none")
    last = humans[-1]
    question = messages[last].text
    if not question.strip():
        raise ValueError("the last human message is empty")
    conversation_id = None
    for message in messages[:last]:
        if isinstance(message, AIMessage):
            conversation_id = message.response_metadata.get("genie_conversation_id") or (
                conversation_id
            )
    return question, conversation_id


def _answer_message(output: AskOutput) -> AIMessage:
    return AIMessage(
        content=ask_markdown(output),
        additional_kwargs={"genie": output.model_dump(mode="json")},
        response_metadata=_ids(output),
    )


def _ids(output: AskOutput) -> dict[str, Any]:
    return {
        "genie_space_id": output.space_id,
        "genie_conversation_id": output.conversation_id,
        "genie_message_id": output.message_id,
    }


def _chunk(event: Event) -> ChatGenerationChunk:
    if isinstance(event, AnswerReady):
        output: AskOutput = event.answer
        message = AIMessageChunk(
            content=ask_markdown(output),
            additional_kwargs={"genie": output.model_dump(mode="json")},
            response_metadata=_ids(output),
        )
    else:
        message = AIMessageChunk(
            content="", additional_kwargs={"genie_progress": [progress_text(event)]}
        )
    return ChatGenerationChunk(message=message)
