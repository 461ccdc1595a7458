"""The async public surface: the client, its resources, answers, conversations and pagers.

This is the source the sync surface (`genie_sdk._sync`) is generated from.
"""
