"""``python -m genie_sdk.cli``: the ``genie`` command."""

from __future__ import annotations

from genie_sdk.cli import main

main()
