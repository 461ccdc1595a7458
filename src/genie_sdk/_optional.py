"""Import an optional dependency lazily, naming the extra that installs it when it is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["EXTRAS", "require", "require_extra"]

EXTRAS: dict[str, tuple[str, ...]] = {
    "arrow": ("pyarrow",),
    "pandas": ("pandas", "pyarrow"),
    "polars": ("polars", "pyarrow"),
    "spaces": ("yaml", "sqlglot"),
}
"""The modules each extra of ``pyproject.toml`` installs, for the features that need them."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` for ``feature``.

    Raises:
        ImportError: The module is not installed; the message says which extra to install.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.partition(".")[0]
        raise ImportError(
            f'{feature} needs {package}, which is not installed: pip install "genie-sdk[{extra}]"'
        ) from error


def require_extra(extra: str, feature: str) -> None:
    """Import every module of ``extra`` for ``feature``, so a missing one names that extra.

    Raises:
        ImportError: A module of the extra is not installed; the message names the extra.
    """
    for module in EXTRAS[extra]:
        require(module, extra, feature)
