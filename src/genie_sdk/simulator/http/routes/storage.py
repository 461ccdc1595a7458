"""The simulated object storage behind pre-signed download links."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from genie_sdk.simulator.domain.storage import HEADER, STORAGE_PREFIX, StorageRefusal
from genie_sdk.simulator.http.simulation import Simulation
from genie_sdk.simulator.sql.formats import CONTENT_TYPES

__all__ = ["StorageRoutes"]

_AUTH_CONFLICT = (
    "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the "
    "signature query parameters or the Authorization header should be specified</Message></Error>"
)


def _s3_error(status: int, code: str, message: str) -> Response:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return Response(body, status_code=status, media_type="application/xml")


class StorageRoutes:
    """``GET /_storage/{download_id}/{chunk}``: chunk bytes for valid links, S3 errors else."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [Route(STORAGE_PREFIX + "/{download_id}/{chunk:int}", self.serve, methods=["GET"])]

    async def serve(self, request: Request) -> Response:
        """The chunk, refusing requests that carry workspace credentials."""
        sim = self._sim
        if "authorization" in request.headers:
            sim.journal.record_leak(request.method, request.url.path, request.headers.items())
            return Response(_AUTH_CONFLICT, status_code=400, media_type="application/xml")
        try:
            chunk, result_format = sim.links.chunk(
                request.path_params["download_id"],
                int(request.path_params["chunk"]),
                expires=request.query_params.get("X-Sim-Expires", ""),
                signature=request.query_params.get("X-Sim-Signature", ""),
                header=request.headers.get(HEADER),
                now=sim.clock.now(),
            )
        except StorageRefusal as refusal:
            return _s3_error(refusal.status, refusal.code, refusal.message)
        return Response(chunk, media_type=CONTENT_TYPES[result_format])
