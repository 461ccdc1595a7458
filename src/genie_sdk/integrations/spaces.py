"""Readable names for Genie spaces, built from their titles, and finding a space by name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from genie_sdk.integrations.outputs import SpaceSummary
from genie_sdk.models import Space

__all__ = ["MAX_SPACES", "find_space", "readable_name", "summaries"]

MAX_SPACES = 100
"""Most spaces served when no allow list names them: the first ones the workspace lists."""

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def readable_name(title: str) -> str:
    """Return ``title`` as an identifier: ``"Retail Sales (demo)"`` → ``retail_sales_demo``."""
    return _NOT_NAME.sub("_", title.lower()).strip("_")[:48].rstrip("_") or "space"


def summaries(spaces: Iterable[Space]) -> list[SpaceSummary]:
    """Name each space after its title; a name already taken gets ``_2``, ``_3``… appended."""
    taken: set[str] = set()
    named = []
    for space in spaces:
        base = readable_name(space.title)
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}_{number}"
        taken.add(name)
        named.append(
            SpaceSummary(
                name=name,
                space_id=space.space_id,
                title=space.title or name,
                description=space.description,
            )
        )
    return named


def find_space(spaces: list[SpaceSummary], space: str | None) -> SpaceSummary:
    """Return the served space called ``space`` (its name, id or title).

    ``None`` means the only space served.

    Raises:
        ValueError: No served space has that name, or ``None`` with several spaces served.
    """
    names = ", ".join(s.name for s in spaces) or "none"
    if space is None:
        if len(spaces) == 1:
            return spaces[0]
        raise ValueError(f"several spaces are served: pass space as one of {names}")
    for summary in spaces:
        if space in (summary.name, summary.space_id, summary.title):
            return summary
    raise ValueError(f"no space {space!r} is served here; the spaces are: {names}")
