"""Query results, re-execution, full-result downloads and visualization images."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.downloads import chunk_result, download_status, start_download
from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.lifecycle import refresh
from genie_sdk.simulator.domain.results import final_query, query_result, rerun, visible_query
from genie_sdk.simulator.domain.state import DownloadRecord, MessageRecord
from genie_sdk.simulator.domain.viz import chart_png
from genie_sdk.simulator.http.routes._common import base_url
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["ResultRoutes"]

_MESSAGE = "/api/2.0/genie/spaces/{space_id}/conversations/{conversation_id}/messages/{message_id}"
_ATTACHMENT = _MESSAGE + "/attachments/{attachment_id}"
_VIZ_NAME = re.compile(
    r"^spaces/(?P<space_id>[^/]+)/conversations/(?P<conversation_id>[^/]+)"
    r"/messages/(?P<message_id>[^/]+)/attachments/(?P<attachment_id>[^/]+)$"
)
_IN_FLIGHT = ("PENDING_WAREHOUSE", "EXECUTING_QUERY")
_DEPRECATED = {"Deprecation": "true"}


class ResultRoutes:
    """Routes that return or produce query results."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_ATTACHMENT + "/query-result", self.attachment_result, methods=["GET"]),
            Route(_ATTACHMENT + "/execute-query", self.execute_attachment, methods=["POST"]),
            Route(_ATTACHMENT + "/downloads", self.create_download, methods=["POST"]),
            Route(_ATTACHMENT + "/downloads/{download_id}", self.get_download, methods=["GET"]),
            Route(_MESSAGE + "/query-result", self.legacy_result, methods=["GET"]),
            Route(
                _MESSAGE + "/query-result/{attachment_id}",
                self.legacy_attachment_result,
                methods=["GET"],
            ),
            Route(_MESSAGE + "/execute-query", self.legacy_execute, methods=["POST"]),
            Route(
                "/api/2.0/sql/statements/{statement_id}/result/chunks/{chunk_index:int}",
                self.statement_chunk,
                methods=["GET"],
            ),
            Route(
                "/api/2.0/genie/{name:path}/download-visualization",
                self.download_visualization,
                methods=["GET"],
            ),
        ]

    def _message(self, request: Request) -> MessageRecord:
        params = request.path_params
        sim = self._sim
        message = sim.state.message(
            params["space_id"], params["conversation_id"], params["message_id"]
        )
        refresh(message, settings=sim.settings, now=sim.clock.now(), poll=False)
        return message

    def _result(
        self, message: MessageRecord, attachment_id: str, headers: dict[str, str] | None = None
    ) -> Response:
        sim = self._sim
        query = visible_query(message, attachment_id)
        response = query_result(message, query, sim.settings)
        if message.stage in _IN_FLIGHT:
            refresh(message, settings=sim.settings, now=sim.clock.now(), poll=True)
        return JSONResponse({"statement_response": response}, headers=headers)

    def _rerun(
        self, message: MessageRecord, attachment_id: str, headers: dict[str, str] | None = None
    ) -> Response:
        sim = self._sim
        query = visible_query(message, attachment_id)
        response = rerun(
            message, query, engine=sim.engine, settings=sim.settings, now=sim.clock.now()
        )
        return JSONResponse({"statement_response": response}, headers=headers)

    async def attachment_result(self, request: Request) -> Response:
        """``GET .../attachments/{attachment_id}/query-result``."""
        with self._sim.state.lock:
            return self._result(self._message(request), request.path_params["attachment_id"])

    async def legacy_result(self, request: Request) -> Response:
        """``GET .../messages/{message_id}/query-result`` (deprecated): the answering query."""
        with self._sim.state.lock:
            message = self._message(request)
            attachment_id = final_query(message).attachment_id
            return self._result(message, attachment_id, _DEPRECATED)

    async def legacy_attachment_result(self, request: Request) -> Response:
        """``GET .../messages/{message_id}/query-result/{attachment_id}`` (deprecated)."""
        with self._sim.state.lock:
            message = self._message(request)
            return self._result(message, request.path_params["attachment_id"], _DEPRECATED)

    async def execute_attachment(self, request: Request) -> Response:
        """``POST .../attachments/{attachment_id}/execute-query``: re-run the stored SQL."""
        with self._sim.state.lock:
            return self._rerun(self._message(request), request.path_params["attachment_id"])

    async def legacy_execute(self, request: Request) -> Response:
        """``POST .../messages/{message_id}/execute-query`` (deprecated): re-run the answer."""
        with self._sim.state.lock:
            message = self._message(request)
            return self._rerun(message, final_query(message).attachment_id, _DEPRECATED)

    async def create_download(self, request: Request) -> Response:
        """``POST .../attachments/{attachment_id}/downloads``: start a full-result export."""
        sim = self._sim
        with sim.state.lock:
            message = self._message(request)
            query = visible_query(message, request.path_params["attachment_id"])
            handle = start_download(
                sim.state, message, query, settings=sim.settings, signer=sim.signer
            )
        return JSONResponse(handle)

    async def get_download(self, request: Request) -> Response:
        """``GET .../downloads/{download_id}?download_id_signature=...``: poll the export."""
        sim = self._sim
        signature = request.query_params.get("download_id_signature")
        if not signature:
            raise SimulatedApiError.invalid("download_id_signature is required.")
        with sim.state.lock:
            message = self._message(request)
            download_id = request.path_params["download_id"]
            record = sim.state.downloads.get(download_id)
            if (
                record is None
                or record.message_id != message.message_id
                or record.attachment_id != request.path_params["attachment_id"]
            ):
                raise SimulatedApiError.not_found("Download", download_id)
            if signature != record.signature:
                raise SimulatedApiError(403, "PERMISSION_DENIED", "Invalid download_id_signature.")
            response = download_status(
                record,
                engine=sim.engine,
                settings=sim.settings,
                links=sim.links,
                base_url=base_url(request),
                now=sim.clock.now(),
            )
        return JSONResponse({"statement_response": response})

    async def statement_chunk(self, request: Request) -> Response:
        """``GET /api/2.0/sql/statements/{statement_id}/result/chunks/{n}``: re-link a chunk."""
        sim = self._sim
        statement_id = request.path_params["statement_id"]
        with sim.state.lock:
            record: DownloadRecord | None = next(
                (d for d in sim.state.downloads.values() if d.statement_id == statement_id), None
            )
            if record is None:
                raise SimulatedApiError.not_found("Statement", statement_id)
            body = chunk_result(
                record,
                request.path_params["chunk_index"],
                settings=sim.settings,
                links=sim.links,
                base_url=base_url(request),
                now=sim.clock.now(),
            )
        return JSONResponse(body)

    async def download_visualization(self, request: Request) -> Response:
        """``GET /api/2.0/genie/{name}/download-visualization``: the chart as a PNG."""
        name = request.path_params["name"]
        match = _VIZ_NAME.match(name)
        if match is None:
            raise SimulatedApiError.invalid(
                "name must look like spaces/{space_id}/conversations/{conversation_id}"
                "/messages/{message_id}/attachments/{attachment_id}."
            )
        sim = self._sim
        with sim.state.lock:
            message = sim.state.message(
                match["space_id"], match["conversation_id"], match["message_id"]
            )
            refresh(message, settings=sim.settings, now=sim.clock.now(), poll=False)
            if match["attachment_id"] != message.attachment_ids.get("viz"):
                raise SimulatedApiError.not_found(
                    "Visualization attachment", match["attachment_id"]
                )
            query = message.queries[-1]
            if message.stage != "COMPLETED" or query.result is None:
                raise SimulatedApiError.invalid_state(
                    f"Message {message.message_id} is not COMPLETED; its chart is not ready."
                )
            image = chart_png(query.result)
        return Response(image, media_type="image/png")
