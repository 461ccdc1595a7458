"""OAuth M2M tokens expiring while a question is being polled."""

from __future__ import annotations

from genie_sdk import Answer, AsyncAnswer
from genie_sdk.auth import OAuthError, OAuthM2M
from genie_sdk.simulator import GenieSimulator
from tests.reliability.harness import SALES, VirtualTime
from tests.reliability.ledger import Record
from tests.support.clients import MakeClient

TOKEN = r"^/oidc/v1/token$"
ANSWERS = (Answer, AsyncAnswer)
LIFETIME = 120.0
"""Token lifetime; the answer takes 4 stages of 45 s, so the first token expires mid-poll."""


def slow_answers_short_tokens(sim: GenieSimulator) -> None:
    sim.settings.token_lifetime = LIFETIME
    sim.settings.advance = "time"
    sim.settings.stage_seconds = 45.0


def rejected(sim: GenieSimulator) -> int:
    return sum(r.status == 401 for r in sim.requests)


def test_server_side_expiry_is_refreshed_and_replayed(
    make: MakeClient, sim: GenieSimulator, record: Record
) -> None:
    """The token expires mid-poll by the server's clock only: 401, refresh, replay."""
    slow_answers_short_tokens(sim)
    live = make(auth=OAuthM2M(sim.client_id, sim.client_secret, host=sim.url))

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert len(answer.result or ()) == 5
    assert rejected(sim) == 1
    assert sim.oauth_tokens_issued == 2
    assert sim.messages_created == 1


def test_client_refreshes_ahead_of_expiry(
    make: MakeClient, sim: GenieSimulator, vt: VirtualTime, record: Record
) -> None:
    """The token goes stale mid-poll by a clock the client shares: refreshed before any 401."""
    slow_answers_short_tokens(sim)
    auth = OAuthM2M(sim.client_id, sim.client_secret, host=sim.url, clock=vt.wall)
    live = make(auth=auth)

    answer = live(live.client.ask(sim.space_id, SALES))

    record([answer])
    assert isinstance(answer, ANSWERS)
    assert rejected(sim) == 0
    assert sim.oauth_tokens_issued >= 2
    assert sim.messages_created == 1


def test_failed_refresh_mid_poll_is_resumable(
    make: MakeClient, sim: GenieSimulator, record: Record
) -> None:
    """The token endpoint fails (500) when the expired token is refreshed mid-poll."""
    slow_answers_short_tokens(sim)
    live = make(auth=OAuthM2M(sim.client_id, sim.client_secret, host=sim.url))
    outage = sim.faults.http_error(500, method="POST", path=TOKEN, skip=1, times=None)

    error = live.outcome(lambda: live.client.ask(sim.space_id, SALES))
    assert isinstance(error, OAuthError)
    assert error.conversation_id
    assert error.message_id
    assert sim.client_secret not in str(error)
    outage.times = outage.fired  # the token endpoint recovers
    resume_at = len(sim.requests)
    answer = live(live.client.wait(sim.space_id, error.conversation_id, error.message_id))

    record([error], resumed=[answer], resume_at=resume_at)
    assert isinstance(answer, ANSWERS)
    assert sim.messages_created == 1
