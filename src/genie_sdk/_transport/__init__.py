"""The request pipeline: calls are built, sent with retries, and decoded here.

Everything but :mod:`.senders` is free of I/O: :mod:`.call` describes a request and how to decode
its answer, :mod:`.request` turns it into an ``httpx.Request``, :mod:`.retry` decides whether and
when to try again, :mod:`.errors` maps error responses to exceptions and :mod:`.decode` turns a
response into a typed value. :mod:`.senders` holds the two thin drivers that do the sending.
"""
