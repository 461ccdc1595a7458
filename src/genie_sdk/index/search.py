"""Ranked full-text search over the index (SQLite FTS5, BM25), filtered by kind and by ACL."""

from __future__ import annotations

import re
from collections.abc import Sequence

from genie_sdk.index.records import SearchHit
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
    "instruction": 1.0,
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
    weight = " ".join(f"WHEN '{field}' THEN {value}" for field, value in _WEIGHTS.items())
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
    # bm25() and snippet() work only in a query straight on the FTS table: rank there, then sum
    # each object's weighted scores here.
    matches = store.query(
        f"SELECT asset_key, field, -bm25(search) * (CASE field {weight} ELSE 1.0 END) AS score, "
        "snippet(search, 2, '[', ']', '…', 12) AS snip FROM search "
        "WHERE search MATCH ? AND asset_key IN "
        f"(SELECT a.asset_key FROM assets a WHERE {' AND '.join(filters)})",
        parameters,
    )
    scores: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}
    fields: dict[str, set[str]] = {}
    for row in matches:
        key, score = row["asset_key"], float(row["score"])
        scores[key] = scores.get(key, 0.0) + score
        fields.setdefault(key, set()).add(row["field"])
        if key not in best or score > best[key][0]:
            best[key] = (score, row["snip"] or "")
    top = sorted(scores, key=lambda key: (-scores[key], key))[:limit]
    if not top:
        return []
    assets = {
        row["asset_key"]: row
        for row in store.query(
            f"SELECT * FROM assets WHERE asset_key IN ({', '.join('?' * len(top))})", top
        )
    }
    return [
        SearchHit(
            kind=assets[key]["kind"],
            id=assets[key]["id"],
            title=assets[key]["title"],
            description=assets[key]["description"],
            link=assets[key]["link"],
            score=round(scores[key], 6),
            snippet=best[key][1],
            matched=tuple(sorted(fields[key])),
            owner=assets[key]["owner"],
            published=None if assets[key]["published"] is None else bool(assets[key]["published"]),
        )
        for key in top
    ]
