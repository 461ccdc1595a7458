"""The pure core: every decision of the SDK, with no I/O.

A request starts as a `Call` (`calls`), built by an endpoint builder (`endpoints`) that checks its
arguments; `requests` turns it into an `httpx.Request`, `retry` decides whether and when to try
again, `deadline` bounds the time of each request and `body` the size of its answer,
`error_mapping` maps error responses to typed exceptions and `decoding` turns a response into a
typed value. Conversations are plans (`plans`, `downloads`, `pages`): generators of steps
(`steps`) that ask, poll on the schedule of `polling`, read statuses through the tables of
`status` and report `events`. The I/O layer (`genie_sdk._io`) performs the steps.
"""
