"""Authenticate as a service principal with OAuth M2M (client credentials), e.g. in a job.

The client fetches a one-hour token from the workspace's OIDC token endpoint and refreshes it
before it expires. With DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET set, a plain
``GenieClient()`` picks this method by itself; here the provider is built explicitly.
On the simulator, its own service principal and OIDC endpoints are used.
"""

from __future__ import annotations

import os

from _backend import backend

from genie_sdk.auth import OAuthM2M

with backend() as genie:
    if genie.simulator is not None:
        host = genie.simulator.url
        client_id, client_secret = genie.simulator.client_id, genie.simulator.client_secret
    else:
        host = os.environ["DATABRICKS_HOST"]
        client_id = os.environ["DATABRICKS_CLIENT_ID"]
        client_secret = os.environ["DATABRICKS_CLIENT_SECRET"]

    auth = OAuthM2M(client_id, client_secret, host=host)
    print("provider:", auth)  # the secret is never shown

    with genie.client(auth=auth) as client:
        spaces = [space.title for space in client.spaces.list()]
        print("spaces the service principal can use:", spaces)
        answer = client.ask(genie.space_id, "how many customers")
        print("answer:", answer.result.rows if answer.result else answer.text)

    if genie.simulator is not None:
        print("access tokens issued:", genie.simulator.oauth_tokens_issued)
