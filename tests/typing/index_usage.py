"""How people use the metadata index; checked by mypy --strict and pyright, never run."""

from __future__ import annotations

from typing_extensions import assert_type

from genie_sdk import AsyncGenieClient, GenieClient
from genie_sdk.index import CrawlProgress, CrawlRun, IndexStatus, MetadataIndex, SearchHit


def progress(counts: CrawlProgress) -> None:
    assert_type(counts.fetched, int)
    assert_type(counts.rate, float)


def sync_usage(client: GenieClient) -> None:
    with MetadataIndex.open("index.db") as index:
        run = index.update(client, max_rps=10, on_progress=progress)
        assert_type(run, CrawlRun)
        assert_type(run.errors, tuple[tuple[str, str, str], ...])
        hits = index.search("revenue by region", kinds=["dashboard"], principal="ana@example.com")
        assert_type(hits, list[SearchHit])
        assert_type(hits[0].matched, tuple[str, ...])
        assert_type(index.route("sales by region"), SearchHit | None)
        assert_type(index.status(), IndexStatus)
        assert_type(index.write_delta("/tmp/delta"), list[str])


async def async_usage(client: AsyncGenieClient) -> None:
    index = MetadataIndex.open("index.db")
    run = await index.update(client, concurrency=16, full=True)
    assert_type(run, CrawlRun)
    index.close()
