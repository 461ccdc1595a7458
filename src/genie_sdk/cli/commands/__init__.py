"""The ``genie`` subcommands, one module per group."""
