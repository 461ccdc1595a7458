"""What the fuzz tests share: a respx-backed fake server, clients of both kinds, strategies.

Only documented exceptions may come out of the SDK: :class:`~genie_sdk.GenieError` subclasses
and ``ValueError`` (for arguments), never a raw ``KeyError``/``TypeError``/``AttributeError`` nor
pydantic's ``ValidationError`` (itself a ``ValueError``).
"""

from __future__ import annotations

import inspect
import json
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import respx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from genie_sdk import GenieError, PollingPolicy
from genie_sdk.auth import PAT
from tests.support.clients import Client
from tests.support.clocks import FakeClock
from tests.support.workspace import HOST

TOKEN = "dapi-fuzz-0123456789"
POLLING = PollingPolicy(initial=1.0, maximum=8.0, timeout=30.0)
"""A short polling timeout (in fake time) so that endless in-progress answers end quickly."""


def fuzz_settings(examples: int) -> settings:
    """Deterministic, database-free settings: the same examples on every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


Reply = tuple[int, dict[str, str], bytes]
"""A response to serve: status, headers, body."""


class Runaway(AssertionError):
    """The client kept sending requests: a loop that never ends."""


class FakeServer:
    """Every request is answered by :attr:`respond`, which a test sets per example.

    Setting :attr:`respond` starts a new example: the clock goes back to 0 and the example may
    send at most ``budget`` requests (polling in fake time to its timeout takes a few dozen).
    """

    def __init__(self, budget: int = 200) -> None:
        self.router = respx.Router(assert_all_called=False)
        self.router.route().mock(side_effect=self._answer)
        # Every sleep moves it: a clock that a tiny sleep does not move has its own test.
        self.clock = FakeClock(least_step=1e-6)
        self.budget = budget
        self.sent = 0
        self._respond: Callable[[httpx.Request], Reply] = lambda _: (200, {}, b"{}")

    @property
    def respond(self) -> Callable[[httpx.Request], Reply]:
        return self._respond

    @respond.setter
    def respond(self, respond: Callable[[httpx.Request], Reply]) -> None:
        self._respond, self.sent, self.clock.now = respond, 0, 0.0

    def handler(self, request: httpx.Request) -> httpx.Response:
        """The transport's handler: counts requests against the budget, then answers."""
        self.sent += 1
        if self.sent > self.budget:
            raise Runaway(
                f"more than {self.budget} requests, the last {request.method} {request.url}"
            )
        return self.router.handler(request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        status, headers, content = self._respond(request)
        return httpx.Response(status, headers=headers, content=content)


class Runner(Client):
    """A client of either kind on a :class:`FakeServer`; :meth:`run` gives plain values back."""

    def __init__(self, kind: str, server: FakeServer, **options: Any) -> None:
        transport = httpx.MockTransport(server.handler)
        cls = httpx.AsyncClient if kind == "async" else httpx.Client
        options.setdefault("auth", PAT(TOKEN))
        options.setdefault("polling", POLLING)
        super().__init__(
            kind, HOST, time=server.clock, http_client=cls(transport=transport), **options
        )

    def run(self, work: Callable[[Any], Any]) -> Any:
        """Return ``work(client)`` with awaitables awaited and pagers or iterators drained."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # deprecated endpoints too
            value = self(work(self.client))
            pager = hasattr(value, "__iter__") and hasattr(value, "pages")
            if hasattr(value, "__aiter__") or pager or inspect.isgenerator(value):
                return self.items(value)
            return value


def expect_documented(work: Callable[[], Any]) -> Any:
    """Run ``work``; let a ``GenieError`` or ``ValueError`` through, fail on anything else."""
    try:
        return work()
    except AssertionError:
        raise
    except ValidationError as error:
        raise AssertionError(f"a raw pydantic ValidationError escaped: {error}") from None
    except (GenieError, ValueError) as error:
        return error
    except Exception as error:
        raise AssertionError(f"undocumented {type(error).__name__}: {error}") from error


# -- strategies --------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["", "UNKNOWN_FUTURE_VALUE", "COMPLETED", "SUCCEEDED", "null", "/"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
"""Any JSON value (``NaN`` and infinities included, as Python's parser accepts them)."""

HEADER_VALUES = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=10)

JUNK = JSON | st.binary(max_size=8) | st.just(object()) | st.sets(st.integers(), max_size=2)
"""Values of any type, including some no JSON API would ever take."""


def mutations(seed: Any) -> st.SearchStrategy[Any]:
    """Values shaped like ``seed``: fields kept, dropped or replaced, recursively."""
    if isinstance(seed, dict):
        shaped: st.SearchStrategy[Any] = st.fixed_dictionaries(
            {}, optional={key: mutations(value) for key, value in seed.items()}
        )
    elif isinstance(seed, list) and seed:
        shaped = st.lists(st.one_of(*(mutations(item) for item in seed)), max_size=len(seed) + 2)
    else:
        shaped = st.just(seed)
    return st.one_of(st.just(seed), shaped, JSON)


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def replies(seed: Any) -> st.SearchStrategy[Reply]:
    """Responses to a request whose well-formed answer is ``seed``: mostly mutated 200s."""
    as_json = {"content-type": "application/json"}
    shaped = mutations(seed).map(lambda body: (200, as_json, dumps(body)))
    broken = st.one_of(
        st.binary(max_size=40),
        st.just(dumps(seed)[: len(dumps(seed)) // 2]),
        st.just(b"<html><title>502 Bad Gateway</title></html>"),
        st.just(b""),
    ).map(lambda body: (200, {}, body))
    errors = st.tuples(
        st.sampled_from([204, 301, 400, 401, 403, 404, 409, 418, 429, 500, 502, 503, 504]),
        st.dictionaries(st.sampled_from(["retry-after", "content-type"]), HEADER_VALUES),
        st.one_of(JSON.map(dumps), st.binary(max_size=20)),
    )
    return st.one_of(shaped, broken, errors)
