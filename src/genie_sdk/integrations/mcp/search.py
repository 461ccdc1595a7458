"""The ``search`` tool: find spaces and dashboards in a metadata index, by meaning of words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

import anyio
from pydantic import BaseModel, ConfigDict

from genie_sdk.index import MetadataIndex, SearchHit
from genie_sdk.integrations.outputs import SpaceSummary

try:
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp_types import CallToolResult, TextContent
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        'the Genie MCP server needs mcp, which is not installed: pip install "genie-sdk[mcp]"'
    ) from missing

__all__ = ["HitOutput", "IndexSearch", "SearchOutput", "search_markdown"]

_ASKABLE = frozenset({"space", "agent"})
_MOST_HITS = 50


class HitOutput(BaseModel):
    """A space, agent or dashboard that matches the words searched."""

    model_config = ConfigDict(frozen=True)

    kind: str
    """``space``, ``agent`` or ``dashboard``."""
    id: str
    """Its id."""
    title: str | None = None
    """Its title."""
    description: str | None = None
    """Its description."""
    link: str | None = None
    """Where to open it in the workspace."""
    snippet: str
    """The best-matching text, matched words in ``[brackets]``."""
    matched: list[str]
    """The fields that matched (``title``, ``table``, ``sample_question``...)."""
    space: str | None = None
    """For a space served here, its name: pass it as ``space`` to ``ask``."""


class SearchOutput(BaseModel):
    """What the index found, best first."""

    model_config = ConfigDict(frozen=True)

    hits: list[HitOutput]
    """The matches, best first."""


@dataclass
class IndexSearch:
    """Searches a metadata index for a server whose spaces are ``served``.

    Spaces and agents that the server does not serve are left out of the hits (the allow list
    holds for search too); ``principal`` limits the hits to what that user may open.
    """

    index: MetadataIndex
    served: list[SpaceSummary]
    principal: Sequence[str] | None = None
    _lock: anyio.Lock = field(default_factory=anyio.Lock, repr=False)

    async def search(self, words: str, kinds: Sequence[str] | None, limit: int) -> SearchOutput:
        """Return the hits for ``words`` (the index is read on a worker thread).

        Raises:
            ToolError: The arguments are not valid.
        """
        if not 1 <= limit <= _MOST_HITS:
            raise ToolError(f"limit must be between 1 and {_MOST_HITS}")
        names = {s.space_id: s.name for s in self.served}
        principal = list(self.principal) if self.principal else None

        def run() -> list[SearchHit]:
            return self.index.search(words, kinds=kinds, principal=principal, limit=_MOST_HITS)

        try:
            async with self._lock:
                hits = await anyio.to_thread.run_sync(run)
        except ValueError as error:
            raise ToolError(f"search: {error}") from error
        kept = [h for h in hits if h.kind not in _ASKABLE or h.id in names][:limit]
        return SearchOutput(
            hits=[
                HitOutput(
                    kind=h.kind,
                    id=h.id,
                    title=h.title,
                    description=h.description,
                    link=h.link,
                    snippet=h.snippet,
                    matched=list(h.matched),
                    space=names.get(h.id) if h.kind in _ASKABLE else None,
                )
                for h in kept
            ]
        )

    async def tool(
        self, words: str, kinds: list[str] | None = None, limit: int = 10
    ) -> Annotated[CallToolResult, SearchOutput]:
        """Search the workspace's Genie spaces, agents and dashboards for words.

        Titles, descriptions, tables, columns, sample questions and dashboard widgets are
        searched; the best match for a question tells which space to ``ask``. ``kinds``
        narrows to ``space``, ``agent`` or ``dashboard``.
        """
        output = await self.search(words, kinds, limit)
        return CallToolResult(
            content=[TextContent(type="text", text=search_markdown(output))],
            structured_content=output.model_dump(mode="json"),
        )


def search_markdown(output: SearchOutput) -> str:
    """Render the hits for a model to read."""
    if not output.hits:
        return "Nothing in the index matches."
    lines = []
    for hit in output.hits:
        ask = f" — ask it with space={hit.space}" if hit.space else ""
        lines.append(f"- {hit.kind} “{hit.title or hit.id}”{ask}: {hit.snippet}")
    return "\n".join(lines)
