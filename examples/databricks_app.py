"""A Databricks App endpoint that asks Genie as the signed-in user (on-behalf-of-user auth).

With user authorization enabled, Databricks Apps forward the user's token in the
``X-Forwarded-Access-Token`` header. ``forwarded_user_auth(request.headers)`` turns it into
credentials for that request only, so Genie answers with the user's own permissions rather than
the app's service principal. In an app, serve ``create_app(...)`` with uvicorn; this script
calls it in-process, sending the header the way the Apps proxy does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
from _backend import backend
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from genie_sdk import AsyncGenieClient, GenieError
from genie_sdk.auth import forwarded_user_auth, get_token, resolve_config
from genie_sdk.errors import ConfigurationError


def create_app(space_id: str, connect: Callable[[httpx.Auth], AsyncGenieClient]) -> Starlette:
    """The app: ``GET /ask?q=...`` answers with Genie's text, SQL and a markdown table."""

    async def ask(request: Request) -> JSONResponse:
        try:
            auth = forwarded_user_auth(request.headers)
        except ConfigurationError as error:
            return JSONResponse({"error": str(error)}, status_code=401)
        # One client per request: the token belongs to the user who sent this request.
        async with connect(auth) as client:
            try:
                answer = await client.ask(space_id, request.query_params.get("q", ""))
            except GenieError as error:
                return JSONResponse({"error": str(error)}, status_code=502)
        return JSONResponse(
            {
                "text": answer.text or answer.clarification,
                "sql": answer.sql,
                "table": answer.result.to_markdown() if answer.result else None,
            }
        )

    return Starlette(routes=[Route("/ask", ask)])


async def main() -> None:
    with backend() as genie:
        # In a Databricks App: create_app(SPACE_ID, lambda auth: AsyncGenieClient(auth=auth));
        # the host comes from DATABRICKS_HOST, which Databricks Apps set.
        app = create_app(genie.space_id, lambda auth: genie.async_client(auth=auth))
        # Stand-in for the user's forwarded token: the token of the configured credentials.
        user_token = get_token(resolve_config(genie.host, auth=genie.auth))

        # Call the app in-process, as the Apps proxy would.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            question = {"q": "total sales by region"}
            reply = await http.get(
                "/ask", params=question, headers={"X-Forwarded-Access-Token": user_token}
            )
            print(reply.status_code, reply.json()["text"])
            print(reply.json()["table"])

            anonymous = await http.get("/ask", params=question)
            print(anonymous.status_code, anonymous.json()["error"].split(":")[0])


asyncio.run(main())
