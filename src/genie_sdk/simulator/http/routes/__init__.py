"""HTTP routes of the simulated Genie API, one module per area."""
