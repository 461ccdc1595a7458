"""The I/O layer: senders (httpx), runners that drive plans, file sinks, concurrency.

Everything here sends, sleeps, awaits or writes; every decision is made in `genie_sdk._core`.
"""
