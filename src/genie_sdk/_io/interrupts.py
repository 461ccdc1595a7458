"""What stops a caller's stream from outside: Ctrl-C, or the cancellation of its task."""

from __future__ import annotations

import asyncio

__all__ = ["INTERRUPTS"]

INTERRUPTS: tuple[type[BaseException], ...] = (KeyboardInterrupt, asyncio.CancelledError)
