"""The simulator's HTTP side: the ASGI app, its gateway middleware, routes, OAuth and the server.

It drives `genie_sdk.simulator.domain`; nothing below imports from here.
"""
