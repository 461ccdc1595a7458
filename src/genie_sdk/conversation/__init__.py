"""The conversation helper: plans (ask, poll, fetch, re-execute, download), runners and jobs."""
