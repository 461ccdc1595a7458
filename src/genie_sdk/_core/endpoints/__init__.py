"""Endpoint builders: one pure function per API endpoint, returning the `Call` to send.

Each builder checks its arguments (``ValueError`` before any request) and describes the request
and how to decode its answer; the clients' resource methods send what the builders return.
"""
