"""Keep a Genie Agent's definition as code: read it, change it, check it, write it back.

Against your workspace this only shows the change, unless you pass --apply. (``genie agents
export AGENT -o agent.json`` and ``genie agents update AGENT --definition agent.json --etag ...``
do the same from the command line.)
"""

from __future__ import annotations

import secrets
import sys

from _backend import backend

from genie_sdk import ConflictError
from genie_sdk.models import GenieAgentDefinition

with backend() as genie, genie.client() as client:
    agent = client.agents.get(genie.space_id)
    if agent.definition is None:
        sys.exit("The server sent the agent without its definition.")
    print(f"{agent.display_name}: etag {agent.etag}")

    # A definition is plain JSON data: change it, then let the SDK check the service's rules.
    data = agent.definition.to_json()
    samples = data.setdefault("config", {}).setdefault("sample_questions", [])
    samples.append({"id": secrets.token_hex(16), "question": "Which store sold most last month?"})
    changed = GenieAgentDefinition.model_validate(data).sorted()
    print("problems:", changed.problems() or "none")

    # A definition the service would store differently is refused before anything is sent.
    broken = data | {"instructions": {"text_instructions": [
        {"id": secrets.token_hex(16), "content": "One."},
        {"id": secrets.token_hex(16), "content": "Two."},
    ]}}  # fmt: skip
    try:
        client.agents.update(genie.space_id, definition=GenieAgentDefinition.model_validate(broken))
    except ValueError as error:
        print("refused before sending:", str(error).partition(": ")[2])

    # The same definition as a space's serialized_space, and back.
    export = changed.to_serialized_space()
    print(
        "serialized_space round trip keeps it:",
        GenieAgentDefinition.from_serialized_space(export) == changed,
    )

    if genie.simulator is not None or "--apply" in sys.argv:
        updated = client.agents.update(genie.space_id, definition=changed, etag=agent.etag)
        config = updated.definition.config if updated.definition else None
        print("sample questions:", len(config.sample_questions) if config else 0)
        try:  # the etag read first is stale now: someone else's write would not be overwritten
            client.agents.update(genie.space_id, description="stale", etag=agent.etag)
        except ConflictError as error:
            print("stale etag refused:", error.error_code)
    else:
        print("dry run: pass --apply to update the agent")
