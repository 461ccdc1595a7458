"""A searchable metadata index of a workspace's Genie spaces, Genie Agents and AI/BI dashboards.

>>> from genie_sdk.index import MetadataIndex
>>> index = MetadataIndex.open("index.db")
>>> index.update(client, max_rps=10)  # the first update is the full build
>>> index.search("revenue by region", principal="ana@example.com")

Needs the ``index`` extra (``sqlglot``; ``deltalake`` for Delta output).
"""

from __future__ import annotations

from genie_sdk.index.crawl import CrawlRun
from genie_sdk.index.metadata_index import IndexStatus, MetadataIndex
from genie_sdk.index.records import CrawlProgress, SearchHit
from genie_sdk.index.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "CrawlProgress",
    "CrawlRun",
    "IndexStatus",
    "MetadataIndex",
    "SearchHit",
]
