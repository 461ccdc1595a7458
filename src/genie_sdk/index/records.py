"""What the crawler hands the store for one object, and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass

from genie_sdk.index.parse import Definition

__all__ = ["AclRow", "AssetDoc", "CrawlProgress", "SearchHit", "asset_key"]


def asset_key(kind: str, object_id: str) -> str:
    """The one key of an object in every table: ``kind:id``."""
    return f"{kind}:{object_id}"


@dataclass(frozen=True)
class AclRow:
    """One permission of one principal on an object."""

    principal: str
    principal_kind: str
    """``user``, ``group`` or ``service_principal``."""
    level: str
    inherited_from: str = ""
    """The object the permission is inherited from; empty when granted on the object itself."""


@dataclass
class AssetDoc:
    """An object as indexed: its fields, and its definition, ACL and tags when they were read.

    ``definition``, ``acl`` or ``tags`` left ``None`` keep what the index already holds.
    """

    kind: str
    id: str
    title: str | None
    state: str = "active"
    description: str | None = None
    owner: str | None = None
    warehouse_id: str | None = None
    path: str | None = None
    parent_path: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    etag: str | None = None
    published: bool | None = None
    published_at: str | None = None
    link: str | None = None
    published_link: str | None = None
    fingerprint: str | None = None
    detail_error: str | None = None
    definition: Definition | None = None
    acl: list[AclRow] | None = None
    tags: list[tuple[str, str | None]] | None = None

    @property
    def key(self) -> str:
        """The object's key (``kind:id``)."""
        return asset_key(self.kind, self.id)


@dataclass(frozen=True)
class SearchHit:
    """One object found by `MetadataIndex.search`, best first.

    Attributes:
        kind: ``space``, ``dashboard`` or ``agent``.
        id: The object's id.
        title: Its title.
        description: Its description, if any.
        link: Where to open it in the workspace UI.
        score: Relevance (higher is better; BM25 summed over what matched, weighted by field).
        snippet: The best-matching text with the matched words in ``[brackets]``.
        matched: Why it matched: the fields that did (``title``, ``description``, ``dataset``,
            ``table``, ``column``, ``sample_question``, ``widget``, ``tag``).
        owner: The owner, if known.
        published: For a dashboard, whether it is published.
    """

    kind: str
    id: str
    title: str | None
    description: str | None
    link: str | None
    score: float
    snippet: str
    matched: tuple[str, ...]
    owner: str | None = None
    published: bool | None = None


@dataclass
class CrawlProgress:
    """Counts of a crawl so far (for a progress bar): listed, fetched, skipped, failed, requests.

    ``rate`` is requests per second since the crawl (or its resumption) started.
    """

    listed: int = 0
    fetched: int = 0
    skipped: int = 0
    failed: int = 0
    vanished: int = 0
    requests: int = 0
    rate: float = 0.0
