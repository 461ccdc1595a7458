"""Real SQL for the simulator: the demo dataset in DuckDB, Databricks types and value encodings."""
