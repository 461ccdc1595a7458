"""Clone and promote: a space's definition re-pointed by a retarget map, before it is created."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from genie_sdk._core.retarget import Retargeter, Rewrite
from genie_sdk._core.space_definition import SpaceDefinition
from genie_sdk.errors import RetargetError
from genie_sdk.models import GenieAgentDefinition, Space

__all__ = ["CloneResult", "retargeted"]


@dataclass(frozen=True)
class CloneResult:
    """A space created by ``clone``.

    Attributes:
        space: The new space.
        definition: The definition it was created from (retargeted).
        rewrites: Each table reference the retarget map changed, and where.
    """

    space: Space
    definition: SpaceDefinition
    rewrites: list[Rewrite]


def _walk(node: Any, where: str, path: tuple[str, ...], retarget: Retargeter) -> Any:
    if isinstance(node, list):
        return [_walk(item, where, path, retarget) for item in node]
    if not isinstance(node, dict):
        return node
    here = f"{path[-1]} {node['id']}" if isinstance(node.get("id"), str) and path else where
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "identifier" and isinstance(value, str):
            out[key] = retarget.identifier(value, here or "tables")
        elif isinstance(value, str) and (
            key == "sql" or (key == "content" and path[-1:] == ("answer",))
        ):
            out[key] = retarget.sql(value, here)
        else:
            out[key] = _walk(value, here, (*path, key), retarget)
    return out


def retargeted(
    definition: SpaceDefinition, retarget: Mapping[str, str] | None
) -> tuple[SpaceDefinition, list[Rewrite]]:
    """``definition`` with tables, functions and SQL re-pointed by ``retarget``.

    Raises:
        RetargetError: a fully qualified reference is not covered by the map, or SQL does not
            parse; it lists them all.
        ValueError: the map itself is malformed.
    """
    if not retarget:
        return definition, []
    retargeter = Retargeter(retarget)
    data = _walk(definition.definition.to_json(), "", (), retargeter)
    problems = list(retargeter.unmapped)
    problems.extend(f"{where} (SQL does not parse)" for where in retargeter.unparsable)
    if problems:
        raise RetargetError(problems)
    tree = GenieAgentDefinition.model_validate(data)
    return definition.model_copy(update={"definition": tree}), list(retargeter.rewrites)
