"""The sync public surface, generated from `genie_sdk._async` by `scripts/unasync.py`."""
