"""``client.agents``: list, get, create, update and trash Genie Agents (``/genie/agents``)."""

from __future__ import annotations

import re
from typing import Any

from genie_sdk._core.calls import Call, Page, genie_path, segment
from genie_sdk._core.endpoints._common import decode_empty, non_empty, page_params
from genie_sdk.models import GenieAgent, GenieAgentDefinition, GenieAgentView
from genie_sdk.models.agents import ListGenieAgentsResponse

__all__ = ["create_agent", "get_agent", "list_agents", "trash_agent", "update_agent"]

MAX_DISPLAY_NAME = 63
MAX_TEXT = 4096
_AGENT_ID = re.compile(r"[0-9a-f]{32}")
_UPDATABLE = ("display_name", "description", "warehouse_id", "definition", "parent_path")


def _agent_path(agent_id: str) -> str:
    return genie_path("agents", segment("agent_id", agent_id))


def _decode_page(data: Any) -> Page[GenieAgent]:
    response = ListGenieAgentsResponse.model_validate(data)
    return _page(response)


def _decode_page_json(content: bytes) -> Page[GenieAgent]:
    return _page(ListGenieAgentsResponse.model_validate_json(content))


def _page(response: ListGenieAgentsResponse) -> Page[GenieAgent]:
    return Page(
        items=list(response.genie_agents),
        next_page_token=response.next_page_token or None,
        unreachable=list(response.unreachable),
    )


def _view(view: GenieAgentView | str | None) -> str | None:
    if view is None:
        return None
    known = [member.value for member in GenieAgentView]
    if not isinstance(view, str) or view not in known:
        raise ValueError(f"view must be one of {', '.join(known)}, got {view!r}")
    return str(view)


def list_agents(
    *,
    view: GenieAgentView | str | None = None,
    page_size: int | None = None,
    page_token: str | None = None,
) -> Call[Page[GenieAgent]]:
    """List the Genie Agents you can access; ``GENIE_AGENT_VIEW_FULL`` adds their definitions."""
    return Call(
        "GET",
        genie_path("agents"),
        _decode_page,
        decode_json=_decode_page_json,
        params=page_params(page_size, page_token, view=_view(view)),
    )


def get_agent(agent_id: str) -> Call[GenieAgent]:
    """Get an agent with its definition."""
    return Call(
        "GET",
        _agent_path(agent_id),
        GenieAgent.model_validate,
        decode_json=GenieAgent.model_validate_json,
    )


def _text(name: str, value: str, limit: int) -> str:
    """``value`` if it is non-empty text of at most ``limit`` characters."""
    non_empty(name, value)
    if len(value) > limit:
        raise ValueError(f"{name} must be at most {limit:,} characters, got {len(value):,}")
    return value


def _optional_text(name: str, value: str | None, limit: int) -> str | None:
    """``value`` if unset, empty (it clears the field on update) or text within ``limit``."""
    if value is None or value == "":
        return value
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    return _text(name, value, limit)


def _definition(definition: GenieAgentDefinition) -> dict[str, Any]:
    if not isinstance(definition, GenieAgentDefinition):
        raise ValueError(
            "definition must be a GenieAgentDefinition (GenieAgentDefinition.model_validate(data) "
            f"builds one from JSON data), got {type(definition).__name__}"
        )
    return definition.check().to_json()


def _etag(etag: str | None) -> dict[str, str]:
    if etag is None:
        return {}
    non_empty("etag", etag)
    return {"etag": etag}


def _new_agent_id(agent_id: str) -> str:
    if isinstance(agent_id, str) and _AGENT_ID.fullmatch(agent_id) and agent_id.strip("0"):
        return agent_id
    shown = ascii(agent_id)[:60] if isinstance(agent_id, str) else type(agent_id).__name__
    raise ValueError(f"agent_id must be 32 lowercase hex characters, not all zeros, got {shown}")


def create_agent(
    display_name: str,
    warehouse_id: str,
    definition: GenieAgentDefinition,
    *,
    description: str | None = None,
    parent_path: str | None = None,
    agent_id: str | None = None,
) -> Call[GenieAgent]:
    """Create an agent running on ``warehouse_id``; ``agent_id`` picks its id (32 lowercase hex)."""
    body: dict[str, Any] = {
        "display_name": _text("display_name", display_name, MAX_DISPLAY_NAME),
        "warehouse_id": non_empty("warehouse_id", warehouse_id),
        "definition": _definition(definition),
    }
    if description is not None:
        body["description"] = _text("description", description, MAX_TEXT)
    if parent_path is not None:
        body["parent_path"] = _text("parent_path", parent_path, MAX_TEXT)
    params = {} if agent_id is None else {"genie_agent_id": _new_agent_id(agent_id)}
    return Call(
        "POST",
        genie_path("agents"),
        GenieAgent.model_validate,
        decode_json=GenieAgent.model_validate_json,
        params=params,
        body=body,
    )


def update_agent(
    agent_id: str,
    *,
    display_name: str | None = None,
    description: str | None = None,
    warehouse_id: str | None = None,
    definition: GenieAgentDefinition | None = None,
    parent_path: str | None = None,
    etag: str | None = None,
) -> Call[GenieAgent]:
    """Change the fields passed (the ``update_mask`` names exactly those); ``definition`` is
    replaced whole. ``description=""`` clears the description; ``parent_path`` moves the agent.
    """
    fields: dict[str, Any] = {}
    if display_name is not None:
        fields["display_name"] = _text("display_name", display_name, MAX_DISPLAY_NAME)
    if description is not None:
        fields["description"] = _optional_text("description", description, MAX_TEXT)
    if warehouse_id is not None:
        fields["warehouse_id"] = non_empty("warehouse_id", warehouse_id)
    if definition is not None:
        fields["definition"] = _definition(definition)
    if parent_path is not None:
        fields["parent_path"] = _optional_text("parent_path", parent_path, MAX_TEXT)
    if not fields:
        raise ValueError(
            "update needs at least one of display_name, description, warehouse_id, definition, "
            "parent_path"
        )
    mask = ",".join(name for name in _UPDATABLE if name in fields)
    return Call(
        "PATCH",
        _agent_path(agent_id),
        GenieAgent.model_validate,
        decode_json=GenieAgent.model_validate_json,
        params={"update_mask": mask, **_etag(etag)},
        body=fields,
    )


def trash_agent(agent_id: str, *, etag: str | None = None) -> Call[None]:
    """Move an agent to the trash (there is no API to restore it)."""
    return Call("DELETE", _agent_path(agent_id), decode_empty, params=_etag(etag))
