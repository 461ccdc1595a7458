"""Credentials go to the workspace only: not to download links, not across redirects, not over
plain ``http://`` to another machine."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import respx

from genie_sdk import ApiError, ConfigurationError, DownloadError, GenieClient
from genie_sdk.auth import PAT
from genie_sdk.simulator import GenieSimulator
from genie_sdk.simulator.domain.settings import DownloadFormat
from tests.reliability.harness import http_client
from tests.support.clients import MakeClient

TOKEN = "dapi-scope-test-0123456789"
FORMATS: list[DownloadFormat] = ["JSON_ARRAY", "CSV", "ARROW_STREAM"]


@pytest.mark.parametrize("download_format", FORMATS)
def test_download_links_get_no_workspace_credentials(
    make_live: MakeClient, sim: GenieSimulator, tmp_path: Path, download_format: DownloadFormat
) -> None:
    sim.settings.download_format = download_format
    sim.settings.inline_row_limit = sim.settings.chunk_rows = 20
    sim.add_answer("^sixty sales$", sql="SELECT * FROM sales ORDER BY sale_id LIMIT 60")
    live = make_live()

    answer = live(live.client.ask(sim.space_id, "sixty sales"))
    summary = live(answer.download(tmp_path / "sales.parquet"))
    rows = live.items(answer.iter_rows())

    assert summary.row_count == len(rows) == 60
    storage = [r for r in sim.requests if r.path.startswith("/_storage/")]
    assert len(storage) == 6  # three chunks, fetched twice
    assert sim.storage_auth_leaks == []
    for request in storage:
        assert "authorization" not in request.headers
        assert "x-databricks-workspace-id" not in request.headers
        assert "genie-sdk" not in request.headers.get("user-agent", "")


class Recorder:
    """A loopback HTTP server that records requests and answers each with one response."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes = b"{}") -> None:
        self.seen: list[dict[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.seen.append({k.lower(): v for k, v in self.headers.items()})
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                del format, args

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> Recorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def elsewhere() -> Iterator[Recorder]:
    """Another origin: ``localhost`` on its own port."""
    body = b'{"spaces": [{"space_id": "s-elsewhere", "title": "Elsewhere"}]}'
    with Recorder(200, {"Content-Type": "application/json"}, body) as other:
        yield other


@pytest.fixture
def workspace(elsewhere: Recorder) -> Iterator[Recorder]:
    """A workspace whose every answer is a 302 to the other origin."""
    location = f"http://localhost:{elsewhere.port}/api/2.0/genie/spaces"
    with Recorder(302, {"Location": location}) as server:
        yield server


def test_redirect_to_another_host_is_not_followed(
    make_live: MakeClient, workspace: Recorder, elsewhere: Recorder
) -> None:
    live = make_live(f"http://127.0.0.1:{workspace.port}", auth=PAT(TOKEN))

    error = live.outcome(lambda: live.items(live.client.spaces.list()))

    assert isinstance(error, ApiError)
    assert error.status_code == 302
    assert workspace.seen[0]["authorization"] == f"Bearer {TOKEN}"
    assert elsewhere.seen == []


def test_a_following_http_client_drops_credentials_across_hosts(
    kind: str, make_live: MakeClient, workspace: Recorder, elsewhere: Recorder
) -> None:
    following = http_client(kind)
    following.follow_redirects = True
    live = make_live(f"http://127.0.0.1:{workspace.port}", auth=PAT(TOKEN), http_client=following)

    spaces = live.items(live.client.spaces.list())

    assert [s.space_id for s in spaces] == ["s-elsewhere"]
    assert len(elsewhere.seen) == 1
    assert "authorization" not in elsewhere.seen[0]


@pytest.mark.parametrize(
    "host",
    [
        "http://example.cloud.databricks.com",
        "http://10.0.0.7:8080",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
    ],
)
def test_plain_http_is_refused_for_other_machines(
    host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigurationError, match="http://"):
        GenieClient(host, auth=PAT(TOKEN))
    with pytest.raises(ConfigurationError, match="http://"):
        PAT(TOKEN, host=host)
    monkeypatch.setenv("DATABRICKS_HOST", host)
    monkeypatch.setenv("DATABRICKS_TOKEN", TOKEN)
    with pytest.raises(ConfigurationError, match="http://") as caught:
        GenieClient()
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("host", ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:2"])
def test_plain_http_is_accepted_for_loopback(host: str) -> None:
    with GenieClient(host, auth=PAT(TOKEN)) as client:
        assert client.host == host


HOST = "https://example.cloud.databricks.com"
MESSAGE = HOST + "/api/2.0/genie/spaces/s1/conversations/c1/messages/m1"
COMPLETED = {
    "message_id": "m1",
    "conversation_id": "c1",
    "space_id": "s1",
    "status": "COMPLETED",
    "attachments": [{"attachment_id": "a1", "query": {"query": "SELECT 1 AS x"}}],
}
SCHEMA = {"columns": [{"name": "x", "type_name": "INT", "position": 0}]}
STATEMENT = {
    "statement_id": "st1",
    "status": {"state": "SUCCEEDED"},
    "manifest": {"format": "JSON_ARRAY", "schema": SCHEMA, "total_chunk_count": 1},
}


def test_plain_http_download_links_to_other_machines_are_refused() -> None:
    link = {"external_link": "http://storage.example.com/c0?sig=s3cr3t", "chunk_index": 0}
    with respx.mock(assert_all_called=False) as mock:
        storage = mock.get("http://storage.example.com/c0").respond(json=[["1"]])
        outcome = download_with_links(mock, [link])
    assert not storage.called, "the signed link was requested over plain http://"
    assert isinstance(outcome, DownloadError)


def test_internal_chunk_links_off_the_workspace_are_refused() -> None:
    link = {
        "external_link": "https://storage.example.com/c0",
        "chunk_index": 0,
        "next_chunk_index": 1,
        "next_chunk_internal_link": "@attacker.example.com/c1",
    }
    with respx.mock(assert_all_called=False) as mock:
        mock.get("https://storage.example.com/c0").respond(json=[["1"]])
        attacker = mock.route(host="attacker.example.com").respond(json={})
        outcome = download_with_links(mock, [link])
    assert not attacker.called, "the workspace token was sent to another host"
    assert isinstance(outcome, DownloadError)


def download_with_links(mock: respx.MockRouter, links: list[dict[str, object]]) -> object:
    """Serve an answer whose export has ``links``; return its rows or the ``DownloadError``."""
    mock.get(MESSAGE).respond(json=COMPLETED)
    mock.get(MESSAGE + "/attachments/a1/query-result").respond(
        json={"statement_response": {**STATEMENT, "result": {"data_array": [["1"]]}}}
    )
    mock.post(MESSAGE + "/attachments/a1/downloads").respond(
        json={"download_id": "d1", "download_id_signature": "sig"}
    )
    mock.get(MESSAGE + "/attachments/a1/downloads/d1").respond(
        json={"statement_response": {**STATEMENT, "result": {"external_links": links}}}
    )
    with GenieClient(HOST, auth=PAT(TOKEN), sleep=lambda _: None) as client:
        answer = client.wait("s1", "c1", "m1")
        return client_outcome(lambda: list(client.iter_rows(answer)))


def client_outcome(work: Callable[[], object]) -> object:
    try:
        return work()
    except DownloadError as error:
        return error
