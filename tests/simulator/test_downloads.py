"""Full-result downloads: polling, chunked external links in three formats, expiry, leaks."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from genie_sdk.simulator.sql.dataset import SALES_ROWS
from tests.simulator._helpers import Genie, queries


def _export(genie: Genie, question: str = "show all sales") -> tuple[str, dict[str, Any]]:
    message = genie.ask(question)
    path = genie.attachment_path(message, queries(message)[-1]["attachment_id"]) + "/downloads"
    handle = genie.ok(genie.http.post(path))
    assert set(handle) == {"download_id", "download_id_signature"}
    poll = f"{path}/{handle['download_id']}"
    return poll, {"download_id_signature": handle["download_id_signature"]}


def _wait(http: httpx.Client, poll: str, params: dict[str, Any]) -> dict[str, Any]:
    states = []
    for _ in range(10):
        statement: dict[str, Any] = http.get(poll, params=params).json()["statement_response"]
        states.append(statement["status"]["state"])
        if states[-1] == "SUCCEEDED":
            assert states == ["PENDING", "RUNNING", "SUCCEEDED"]
            return statement
    raise AssertionError(states)


def _fetch(link: dict[str, Any]) -> httpx.Response:
    return httpx.get(link["external_link"], headers=link["http_headers"])


def test_json_array_download_in_chunks(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    poll, params = _export(genie)
    statement = _wait(http, poll, params)
    manifest = statement["manifest"]
    assert manifest["format"] == "JSON_ARRAY"
    assert manifest["total_row_count"] == SALES_ROWS
    assert manifest["truncated"] is False
    links = statement["result"]["external_links"]
    assert manifest["total_chunk_count"] == len(links) == 5
    rows: list[list[str | None]] = []
    for index, link in enumerate(links):
        assert link["chunk_index"] == index
        assert link["row_offset"] == len(rows)
        assert link["expiration"].endswith("Z")
        assert set(link["http_headers"]) == {"x-sim-header"}
        response = _fetch(link)
        assert response.status_code == 200
        assert len(response.content) == link["byte_count"]
        chunk = response.json()
        assert len(chunk) == link["row_count"]
        rows += chunk
        if index < len(links) - 1:
            assert link["next_chunk_index"] == index + 1
        else:
            assert "next_chunk_index" not in link
    assert len(rows) == SALES_ROWS
    assert [int(str(r[0])) for r in rows] == list(range(1, SALES_ROWS + 1))
    assert links[-1]["row_count"] == SALES_ROWS - 4 * 5000
    assert sim.storage_auth_leaks == []


@pytest.mark.genie_simulator(download_format="CSV", chunk_rows=2)
def test_csv_download(genie: Genie, http: httpx.Client) -> None:
    poll, params = _export(genie, "show all column types")
    statement = _wait(http, poll, params)
    assert statement["manifest"]["format"] == "CSV"
    records = []
    for link in statement["result"]["external_links"]:
        response = _fetch(link)
        assert response.headers["content-type"].startswith("text/csv")
        parsed = list(csv.reader(io.StringIO(response.text, newline="")))
        assert parsed[0][:3] == ["id", "c_int", "c_long"]
        records += parsed[1:]
    assert len(records) == 4
    assert records[1][8] == 'comma, "quote"\nnew line ü€'
    assert records[1][5] == "NaN"


@pytest.mark.genie_simulator(download_format="ARROW_STREAM")
def test_arrow_stream_download(genie: Genie, http: httpx.Client) -> None:
    pa = pytest.importorskip("pyarrow")
    poll, params = _export(genie)
    statement = _wait(http, poll, params)
    assert statement["manifest"]["format"] == "ARROW_STREAM"
    tables = []
    for link in statement["result"]["external_links"]:
        response = _fetch(link)
        tables.append(pa.ipc.open_stream(response.content).read_all())
        assert tables[-1].num_rows == link["row_count"]
    table = pa.concat_tables(tables)
    assert table.num_rows == SALES_ROWS
    assert str(table.schema.field("sale_ts").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("amount").type) == "decimal128(12, 2)"


@pytest.mark.genie_simulator(download_format="ARROW_STREAM")
def test_arrow_intervals_are_text(genie: Genie, http: httpx.Client) -> None:
    pa = pytest.importorskip("pyarrow")
    poll, params = _export(genie, "show all column types")
    link = _wait(http, poll, params)["result"]["external_links"][0]
    table = pa.ipc.open_stream(_fetch(link).content).read_all()
    assert table.column("c_interval").to_pylist()[0] == "1 02:03:04.500000000"


@pytest.mark.genie_simulator(link_ttl=60)
def test_expired_links_are_refused_and_can_be_renewed(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    poll, params = _export(genie)
    link = _wait(http, poll, params)["result"]["external_links"][0]
    sim.clock.advance(61)
    expired = _fetch(link)
    assert expired.status_code == 403
    assert b"expired" in expired.content
    fresh = http.get(poll, params=params).json()["statement_response"]
    assert fresh["status"]["state"] == "SUCCEEDED"
    assert _fetch(fresh["result"]["external_links"][0]).status_code == 200


def test_next_chunk_internal_link_renews_one_chunk(genie: Genie, http: httpx.Client) -> None:
    poll, params = _export(genie)
    first = _wait(http, poll, params)["result"]["external_links"][0]
    chunk = http.get(first["next_chunk_internal_link"]).json()
    assert chunk["chunk_index"] == 1
    assert chunk["row_offset"] == 5000
    response = _fetch(chunk["external_links"][0])
    assert response.json()[0][0] == "5001"
    assert http.get(first["next_chunk_internal_link"][:-1] + "9").status_code == 404


def test_links_reject_workspace_credentials(
    sim: GenieSimulator, genie: Genie, http: httpx.Client
) -> None:
    poll, params = _export(genie)
    link = _wait(http, poll, params)["result"]["external_links"][0]
    leaked = httpx.get(
        link["external_link"],
        headers={**link["http_headers"], "Authorization": f"Bearer {sim.token}"},
    )
    assert leaked.status_code == 400
    assert len(sim.storage_auth_leaks) == 1
    assert sim.storage_auth_leaks[0].headers["authorization"] == "Bearer ***"
    assert httpx.get(link["external_link"]).status_code == 400
    tampered = link["external_link"].replace("X-Sim-Signature=", "X-Sim-Signature=0")
    assert httpx.get(tampered, headers=link["http_headers"]).status_code == 403


def test_download_signature_is_checked(genie: Genie, http: httpx.Client) -> None:
    poll, _ = _export(genie)
    assert http.get(poll).status_code == 400
    assert http.get(poll, params={"download_id_signature": "forged"}).status_code == 403
    assert http.get(poll[:-4] + "0000", params={"download_id_signature": "x"}).status_code == 404


def test_download_needs_a_completed_query(genie: Genie, http: httpx.Client) -> None:
    message = genie.start("show all sales")["message"]
    for _ in range(3):
        message = genie.get(message)
    path = genie.attachment_path(message, queries(message)[0]["attachment_id"])
    refused = http.post(f"{path}/downloads")
    assert refused.status_code == 400
    assert json.loads(refused.content)["error_code"] == "INVALID_STATE"
