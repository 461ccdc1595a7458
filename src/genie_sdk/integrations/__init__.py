"""Genie as a tool for AI agents: an MCP server and LangChain, OpenAI Agents and LlamaIndex tools.

Each framework's module needs its extra (``genie-sdk[mcp]``, ``[langchain]``,
``[openai-agents]``, ``[llama-index]``); all of them run on
[`GenieToolkit`][genie_sdk.integrations.toolkit.GenieToolkit] /
[`AsyncGenieToolkit`][genie_sdk.integrations.toolkit.AsyncGenieToolkit], so the same question
gives the same answer, truncated by the same rules, in each.
"""
