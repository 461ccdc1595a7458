"""Ranked full-text search over the index (SQLite FTS5, BM25), filtered by kind and by ACL."""

from __future__ import annotations

import re
from collections.abc import Sequence

from genie_sdk.index.records import SearchHit
from genie_sdk.index.schema import SEARCH_FIELDS
from genie_sdk.index.store import Store

__all__ = ["KINDS", "VIEW_LEVELS", "search"]

KINDS = ("space", "dashboard", "agent")
VIEW_LEVELS = (
    "CAN_VIEW",
    "CAN_READ",
    "CAN_RUN",
    "CAN_USE",
    "CAN_QUERY",
    "CAN_EDIT",
    "CAN_MANAGE",
    "IS_OWNER",
)
"""Levels that let a principal open an object; any other level found in an ACL does not."""
EVERYONE = "users"
"""The workspace group every user belongs to."""

# How much a match in each field counts (a title match beats one in a dataset's SQL).
_WEIGHTS = {
    "title": 4.0,
    "sample_question": 3.0,
    "description": 2.0,
    "tag": 2.0,
    "table": 1.5,
    "column": 1.5,
    "widget": 1.5,
    "dataset": 1.0,
}
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "show",
        "the",
        "their",
        "there",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
    ]
)
_WORD = re.compile(r"\w+", re.UNICODE)


def match_expression(text: str) -> str | None:
    """An FTS5 query that matches any of the text's words (stop words left out), or ``None``."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
    if not words:
        return None
    return " OR ".join(f'"{word}"' for word in dict.fromkeys(words))


def search(
    store: Store,
    text: str,
    *,
    kinds: Sequence[str] | None,
    principals: Sequence[str] | None,
    limit: int,
) -> list[SearchHit]:
    """The objects matching ``text``, best first (see `MetadataIndex.search`)."""
    expression = match_expression(text)
    if expression is None:
        return []
    weights = ", ".join(str(_WEIGHTS[name]) for name in SEARCH_FIELDS)
    rank = f"bm25(search, {weights})"
    filters = ["a.state = 'active'"]
    parameters: list[object] = [expression]
    if kinds is not None:
        filters.append(f"a.kind IN ({', '.join('?' * len(kinds))})")
        parameters.extend(kinds)
    if principals is not None:
        filters.append(
            "EXISTS (SELECT 1 FROM acl WHERE acl.asset_key = a.asset_key "
            f"AND acl.principal IN ({', '.join('?' * len(principals))}) "
            f"AND acl.level IN ({', '.join('?' * len(VIEW_LEVELS))}))"
        )
        parameters.extend(principals)
        parameters.extend(VIEW_LEVELS)
    parameters.append(limit)
    top = store.query(
        f"SELECT a.*, search.rowid AS hit, -{rank} AS score FROM search "
        "JOIN assets a ON a.rowid = search.rowid "
        f"WHERE search MATCH ? AND {' AND '.join(filters)} ORDER BY {rank} LIMIT ?",
        parameters,
    )
    if not top:
        return []
    # Snippets and the columns that matched, for the hits only (highlight marks matches with
    # \x01 in a column's text).
    columns = ", ".join(
        f"instr(highlight(search, {i}, char(1), ''), char(1)) > 0"
        for i in range(len(SEARCH_FIELDS))
    )
    details = {
        row[0]: row
        for row in store.query(
            f"SELECT rowid, snippet(search, -1, '[', ']', '…', 12), {columns} FROM search "
            f"WHERE search MATCH ? AND rowid IN ({', '.join('?' * len(top))})",
            [expression, *(row["hit"] for row in top)],
        )
    }
    return [
        SearchHit(
            kind=row["kind"],
            id=row["id"],
            title=row["title"],
            description=row["description"],
            link=row["link"],
            score=round(float(row["score"]), 6),
            snippet=details[row["hit"]][1] or "",
            matched=tuple(
                name
                for name, hit in zip(SEARCH_FIELDS, details[row["hit"]][2:], strict=True)
                if hit
            ),
            owner=row["owner"],
            published=None if row["published"] is None else bool(row["published"]),
        )
        for row in top
    ]
