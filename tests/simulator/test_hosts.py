"""The simulator answers only requests addressed to a loopback name (DNS rebinding defence)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx
import pytest

from genie_sdk.simulator import GenieSimulator
from tests.simulator._helpers import API


def _get(sim: GenieSimulator, path: str, host: str) -> httpx.Response:
    headers = {"Host": host, "Authorization": f"Bearer {sim.token}"}
    return httpx.get(f"{sim.url}{path}", headers=headers)


@pytest.mark.parametrize(
    "host", ["localhost", "LocalHost:8765", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:8765"]
)
def test_loopback_names_are_served(sim: GenieSimulator, host: str) -> None:
    assert _get(sim, f"{API}/spaces", host).status_code == 200
    assert _get(sim, "/.well-known/databricks-config", host).status_code == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8765", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]"],
)
def test_other_names_are_refused(sim: GenieSimulator, host: str) -> None:
    for path in (f"{API}/spaces", "/.well-known/databricks-config", "/oidc/v1/authorize"):
        refused = _get(sim, path, host)
        assert refused.status_code == 400
        assert refused.json()["error_code"] == "BAD_REQUEST"
        assert "Host" in refused.json()["message"]
    assert sim.requests[-1].status == 400


def test_a_request_without_host_is_refused(sim: GenieSimulator) -> None:
    address = urlsplit(sim.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(b"GET /.well-known/databricks-config HTTP/1.0\r\n\r\n")
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400")


@pytest.mark.genie_simulator(allowed_hosts=("genie.internal",))
def test_allowed_names_are_configurable(sim: GenieSimulator) -> None:
    assert _get(sim, f"{API}/spaces", "genie.internal:8765").status_code == 200
    assert _get(sim, f"{API}/spaces", "localhost").status_code == 400


@pytest.mark.genie_simulator(allowed_hosts=("*",))
def test_a_star_allows_every_name(sim: GenieSimulator) -> None:
    assert _get(sim, f"{API}/spaces", "evil.example").status_code == 200
