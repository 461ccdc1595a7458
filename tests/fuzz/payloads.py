"""Well-formed API responses, the seeds the fuzzer mutates."""

from __future__ import annotations

from typing import Any

S, C, M, A = "s1", "c1", "m1", "a1"

COLUMNS = [
    {"name": "region", "position": 0, "type_name": "STRING", "type_text": "STRING"},
    {"name": "total", "position": 1, "type_name": "DECIMAL", "type_text": "DECIMAL(12,2)"},
    {"name": "orders", "position": 2, "type_name": "LONG", "type_text": "BIGINT"},
    {"name": "ratio", "position": 3, "type_name": "DOUBLE", "type_text": "DOUBLE"},
    {"name": "day", "position": 4, "type_name": "DATE", "type_text": "DATE"},
    {"name": "at", "position": 5, "type_name": "TIMESTAMP", "type_text": "TIMESTAMP"},
    {"name": "ok", "position": 6, "type_name": "BOOLEAN", "type_text": "BOOLEAN"},
    {"name": "tags", "position": 7, "type_name": "ARRAY", "type_text": "ARRAY<INT>"},
    {"name": "raw", "position": 8, "type_name": "BINARY", "type_text": "BINARY"},
]
ROW = ["EMEA", "1234.50", "42", "NaN", "2024-02-29", "2024-02-29T10:00:00.123Z", "true", "[1,2]"]
ROW += ["aGVsbG8="]

STATEMENT: dict[str, Any] = {
    "statement_id": "st1",
    "status": {"state": "SUCCEEDED"},
    "manifest": {
        "format": "JSON_ARRAY",
        "schema": {"column_count": len(COLUMNS), "columns": COLUMNS},
        "total_row_count": 2,
        "total_chunk_count": 1,
        "chunks": [{"chunk_index": 0, "row_offset": 0, "row_count": 2}],
        "truncated": False,
    },
    "result": {
        "chunk_index": 0,
        "row_offset": 0,
        "row_count": 2,
        "data_array": [ROW, [None] * len(COLUMNS)],
    },
}
TYPED_STATEMENT: dict[str, Any] = {
    **STATEMENT,
    "result": {
        "row_count": 2,
        "data_typed_array": [
            {"values": [{"str": value} for value in ROW]},
            {"values": [{} for _ in ROW]},
        ],
    },
}
QUERY_RESULT = {"statement_response": STATEMENT}
TYPED_QUERY_RESULT = {"statement_response": TYPED_STATEMENT}

MESSAGE: dict[str, Any] = {
    "id": M,
    "message_id": M,
    "space_id": S,
    "conversation_id": C,
    "user_id": 1,
    "content": "total sales by region",
    "status": "COMPLETED",
    "created_timestamp": 1_700_000_000_000,
    "last_updated_timestamp": 1_700_000_001_000,
    "attachments": [
        {
            "attachment_id": A,
            "query": {
                "id": A,
                "title": "Sales by region",
                "description": "Sum of sales per region.",
                "query": "SELECT region, SUM(amount) AS total FROM sales GROUP BY region",
                "statement_id": "st1",
                "query_result_metadata": {"row_count": 2, "is_truncated": False},
                "parameters": [{"keyword": "year", "sql_type": "INT", "value": "2024"}],
                "thoughts": [{"content": "Group by region.", "thought_type": "DESCRIPTION"}],
            },
        },
        {"attachment_id": "t1", "text": {"id": "t1", "content": "EMEA leads."}},
        {"attachment_id": "v1", "viz": {"query_attachment_id": A, "title": "Chart"}},
        {"attachment_id": "q1", "suggested_questions": {"questions": ["Only 2024?"]}},
    ],
    "error": None,
    "feedback": {"rating": "NONE"},
    "query_result": {"statement_id": "st1", "row_count": 2, "is_truncated": False},
}
SUBMITTED = {**MESSAGE, "status": "SUBMITTED", "attachments": None}
FAILED = {
    **MESSAGE,
    "status": "FAILED",
    "error": {"error": "no", "type": "SQL_EXECUTION_EXCEPTION"},
}

CONVERSATION = {
    "id": C,
    "conversation_id": C,
    "space_id": S,
    "title": "total sales by region",
    "user_id": 1,
    "created_timestamp": 1_700_000_000_000,
}
STARTED = {
    "conversation_id": C,
    "message_id": M,
    "conversation": CONVERSATION,
    "message": SUBMITTED,
}

SPACE = {
    "space_id": S,
    "title": "Retail",
    "description": "Sales data",
    "warehouse_id": "w1",
    "parent_path": "/Users/me",
    "etag": "e1",
    "serialized_space": '{"version": 1}',
}
COMMENT = {
    "message_comment_id": "k1",
    "space_id": S,
    "conversation_id": C,
    "message_id": M,
    "content": "Looks right",
    "user_id": 1,
    "created_timestamp": 1_700_000_000_000,
}
EVAL_RUN = {
    "eval_run_id": "r1",
    "eval_run_status": "DONE",
    "num_questions": 3,
    "num_done": 3,
    "num_correct": 2,
    "num_needs_review": 1,
    "created_timestamp": 1_700_000_000_000,
}
EVAL_RESULT = {
    "result_id": "x1",
    "space_id": S,
    "benchmark_question_id": "b1",
    "question": "How many customers?",
    "status": "DONE",
}
EVAL_DETAILS = {
    **EVAL_RESULT,
    "assessment": "GOOD",
    "assessment_reasons": ["RESULT_MATCHES"],
    "expected_response": [{"response": "SELECT 1", "response_type": "SQL"}],
    "actual_response": [
        {"response": "SELECT 1", "response_type": "SQL", "sql_execution_result": STATEMENT}
    ],
}
HANDLE = {"download_id": "d1", "download_id_signature": "sig1"}
LINK = {
    "external_link": "https://storage.example.com/d1/0?sig=abc",
    "expiration": "2030-01-01T00:00:00Z",
    "http_headers": {"x-ms-blob-type": "BlockBlob"},
    "chunk_index": 0,
    "row_offset": 0,
    "row_count": 2,
}
DOWNLOAD_DONE = {
    "statement_response": {**STATEMENT, "result": {"external_links": [LINK]}},
}
CHUNK = b'[["EMEA","1234.50","42","NaN","2024-02-29","2024-02-29T10:00:00Z","true","[1]","aGk="]]'
CSV_CHUNK = (
    b"region,total,orders,ratio,day,at,ok,tags,raw\r\n"
    b'EMEA,1234.50,42,NaN,2024-02-29,2024-02-29T10:00:00Z,true,"[1,2]",aGk=\r\n'
)


def arrow_chunk() -> bytes:
    """One row of :data:`COLUMNS` as an Arrow IPC stream."""
    import datetime as dt
    import decimal
    import io

    import pyarrow as pa

    table = pa.table(
        {
            "region": pa.array(["EMEA"]),
            "total": pa.array([decimal.Decimal("1234.50")], pa.decimal128(12, 2)),
            "orders": pa.array([42], pa.int64()),
            "ratio": pa.array([float("nan")]),
            "day": pa.array([dt.date(2024, 2, 29)]),
            "at": pa.array(
                [dt.datetime(2024, 2, 29, 10, tzinfo=dt.timezone.utc)], pa.timestamp("us", "UTC")
            ),
            "ok": pa.array([True]),
            "tags": pa.array([[1, 2]], pa.list_(pa.int32())),
            "raw": pa.array([b"hi"]),
        }
    )
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def page(field: str, item: dict[str, Any]) -> dict[str, Any]:
    """A listing page with one item and a next page token."""
    return {field: [item], "next_page_token": "p2"}
