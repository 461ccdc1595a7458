"""No token, client secret or signed link in logs (DEBUG), reprs, strings or error messages.

httpx's own INFO line (``HTTP Request: GET <url>``) shows full URLs, pre-signed download links
included; only the SDK's logs are required to keep those out.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from genie_sdk import AuthenticationError, NotFoundError
from genie_sdk.auth import PAT, BearerToken, OAuthError, OAuthM2M
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import http_client
from tests.support.clients import Client, MakeClient

SALES = "total sales by region"
WRONG_TOKEN = "dapi-wrong-0123456789abcdef"
WRONG_SECRET = "dose-wrong-0123456789abcdef"
LOGGERS = ("genie_sdk", "httpx", "httpcore")


class Sent:
    """Records the credentials and signed-link queries the client's requests carried."""

    def __init__(self) -> None:
        self.credentials: set[str] = set()
        self.signatures: set[str] = set()

    def see(self, request: httpx.Request) -> None:
        credential = request.headers.get("authorization", "").partition(" ")[2]
        if credential:
            self.credentials.add(credential)
        if request.url.path.startswith("/_storage/"):
            self.signatures.add(request.url.params["X-Sim-Signature"])

    async def see_async(self, request: httpx.Request) -> None:
        self.see(request)

    def hooks(self, kind: str) -> dict[str, list[Any]]:
        return {"request": [self.see_async if kind == "async" else self.see]}


def full_flow(live: Client, sim: GenieSimulator, tmp_path: Path) -> list[Any]:
    """Ask, follow up, outlive the token, download, rate, fail: return what came back."""
    sim.settings.inline_row_limit = sim.settings.chunk_rows = 10
    sim.add_answer("^fifty sales$", sql="SELECT * FROM sales ORDER BY sale_id LIMIT 50")
    client = live.client
    answer = live(client.ask(sim.space_id, SALES))
    follow_up = live(answer.follow_up("only 2024"))
    sim.clock.advance(sim.settings.token_lifetime)  # the token expires: 401, refresh, replay
    everything = live(client.ask(sim.space_id, "fifty sales"))
    summary = live(everything.download(tmp_path / "sales.csv"))
    live(follow_up.send_feedback("POSITIVE", comment="good"))
    missing = live.outcome(lambda: client.messages.get(sim.space_id, "c0ffee", "c0ffee"))
    assert isinstance(missing, NotFoundError)
    return [answer, follow_up, everything, summary, missing]


def test_no_secret_in_logs_of_a_full_flow(
    kind: str,
    make_live: MakeClient,
    sim: GenieSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    sent = Sent()
    auth = OAuthM2M(sim.client_id, sim.client_secret, host=sim.url)
    live = make_live(auth=auth, http_client=http_client(kind, event_hooks=sent.hooks(kind)))

    full_flow(live, sim, tmp_path)
    wrong = make_live(auth=PAT(WRONG_TOKEN))
    rejected = wrong.outcome(lambda: wrong.client.ask(sim.space_id, SALES))
    assert isinstance(rejected, AuthenticationError)

    assert sim.oauth_tokens_issued == 2  # a token, then its replacement
    assert len(sent.credentials) == 3  # two bearer tokens and the Basic client credential
    assert len(sent.signatures) == 5  # five chunks fetched through signed links
    assert sim.storage_auth_leaks == []
    logged = caplog.text
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("genie_sdk"))
    assert "GET <external link>" in ours  # the SDK did log its requests
    for secret in [sim.client_secret, WRONG_TOKEN, *sent.credentials]:
        assert secret not in logged
    for signature in sent.signatures:
        assert signature not in ours


def test_no_secret_in_reprs_strings_and_errors(
    make_live: MakeClient, sim: GenieSimulator, tmp_path: Path
) -> None:
    auth = OAuthM2M(sim.client_id, sim.client_secret, host=sim.url)
    live = make_live(auth=auth)
    outcomes = full_flow(live, sim, tmp_path)
    answer = outcomes[0]
    bad_secret = make_live(auth=OAuthM2M(sim.client_id, WRONG_SECRET, host=sim.url))
    oauth_error = bad_secret.outcome(lambda: bad_secret.client.ask(sim.space_id, SALES))
    assert isinstance(oauth_error, OAuthError)
    bad_token = make_live(auth=BearerToken(WRONG_TOKEN))
    auth_error = bad_token.outcome(lambda: bad_token.client.ask(sim.space_id, SALES))
    assert isinstance(auth_error, AuthenticationError)
    conversation = live.client.conversation(sim.space_id, answer.conversation_id)

    objects = [
        live.client,
        vars(live.client),
        live.client.config,
        auth,
        PAT(sim.token),
        BearerToken(WRONG_TOKEN),
        conversation,
        *outcomes,
        answer.message,
        answer.statement,
        answer.result,
        oauth_error,
        auth_error,
    ]
    texts = [text for o in objects for text in (repr(o), str(o))]
    texts.append(live.client.config.describe())
    texts += [" ".join(map(str, e.args)) for e in (oauth_error, auth_error, outcomes[-1])]
    for secret in (sim.client_secret, sim.token, WRONG_SECRET, WRONG_TOKEN):
        assert not [text for text in texts if secret in text]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_token_cache_is_private_from_creation(sim: GenieSimulator, tmp_path: Path) -> None:
    from genie_sdk.auth import login

    def browser(url: str) -> bool:
        with httpx.Client(follow_redirects=True) as client:
            assert client.get(url).status_code == 200
        return True

    cache = tmp_path / "config" / "genie-sdk" / "token-cache.json"
    previous = os.umask(0)  # a permissive umask must not make the cache readable by others
    try:
        login(
            host=sim.url,
            redirect_port=0,
            open_browser=browser,
            cache_path=cache,
            env={"HOME": str(tmp_path), "PATH": ""},
        )
    finally:
        os.umask(previous)

    lock = cache.with_name("token-cache.json.lock")  # processes take turns through it
    assert cache.stat().st_mode & 0o777 == 0o600
    assert lock.stat().st_mode & 0o777 == 0o600
    assert cache.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in cache.parent.iterdir()) == [cache.name, lock.name]  # no temp
