"""Full downloads: a later chunk's link expires, a chunk is larger than the client reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from genie_sdk import ResponseTooLargeError
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import Tamper
from tests.reliability.ledger import Record
from tests.support.clients import MakeClient

ALL_SALES = "show all sales"
"""A question whose result is past the inline cap: its full download has several chunks."""
STATUS = r"/downloads/[^/]+$"
CHUNK_1 = r"/result/chunks/1$"


def first_link_only(body: Any) -> Any:
    """The export's status as the service sends it: only chunk 0 is linked; the rest follow."""
    statement = body["statement_response"]
    result = statement.get("result") or {}
    if result.get("external_links"):
        result = {**result, "external_links": result["external_links"][:1]}
    return {"statement_response": {**statement, "result": result}}


def expired(body: Any) -> Any:
    """A chunk's links, already expired (their signature is refused)."""
    links = [
        {**link, "external_link": link["external_link"].replace("Signature=", "Signature=old")}
        for link in body["external_links"]
    ]
    return {**body, "external_links": links}


def test_an_expired_link_to_a_later_chunk_is_requested_again(
    make: MakeClient,
    sim: GenieSimulator,
    tamper: tuple[Tamper, str],
    record: Record,
    tmp_path: Path,
) -> None:
    """The link to chunk 1 has expired when fetched; only chunk 0 is listed in the status."""
    front, url = tamper
    sim.settings.chunk_rows = 2000
    front.rewrite("GET", STATUS, first_link_only)
    front.rewrite("GET", CHUNK_1, expired, times=1)
    live = make(url)
    answer = live(live.client.ask(sim.space_id, ALL_SALES))

    summary = live(answer.download(tmp_path / "sales.csv"))

    record([answer])
    assert summary.chunk_count > 2
    assert summary.row_count == sim.query_sql("SELECT COUNT(*) FROM sales")[0][0]
    assert sim.count_requests("GET", CHUNK_1) == 2  # the expired link, then a fresh one
    assert sim.storage_auth_leaks == []


def test_a_chunk_over_max_chunk_bytes_stops_the_download(
    make: MakeClient, sim: GenieSimulator, record: Record, tmp_path: Path
) -> None:
    """Chunks are larger than the client's ``max_chunk_bytes`` (10 kB)."""
    live = make(max_chunk_bytes=10_000)
    answer = live(live.client.ask(sim.space_id, ALL_SALES))

    error = live.outcome(lambda: answer.download(tmp_path / "sales.csv"))

    record([error])
    assert isinstance(error, ResponseTooLargeError)
    assert error.limit == 10_000
    assert error.message_id == answer.message_id
    assert "external link" in str(error)
