"""Checks of numeric arguments shared by options and policies; they raise ``ValueError``."""

from __future__ import annotations

import math
from numbers import Integral, Real

__all__ = ["finite", "integer"]


def _shown(value: object) -> str:
    """A number as is, anything else by its type only (it may be a secret)."""
    return repr(value) if isinstance(value, Real) else type(value).__name__


def finite(name: str, value: object, *, above: float | None = None) -> None:
    """Check that ``value`` is a finite real number (not a bool), greater than ``above``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, Real)
        or not math.isfinite(value)
        or (above is not None and value <= above)
    ):
        bound = "" if above is None else f" > {above:g}"
        raise ValueError(f"{name} must be a finite number{bound}, got {_shown(value)}")


def integer(name: str, value: object, *, minimum: int) -> None:
    """Check that ``value`` is an integer (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {_shown(value)}")
