"""Helpers the test packages share: clients of either kind, fake clocks, the mocked workspace."""
