"""``client.permissions``: read and change the access control list of a workspace object."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from genie_sdk._core.calls import Call, segment
from genie_sdk._core.endpoints._common import non_empty, request_body
from genie_sdk.models import AccessControlRequest, ObjectPermissions

__all__ = ["Grant", "get_permissions", "set_permissions", "update_permissions"]

Grant = AccessControlRequest | Mapping[str, str]
"""A permission to grant: an `AccessControlRequest` or a dict of its fields."""


def _path(object_type: str, object_id: str) -> str:
    return "/api/2.0/permissions/{}/{}".format(
        segment("object_type", non_empty("object_type", object_type)),
        segment("object_id", object_id),
    )


def get_permissions(object_type: str, object_id: str) -> Call[ObjectPermissions]:
    """Get the access control list of an object (``genie`` space, ``dashboards``, ...)."""
    return Call(
        "GET",
        _path(object_type, object_id),
        ObjectPermissions.model_validate,
        decode_json=ObjectPermissions.model_validate_json,
    )


def _change(
    method: str, object_type: str, object_id: str, grants: Sequence[Grant]
) -> Call[ObjectPermissions]:
    if isinstance(grants, (str, Mapping)) or not isinstance(grants, Sequence):
        raise ValueError("access_control_list must be a list of grants")
    entries: list[object] = []
    for grant in grants:
        if isinstance(grant, AccessControlRequest):
            entries.append(grant.to_body())
        elif isinstance(grant, Mapping):
            entries.append(request_body(AccessControlRequest, **grant))
        else:
            raise ValueError(f"a grant must be an AccessControlRequest or a dict, got {grant!r}")
    return Call(
        method,
        _path(object_type, object_id),
        ObjectPermissions.model_validate,
        decode_json=ObjectPermissions.model_validate_json,
        body={"access_control_list": entries},
    )


def set_permissions(
    object_type: str, object_id: str, access_control_list: Sequence[Grant]
) -> Call[ObjectPermissions]:
    """Replace the object's direct permissions with ``access_control_list`` (``PUT``)."""
    return _change("PUT", object_type, object_id, access_control_list)


def update_permissions(
    object_type: str, object_id: str, access_control_list: Sequence[Grant]
) -> Call[ObjectPermissions]:
    """Add the permissions in ``access_control_list`` to the object's (``PATCH``)."""
    return _change("PATCH", object_type, object_id, access_control_list)
