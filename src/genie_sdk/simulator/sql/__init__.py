"""Real SQL for the simulator: DuckDB execution, Databricks types and value encodings."""
