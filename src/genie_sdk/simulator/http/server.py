"""``GenieSimulator``: the simulator as an object with a real HTTP server, and ``serve()``."""

from __future__ import annotations

import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from genie_sdk.simulator.domain.assets import dashboard_json
from genie_sdk.simulator.domain.clock import SimClock
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id, new_secret
from genie_sdk.simulator.domain.journal import RecordedRequest
from genie_sdk.simulator.domain.lifecycle import message_json
from genie_sdk.simulator.domain.rules import Question, Rule, ScriptedAnswer
from genie_sdk.simulator.domain.secoda import SecodaWorld
from genie_sdk.simulator.domain.settings import SimulatorSettings, Workspace
from genie_sdk.simulator.domain.spaces import DEMO_SPACE_ID, WAREHOUSE_ID
from genie_sdk.simulator.domain.state import Benchmark
from genie_sdk.simulator.domain.workato import GENIE_HANDLE, WorkatoWorld
from genie_sdk.simulator.http.app import build_app
from genie_sdk.simulator.http.faults import FaultInjector
from genie_sdk.simulator.http.oidc import ServicePrincipal
from genie_sdk.simulator.http.routes.secoda import SECODA_PREFIX
from genie_sdk.simulator.http.routes.workato import WORKATO_PREFIX
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["GenieSimulator", "serve"]

_STARTUP_TIMEOUT = 10.0


class GenieSimulator:
    """A fake Genie workspace: real HTTP on 127.0.0.1, real SQL over a demo dataset.

    >>> with GenieSimulator() as sim:
    ...     sim.url, sim.token, sim.space_id

    Args:
        token: The personal access token to accept (random by default).
        client_id: The default service principal's client id (random by default).
        client_secret: Its secret (random by default).
        workspace_id: Workspace id reported in host metadata and response headers.
        seed: Seed of the generated demo dataset.
        clock: Clock to read (default: real time, advanced with ``sim.clock.advance``).
        host: Interface to listen on.
        port: Port to listen on (0: a free one).
        workspace: ``"demo"``: the demo spaces and four dashboards; ``"large"``: also thousands
            of generated dashboards and spaces with ACLs and tags (for crawling at scale).
        **settings: Any `SimulatorSettings` field, e.g. ``rate_limit=None``.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        workspace_id: str = "1234567890123456",
        seed: int = 42,
        clock: SimClock | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        workspace: Workspace = "demo",
        **settings: Any,
    ) -> None:
        if workspace not in ("demo", "large"):
            raise ValueError(f"workspace must be 'demo' or 'large', not {workspace!r}")
        self._sim = Simulation(
            SimulatorSettings(**settings),
            clock=clock or SimClock(),
            token=token or new_secret("dapi"),
            client_id=client_id or new_id(),
            client_secret=client_secret or new_secret("dose"),
            workspace_id=workspace_id,
            seed=seed,
            workspace=workspace,
        )
        self._app = build_app(self._sim)
        self._host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    # -- running -----------------------------------------------------------------------------

    def start(self) -> GenieSimulator:
        """Serve on a background thread; returns once the port accepts connections."""
        if self._server is not None:
            return self
        sock = _bind(self._host, self._port)
        port = sock.getsockname()[1]
        server = uvicorn.Server(_config(self._app))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="genie-simulator", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                sock.close()
                raise RuntimeError("the Genie simulator did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread
        self._url = f"http://{_url_host(self._host)}:{port}"
        return self

    def stop(self) -> None:
        """Stop serving and wait for the server thread to finish."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=_STARTUP_TIMEOUT)
        self._server = self._thread = None
        self._url = None

    def __enter__(self) -> GenieSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def reset(self, **settings: Any) -> None:
        """Fresh state: constructor settings (plus ``settings``), demo spaces, no conversations,
        rules, faults, recorded requests, issued tokens or added tables."""
        self._sim.reset(**settings)

    # -- connection details ------------------------------------------------------------------

    @property
    def app(self) -> ASGIApp:
        """The ASGI application, for in-process use (e.g. ``httpx.ASGITransport``)."""
        return self._app

    @property
    def url(self) -> str:
        """Base URL of the running server (the workspace host)."""
        if self._url is None:
            raise RuntimeError("the simulator is not running; call start() or use 'with'")
        return self._url

    @property
    def token(self) -> str:
        """A personal access token that is always valid."""
        return self._sim.tokens.pat

    @property
    def login_code(self) -> str:
        """What to type on the browser login page (OAuth U2M) unless ``oauth_auto_approve``."""
        return self._sim.tokens.login_code

    @property
    def client_id(self) -> str:
        """Client id of the default service principal (OAuth M2M)."""
        return self._sim.client_id

    @property
    def client_secret(self) -> str:
        """Secret of the default service principal."""
        return self._sim.client_secret

    @property
    def workspace_id(self) -> str:
        """The workspace id."""
        return self._sim.workspace_id

    @property
    def space_id(self) -> str:
        """Id of the demo space (the retail dataset, with benchmark questions)."""
        return DEMO_SPACE_ID

    @property
    def warehouse_id(self) -> str:
        """Id of the SQL warehouse every demo space uses."""
        return WAREHOUSE_ID

    @property
    def user_id(self) -> int:
        """User id of the PAT (and U2M) user."""
        return self._sim.tokens.user_id

    # -- behaviour ---------------------------------------------------------------------------

    @property
    def settings(self) -> SimulatorSettings:
        """Live settings; assign fields to change behaviour on the fly."""
        return self._sim.settings

    @property
    def clock(self) -> SimClock:
        """The simulated clock (``sim.clock.advance(seconds)``)."""
        return self._sim.clock

    @property
    def faults(self) -> FaultInjector:
        """Schedule faults: ``sim.faults.http_error(503, path="start-conversation")`` etc."""
        return self._sim.faults

    @property
    def rate_limit(self) -> int | None:
        """POSTs per window per workspace (``None``: no limit)."""
        return self._sim.settings.rate_limit

    @rate_limit.setter
    def rate_limit(self, value: int | None) -> None:
        self._sim.settings.rate_limit = value

    def add_answer(
        self,
        pattern: str | re.Pattern[str],
        *,
        sql: str | None = None,
        text: str | None = None,
        title: str | None = None,
        description: str | None = None,
        suggested_questions: Sequence[str] = (),
        clarification: str | None = None,
        error_type: str | None = None,
        error_message: str | None = None,
        cancel: bool = False,
        earlier_sql: Sequence[str] = (),
        space_id: str | None = None,
    ) -> Rule:
        """Answer questions matching ``pattern`` (regex, case-insensitive) this way.

        ``sql`` yields a query attachment (``earlier_sql``: discarded attempts shown before it);
        without it the reply is ``text`` only. ``clarification`` asks back (``FOLLOW_UP_QUESTION``);
        ``error_type`` fails the message; ``cancel`` cancels it. Rules added later are checked
        after earlier ones; all are checked before the demo rules.
        """
        answer = ScriptedAnswer(
            sql=sql,
            text=text,
            title=title,
            description=description,
            suggested_questions=tuple(suggested_questions),
            clarification=clarification,
            error_type=error_type,
            error_message=error_message,
            cancel=cancel,
            earlier_sql=tuple(earlier_sql),
        )
        return self._sim.rules.add(pattern, answer, space_id=space_id)

    def add_rule(
        self,
        pattern: str | re.Pattern[str],
        respond: Callable[[Question], ScriptedAnswer],
        *,
        space_id: str | None = None,
    ) -> Rule:
        """Answer matching questions with ``respond(question)`` (sees the match, previous SQL)."""
        return self._sim.rules.add(pattern, respond, space_id=space_id)

    def add_service_principal(self, client_id: str, client_secret: str) -> ServicePrincipal:
        """Register an OAuth client (M2M service principal or confidential U2M app)."""
        return self._sim.tokens.add_service_principal(client_id, client_secret)

    def add_user(self, user_name: str) -> str:
        """Add a workspace user (not an admin); returns a personal access token of theirs."""
        token = new_secret("dapi")
        self._sim.tokens.add_user(user_name, token)
        return token

    def mirror_schema(self, name: str) -> None:
        """Serve the demo tables under another ``catalog.schema`` too, as another workspace's
        copy of the data (for promotion tests)."""
        catalog, _, schema = name.partition(".")
        if not catalog or not schema or "." in schema:
            raise ValueError(f"name a schema as catalog.schema, got {name!r}")
        self._sim.engine.mirror_schema(catalog, schema)

    def add_benchmark(
        self,
        question: str,
        *,
        sql: str | None = None,
        text: str | None = None,
        space_id: str | None = None,
    ) -> str:
        """Register a benchmark question (default: on the demo space); returns its id."""
        with self._sim.state.lock:
            space = self._sim.state.space(space_id or DEMO_SPACE_ID)
            benchmark = Benchmark(new_id(), question, sql, text)
            space.benchmarks.append(benchmark)
        return benchmark.benchmark_question_id

    def add_dashboard(
        self,
        display_name: str,
        *,
        datasets: Sequence[dict[str, Any]] = (),
        pages: Sequence[dict[str, Any]] = (),
        parent_path: str = "/Workspace/Shared/dashboards",
        published: bool = True,
    ) -> str:
        """Add an AI/BI dashboard (``datasets``/``pages`` as in ``serialized_dashboard``)."""
        record = self._sim.assets.add_dashboard(
            display_name=display_name,
            warehouse_id=WAREHOUSE_ID,
            datasets=datasets,
            pages=pages,
            parent_path=parent_path,
            published=published,
            now=self._sim.clock.now(),
        )
        return record.dashboard_id

    def update_dashboard(self, dashboard_id: str, **changes: Any) -> None:
        """Edit a dashboard like a saved change: e.g. ``display_name``, ``serialized_dashboard``,
        ``lifecycle_state="TRASHED"``; a new etag and update time."""
        self._sim.assets.update_dashboard(dashboard_id, now=self._sim.clock.now(), **changes)

    def delete_dashboard(self, dashboard_id: str) -> None:
        """Remove a dashboard for good (not to the trash)."""
        with self._sim.assets.lock:
            self._sim.assets.dashboard(dashboard_id)
            del self._sim.assets.dashboards[dashboard_id]

    @property
    def dashboards(self) -> list[dict[str, Any]]:
        """Every dashboard, trashed ones too, as ``get`` returns it."""
        with self._sim.assets.lock:
            return [dashboard_json(d, full=True) for d in self._sim.assets.dashboards.values()]

    def restrict_agent(
        self, agent_id: str, *, readable: bool = True, from_integration: bool = False
    ) -> None:
        """Make an agent unreadable to the caller (a full listing names it in ``unreachable``)
        or created from an integration such as a dashboard (never listed)."""
        with self._sim.state.lock:
            agent = self._sim.state.agent(agent_id)
            agent.readable = readable
            agent.from_integration = from_integration

    def execute_sql(self, sql: str) -> None:
        """Run SQL against the dataset, e.g. to add tables for custom answers."""
        self._sim.engine.execute(sql)

    def query_sql(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a query over the dataset (to compute expected values in tests)."""
        return self._sim.engine.query(sql).rows

    def expire_results(self, message_id: str | None = None) -> None:
        """Make one (or every) completed message's query results expire now."""
        with self._sim.state.lock:
            if message_id is not None and message_id not in self._sim.state.messages:
                raise SimulatedApiError.not_found("Message", message_id)
            now_ms = self._sim.clock.now_ms()
            for message in self._sim.state.messages.values():
                if message_id in (None, message.message_id) and message.completed_at is not None:
                    message.expired = bool(message.queries)
                    message.updated_ms = now_ms

    # -- other providers ---------------------------------------------------------------------

    @property
    def secoda(self) -> SecodaWorld:
        """The simulated Secoda AI API: its ``api_key``, ``add_answer``, prompts and feedback."""
        return self._sim.secoda

    @property
    def secoda_url(self) -> str:
        """Base URL of the simulated Secoda AI API (pass it to ``SecodaClient``)."""
        return self.url + SECODA_PREFIX

    @property
    def workato(self) -> WorkatoWorld:
        """The simulated Workato headless genie API: ``api_key``, ``add_reply``, ``cut_stream``."""
        return self._sim.workato

    @property
    def workato_url(self) -> str:
        """Base URL of the simulated Workato API (pass it to ``HeadlessGenieClient``)."""
        return self.url + WORKATO_PREFIX

    @property
    def genie_handle(self) -> str:
        """The handle of the simulated Workato genie."""
        return GENIE_HANDLE

    # -- observation -------------------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Every message in the workspace as JSON (current state, not advanced), oldest first."""
        with self._sim.state.lock:
            limit = self._sim.settings.inline_row_limit
            return [message_json(m, row_limit=limit) for m in self._sim.state.messages.values()]

    @property
    def messages_created(self) -> int:
        """How many messages (questions) were created since the last reset."""
        return self._sim.state.messages_created

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, oldest first (``Authorization`` values masked)."""
        return self._sim.journal.snapshot()[0]

    @property
    def storage_auth_leaks(self) -> list[RecordedRequest]:
        """Requests to pre-signed links that wrongly carried an ``Authorization`` header."""
        return self._sim.journal.snapshot()[1]

    @property
    def oauth_tokens_issued(self) -> int:
        """Access tokens issued by the token endpoint since the last reset."""
        return self._sim.tokens.tokens_issued

    def count_requests(self, method: str | None = None, path: str | None = None) -> int:
        """Requests with this method whose path matches the regex ``path``."""
        pattern = re.compile(path) if path is not None else None
        return sum(
            (method is None or r.method == method.upper())
            and (pattern is None or pattern.search(r.path) is not None)
            for r in self.requests
        )


def serve(
    host: str = "127.0.0.1", port: int = 8765, *, show_oauth: bool = False, **settings: Any
) -> None:
    """Run the simulator in the foreground until interrupted (Ctrl+C raises KeyboardInterrupt).

    ``settings`` are `GenieSimulator` arguments (``token``, ``seed``, ``rate_limit``, ...).
    It prints one set of variables to export: the host and a personal access token; with
    ``show_oauth`` also a service principal (to use instead of the token) and the login code.
    """
    sim = GenieSimulator(host=host, port=port, **settings)
    sock = _bind(host, port)
    url = f"http://{_url_host(host)}:{sock.getsockname()[1]}"
    sys.stderr.write(_banner(sim, url, show_oauth=show_oauth))
    uvicorn.Server(_config(sim.app)).run(sockets=[sock])


def _banner(sim: GenieSimulator, url: str, *, show_oauth: bool) -> str:
    lines = [
        f"Genie simulator listening on {url} (Ctrl+C stops it). Use it like a workspace:",
        f"  export DATABRICKS_HOST={url}",
        f"  export DATABRICKS_TOKEN={sim.token}",
        f"  demo space id: {sim.space_id}",
    ]
    if show_oauth:
        lines += [
            "Or with OAuth M2M, as a service principal, instead of the token:",
            "  unset DATABRICKS_TOKEN",
            f"  export DATABRICKS_CLIENT_ID={sim.client_id}",
            f"  export DATABRICKS_CLIENT_SECRET={sim.client_secret}",
            f"Browser logins (OAuth U2M, genie auth login) ask for the login code {sim.login_code}",
        ]
    else:
        lines.append("For OAuth (a service principal, browser logins) run it with --show-oauth.")
    return "\n".join(lines) + "\n"


def _config(app: ASGIApp) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        log_config=None,
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=1,
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets that name it (else ~40 ms
    # delayed-ACK stalls per request).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen()  # before the banner says "listening": connections wait for the server
    except OSError:
        sock.close()
        raise
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
