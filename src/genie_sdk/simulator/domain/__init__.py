"""The simulation itself: workspace state, message lifecycle, answer rules, downloads, evals.

Free of HTTP: it reads :mod:`genie_sdk.simulator.sql` and is driven by
:mod:`genie_sdk.simulator.http`.
"""
