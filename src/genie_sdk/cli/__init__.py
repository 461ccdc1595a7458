"""The ``genie`` command line (needs the ``cli`` extra: ``pip install "genie-sdk[cli]"``)."""

from __future__ import annotations

import sys

__all__ = ["main"]

_CLI_PACKAGES = frozenset({"typer", "rich", "click"})


def main() -> None:
    """Run the ``genie`` command."""
    try:
        from genie_sdk.cli.app import app
    except ImportError as exc:
        if exc.name not in _CLI_PACKAGES:
            raise
        sys.stderr.write(
            f'genie: the command line needs {exc.name}: pip install "genie-sdk[cli]"\n'
        )
        raise SystemExit(2) from None
    app(prog_name="genie")
