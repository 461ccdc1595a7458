"""Import an optional dependency lazily, naming the extra that installs it when it is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["require"]


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
