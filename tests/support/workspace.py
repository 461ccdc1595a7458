"""The workspace that respx-mocked tests talk to."""

HOST = "https://example.cloud.databricks.com"
API = HOST + "/api/2.0/genie"
