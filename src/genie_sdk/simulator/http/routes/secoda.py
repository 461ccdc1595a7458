"""The simulated Secoda AI API under ``/secoda/api/v1``: its own API key and POST limit."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.providers import ProviderError, check_bearer
from genie_sdk.simulator.domain.secoda import SecodaWorld
from genie_sdk.simulator.http.faults import PostQuota
from genie_sdk.simulator.http.routes.providers import guarded, json_object

__all__ = ["SECODA_PREFIX", "SecodaRoutes"]

SECODA_PREFIX = "/secoda/api/v1"
POSTS_PER_MINUTE = 30
"""Secoda's documented limit on POST, PUT and PATCH calls."""


class SecodaRoutes:
    """Prompts, feedback, description generation and background jobs."""

    def __init__(self, world: SecodaWorld, quota: PostQuota) -> None:
        self._world = world
        self._quota = quota

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        prompt = SECODA_PREFIX + "/ai/embedded_prompt/{prompt_id}/"
        return [
            Route(SECODA_PREFIX + "/ai/embedded_prompt/", guarded(self.create), methods=["POST"]),
            Route(prompt, guarded(self.get), methods=["GET"]),
            Route(prompt + "feedback/", guarded(self.feedback), methods=["POST"]),
            Route(
                SECODA_PREFIX + "/bulk_generate_ai_metadata/generate/",
                guarded(self.generate),
                methods=["POST"],
            ),
            Route(SECODA_PREFIX + "/background_jobs/{job_id}/", guarded(self.job)),
        ]

    def _admit(self, request: Request) -> None:
        check_bearer(request.headers.get("authorization"), self._world.api_key)
        if request.method == "POST":
            wait = self._quota.admit(POSTS_PER_MINUTE, 60.0)
            if wait is not None:
                raise ProviderError(429, "Request was throttled.", retry_after=wait)

    async def create(self, request: Request) -> Response:
        self._admit(request)
        body = await json_object(request)
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise ProviderError(400, "prompt: This field is required.")
        parent = body.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise ProviderError(400, "parent: must be a prompt id.")
        persona_id = body.get("persona_id")
        created = self._world.create(
            prompt,
            parent=parent,
            user_generated=body.get("user_generated", True) is not False,
            persona_id=persona_id if isinstance(persona_id, str) else None,
        )
        return JSONResponse(created, status_code=201)

    async def get(self, request: Request) -> Response:
        self._admit(request)
        return JSONResponse(self._world.poll(request.path_params["prompt_id"]))

    async def feedback(self, request: Request) -> Response:
        self._admit(request)
        body = await json_object(request)
        self._world.feedback(
            request.path_params["prompt_id"], body.get("is_helpful"), body.get("feedback")
        )
        return Response(status_code=200)

    async def generate(self, request: Request) -> Response:
        self._admit(request)
        body = await json_object(request)
        started = self._world.generate(
            body.get("field"), body.get("entity_ids"), body.get("bulk_generate", False)
        )
        return JSONResponse(started, status_code=201)

    async def job(self, request: Request) -> Response:
        self._admit(request)
        return JSONResponse(self._world.poll_job(request.path_params["job_id"]))
