"""`MetadataIndex`: open an index file, update it from a workspace, search it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, overload

from typing_extensions import Self

from genie_sdk._async.client import AsyncGenieClient
from genie_sdk._sync.client import GenieClient
from genie_sdk.index import export
from genie_sdk.index.calls import is_async_client
from genie_sdk.index.crawl import CrawlRun, crawl
from genie_sdk.index.records import CrawlProgress, SearchHit
from genie_sdk.index.schema import SCHEMA_VERSION, TABLES
from genie_sdk.index.search import EVERYONE, KINDS, search
from genie_sdk.index.sources import SOURCES
from genie_sdk.index.store import Store

__all__ = ["IndexStatus", "MetadataIndex"]

DEFAULT_INCLUDE = ("spaces", "dashboards", "agents")


@dataclass(frozen=True)
class IndexStatus:
    """What an index holds.

    Attributes:
        path: The index file.
        schema_version: Version of its table layout.
        assets: Object counts by kind, then by state (``active``, ``trashed``, ``vanished``).
        last_run: The latest crawl run's row of ``crawl_runs`` (``None`` before the first).
        last_run_errors: Per-object errors recorded by that run.
    """

    path: str
    schema_version: int
    assets: dict[str, dict[str, int]]
    last_run: dict[str, Any] | None
    last_run_errors: int


class MetadataIndex:
    """A searchable index of a workspace's Genie spaces, Genie Agents and AI/BI dashboards.

    Kept in one SQLite file (normalised tables and a full-text index); `update` crawls a workspace
    into it incrementally, `search` and `route` read it, `write_delta` / `write_parquet` copy it
    out.

    >>> index = MetadataIndex.open("index.db")
    >>> index.update(client)  # the first update is the full build
    >>> index.search("revenue by region", principal="ana@example.com")
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    @classmethod
    def open(cls, path: str | Path = "index.db") -> MetadataIndex:
        """Open (or create) the index file at ``path``.

        Raises:
            ValueError: the file holds a newer schema than this version reads.
        """
        return cls(Store(path))

    @property
    def path(self) -> str:
        """The index file."""
        return self._store.path

    def close(self) -> None:
        """Close the index file."""
        self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @overload
    def update(
        self,
        client: GenieClient,
        *,
        include: Sequence[str] = DEFAULT_INCLUDE,
        concurrency: int = 8,
        max_rps: float | None = None,
        full: bool = False,
        on_progress: Callable[[CrawlProgress], None] | None = None,
    ) -> CrawlRun: ...

    @overload
    def update(
        self,
        client: AsyncGenieClient,
        *,
        include: Sequence[str] = DEFAULT_INCLUDE,
        concurrency: int = 8,
        max_rps: float | None = None,
        full: bool = False,
        on_progress: Callable[[CrawlProgress], None] | None = None,
    ) -> Coroutine[Any, Any, CrawlRun]: ...

    def update(
        self,
        client: GenieClient | AsyncGenieClient,
        *,
        include: Sequence[str] = DEFAULT_INCLUDE,
        concurrency: int = 8,
        max_rps: float | None = None,
        full: bool = False,
        on_progress: Callable[[CrawlProgress], None] | None = None,
    ) -> CrawlRun | Coroutine[Any, Any, CrawlRun]:
        """Crawl the workspace into the index; with an `AsyncGenieClient`, await the result.

        The first update builds the index. Later ones list every object and read the details
        (definition, published version, ACL, tags) only of objects new or changed since they
        were last indexed, judged by what the listing shows (etag and update time where listed).
        The Lakeview listing shows neither for dashboards, so a dashboard edit that keeps its
        name is picked up by a ``full=True`` update, which reads every object again. Objects no
        longer listed are marked ``vanished``; trashed dashboards ``trashed``. An update stopped
        part-way (a crash, a kill, a fatal error) is resumed by the next one from its last
        checkpointed page. A 403 or 404 on one object is recorded in the run's errors.

        Args:
            client: A `GenieClient` or an `AsyncGenieClient` (read-only access is enough).
            include: Sources to crawl: ``spaces``, ``dashboards``, ``agents`` (agents when the
                client has Genie Agents support).
            concurrency: Requests in flight at most.
            max_rps: Requests started per second at most (``None``: no cap).
            full: Read every object's details, changed or not.
            on_progress: Called with the counts so far after each object and page.

        Raises:
            ValueError: an unknown source, or a non-positive ``concurrency`` or ``max_rps``.
        """
        unknown = [name for name in include if name not in SOURCES]
        if unknown:
            raise ValueError(f"unknown sources {unknown}; choose from {sorted(SOURCES)}")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
        if max_rps is not None and not max_rps > 0:
            raise ValueError(f"max_rps must be positive, got {max_rps!r}")
        asynchronous = is_async_client(client)
        work = crawl(
            self._store,
            client,
            include=tuple(include),
            concurrency=concurrency,
            max_rps=max_rps,
            full=full,
            on_progress=on_progress,
        )
        if asynchronous:
            return work
        return _run_to_completion(work)

    def search(
        self,
        text: str,
        *,
        kinds: Sequence[str] | None = None,
        principal: str | Sequence[str] | None = None,
        limit: int = 10,
    ) -> list[SearchHit]:
        """Spaces, agents and dashboards matching ``text``, best first.

        Ranked by BM25 over titles, descriptions, datasets and their SQL, tables read, columns,
        sample questions, widget titles and tags (a title match counts most). Only active
        objects are found.

        Args:
            text: Words to look for (any of them; common words are ignored).
            kinds: Only these kinds: ``space``, ``dashboard``, ``agent``.
            principal: Only what this principal may open: a user name or service principal,
                or a list of it and its groups. The workspace-wide ``users`` group counts for
                everyone. An object whose ACL could not be read is shown to no principal.
            limit: Most hits returned.
        """
        if kinds is not None:
            kinds = [kinds] if isinstance(kinds, str) else list(kinds)
            wrong = [kind for kind in kinds if kind not in KINDS]
            if wrong:
                raise ValueError(f"unknown kinds {wrong}; choose from {list(KINDS)}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, got {limit!r}")
        principals = None
        if principal is not None:
            given = [principal] if isinstance(principal, str) else list(principal)
            if not given or not all(isinstance(p, str) and p for p in given):
                raise ValueError("principal must be a non-empty name or list of names")
            principals = [*given, EVERYONE]
        return search(self._store, text, kinds=kinds, principals=principals, limit=limit)

    def route(
        self, question: str, *, principal: str | Sequence[str] | None = None
    ) -> SearchHit | None:
        """The Genie space (or agent) best suited to answer ``question``; ``None`` if none fits.

        Pass its ``id`` to `GenieClient.ask`.
        """
        hits = self.search(question, kinds=["space", "agent"], principal=principal, limit=1)
        return hits[0] if hits else None

    def status(self) -> IndexStatus:
        """Counts by kind and state, and the latest crawl run."""
        assets: dict[str, dict[str, int]] = {}
        for row in self._store.query(
            "SELECT kind, state, COUNT(*) AS n FROM assets GROUP BY kind, state ORDER BY 1, 2"
        ):
            assets.setdefault(row["kind"], {})[row["state"]] = row["n"]
        runs = self._store.query("SELECT * FROM crawl_runs ORDER BY run_id DESC LIMIT 1")
        last = dict(runs[0]) if runs else None
        errors = 0
        if last is not None:
            errors = self._store.query(
                "SELECT COUNT(*) AS n FROM crawl_errors WHERE run_id = ?", (last["run_id"],)
            )[0]["n"]
        return IndexStatus(self.path, SCHEMA_VERSION, assets, last, errors)

    def table(self, name: str) -> list[dict[str, Any]]:
        """Every row of one of the index's tables (see the schema in the docs), in key order."""
        return list(self._store.rows(name))

    @property
    def tables(self) -> tuple[str, ...]:
        """Names of the index's tables."""
        return tuple(TABLES)

    def write_parquet(self, directory: str | Path) -> list[Path]:
        """Write each table to ``directory/<table>.parquet`` (needs ``pyarrow``)."""
        return export.write_parquet(self._store, directory)

    def write_delta(
        self, location: str, *, storage_options: dict[str, str] | None = None
    ) -> list[str]:
        """Write each table as a Delta table at ``location/<table>``, replacing its contents.

        ``location`` is a local directory or an object-store URI that a SQL warehouse can
        read as external tables; needs the ``deltalake`` package (``genie-sdk[index]``).
        """
        return export.write_delta(self._store, location, storage_options=storage_options)


def _run_to_completion(work: Coroutine[Any, Any, CrawlRun]) -> CrawlRun:
    """Run the crawl's event loop here, or on a thread when this thread already runs one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    outcome: list[CrawlRun] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(asyncio.run(work))
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=run, name="genie-index")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
