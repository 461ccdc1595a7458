"""What a credential may contain before it is put into an HTTP header.

A token with a line break or a control character is refused before it reaches ``httpx``: the
HTTP libraries reject such a header and quote its value in their exception and DEBUG log.
"""

from __future__ import annotations

from genie_sdk.errors import ConfigurationError

__all__ = ["credential_problem", "require_credential"]


def credential_problem(value: str) -> str | None:
    """Say what makes ``value`` unusable as a credential, without quoting it; ``None`` if usable."""
    if any(c in "\r\n\u2028\u2029\x85" for c in value):
        return "contains a line break"
    if not value.isprintable():
        return "contains a control character"
    if any(c.isspace() for c in value):
        return "contains whitespace"
    return None


def require_credential(what: str, value: str) -> str:
    """Return ``value`` without surrounding whitespace if it can be sent as a credential.

    Raises:
        ConfigurationError: ``value`` is empty or has a line break, control character or inner
            whitespace; the message names ``what`` but never shows the value.
    """
    cleaned = value.strip()
    if not cleaned:
        raise ConfigurationError(f"{what} is empty")
    problem = credential_problem(cleaned)
    if problem is not None:
        raise ConfigurationError(
            f"{what} {problem}, which an HTTP header cannot carry; check how it was copied "
            "(the value is not shown)"
        )
    return cleaned
