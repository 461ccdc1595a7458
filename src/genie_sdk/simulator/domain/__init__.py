"""The simulation itself: workspace state, message lifecycle, answer rules, downloads, evals.

Free of HTTP: it reads `genie_sdk.simulator.sql` and is driven by
`genie_sdk.simulator.http`.
"""
