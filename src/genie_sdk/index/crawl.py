"""The crawl: list each source page by page, fetch what changed, checkpoint every page.

A page's objects are fetched concurrently and each is stored in its own transaction; the page
token is checkpointed once the whole page is stored. A crash leaves the run open: the next
update resumes it from the checkpoints, and objects already stored in it are skipped as
unchanged. When a source's listing completes, objects it no longer shows are marked vanished.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from genie_sdk.index.calls import ClientCalls
from genie_sdk.index.records import CrawlProgress
from genie_sdk.index.sources import SOURCES, Source, describe, fingerprint
from genie_sdk.index.store import Store

__all__ = ["CrawlRun", "crawl"]


@dataclass(frozen=True)
class CrawlRun:
    """The outcome of `MetadataIndex.update`.

    Attributes:
        run_id: The run's id in the ``crawl_runs`` table.
        resumed: Whether it continued a run that had stopped part-way.
        listed: Objects listed (this call).
        fetched: Objects whose details were read (new or changed).
        skipped: Objects unchanged since they were last indexed.
        failed: Objects with a part that could not be read (see ``errors``).
        vanished: Objects no longer listed, marked ``vanished``.
        requests: Requests sent (this call; the client's own retries not counted).
        errors: ``(asset_key, operation, message)`` of each per-object error of this call.
    """

    run_id: int
    resumed: bool
    listed: int
    fetched: int
    skipped: int
    failed: int
    vanished: int
    requests: int
    errors: tuple[tuple[str, str, str], ...]


async def _all(work: Iterable[Coroutine[Any, Any, None]]) -> None:
    """Run coroutines together; the first to fail cancels the others and is raised."""
    tasks = [asyncio.ensure_future(item) for item in work]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class _Crawl:
    def __init__(
        self,
        store: Store,
        calls: ClientCalls,
        *,
        full: bool,
        on_progress: Callable[[CrawlProgress], None] | None,
    ) -> None:
        self.store = store
        self.calls = calls
        self.full = full
        self.on_progress = on_progress
        self.total = CrawlProgress()
        self.pending = CrawlProgress()
        self.errors: list[tuple[str, str, str]] = []
        self.started = time.monotonic()

    def _count(self, **increments: int) -> None:
        for name, value in increments.items():
            setattr(self.total, name, getattr(self.total, name) + value)
            setattr(self.pending, name, getattr(self.pending, name) + value)
        self._report()

    def _report(self) -> None:
        requests = self.calls.requests
        self.pending.requests += requests - self.total.requests
        self.total.requests = requests
        elapsed = time.monotonic() - self.started
        self.total.rate = requests / elapsed if elapsed > 0 else 0.0
        if self.on_progress is not None:
            self.on_progress(replace(self.total))

    def flush(self, run_id: int) -> None:
        self._report()
        self.store.add_counts(run_id, self.pending)
        self.pending = CrawlProgress()

    async def source(self, run_id: int, name: str, source: Source) -> None:
        checkpoint = self.store.checkpoint(run_id, name)
        if checkpoint is not None and checkpoint[1]:
            return
        token = checkpoint[0] if checkpoint is not None else None
        while True:
            page = await self.calls.page(source.listing(token))
            self._count(listed=len(page.items))
            await _all(self.item(run_id, source, item) for item in page.items)
            token = page.next_page_token
            self.store.save_checkpoint(run_id, name, token, done=token is None)
            self.flush(run_id)
            if token is None:
                break
        vanished = self.store.mark_vanished(source.kind, run_id)
        self._count(vanished=vanished)
        self.flush(run_id)

    async def item(self, run_id: int, source: Source, item: Any) -> None:
        doc = source.listed(item, self.calls.host)
        doc.fingerprint = fingerprint(item)
        known = self.store.known(doc.key)
        unchanged = known is not None and known[:2] == (doc.fingerprint, doc.state)
        # A full run re-reads every object once: not again when it resumes after a stop.
        if unchanged and (not self.full or (known is not None and known[2] == run_id)):
            self.store.mark_seen(doc.key, run_id)
            self._count(skipped=1)
            return
        if doc.state == "trashed":
            # A trashed dashboard keeps what was indexed of it; nothing more to read.
            self.store.write(doc, run_id)
            self._count(fetched=1)
            return
        errors = await source.details(self.calls, doc)
        if not errors:
            self.store.write(doc, run_id)
            self._count(fetched=1)
            return
        for error in errors:
            status, code, message = describe(error.error)
            self.store.record_error(
                run_id,
                doc.key,
                error.operation,
                status_code=status,
                error_code=code,
                message=message,
            )
            self.errors.append((doc.key, error.operation, message))
        doc.fingerprint = None  # retried by the next run
        doc.detail_error = ", ".join(sorted({e.operation for e in errors}))
        self.store.write(doc, run_id)
        self._count(failed=1)


async def crawl(
    store: Store,
    client: Any,
    *,
    include: Sequence[str],
    concurrency: int,
    max_rps: float | None,
    full: bool,
    on_progress: Callable[[CrawlProgress], None] | None,
) -> CrawlRun:
    """Crawl ``include``'d sources into ``store``; resumes an unfinished run."""
    calls = ClientCalls(client, concurrency=concurrency, max_rps=max_rps)
    run_id, resumed = store.begin_run(_now())
    work = _Crawl(store, calls, full=full, on_progress=on_progress)
    try:
        sources = [(n, SOURCES[n]) for n in include if SOURCES[n].available(calls)]
        await _all(work.source(run_id, name, source) for name, source in sources)
    finally:
        work.flush(run_id)
        calls.close()
    store.finish_run(run_id, _now(), CrawlProgress())
    total = work.total
    return CrawlRun(
        run_id=run_id,
        resumed=resumed,
        listed=total.listed,
        fetched=total.fetched,
        skipped=total.skipped,
        failed=total.failed,
        vanished=total.vanished,
        requests=total.requests,
        errors=tuple(work.errors),
    )
