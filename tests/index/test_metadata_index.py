"""MetadataIndex without a server: arguments, schema versions, odd queries, the agents source."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel

from genie_sdk._core.calls import Page
from genie_sdk.index import SCHEMA_VERSION, MetadataIndex
from genie_sdk.index.search import match_expression


@pytest.fixture
def index(tmp_path: Path) -> Any:
    with MetadataIndex.open(tmp_path / "index.db") as opened:
        yield opened


class Unused:
    """A client that fails the test if the index sends anything."""

    host = "https://example.com"

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"client.{name} used")


@pytest.mark.parametrize(
    "options",
    [
        {"include": ["spaces", "notebooks"]},
        {"concurrency": 0},
        {"concurrency": True},
        {"max_rps": 0},
        {"max_rps": -1.0},
    ],
)
def test_bad_update_arguments_raise_before_any_request(
    index: MetadataIndex, options: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        index.update(Unused(), **options)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "options",
    [
        {"kinds": ["notebook"]},
        {"limit": 0},
        {"principal": ""},
        {"principal": []},
        {"principal": ["a", ""]},
    ],
)
def test_bad_search_arguments_raise(index: MetadataIndex, options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        index.search("sales", **options)


@pytest.mark.parametrize(
    "text", ["", "   ", "what is the", '"', "*", "AND OR NOT", "NEAR(", "sales\x00"]
)
def test_any_text_is_a_safe_query(index: MetadataIndex, text: str) -> None:
    assert index.search(text) == []


def test_query_words_are_quoted_and_joined_with_or() -> None:
    assert match_expression('Revenue by "region" AND*') == '"revenue" OR "region"'
    assert match_expression("the of") is None


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(ValueError, match="schema"):
        MetadataIndex.open(path)


def test_the_schema_version_is_stored(index: MetadataIndex) -> None:
    db = sqlite3.connect(index.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    assert index.status().schema_version == SCHEMA_VERSION
    assert "assets" in index.tables
    with pytest.raises(ValueError):
        index.table("sqlite_master")


class FakePager:
    def __init__(self, items: list[Any]) -> None:
        self.items = items

    async def pages(self) -> Any:
        yield Page(items=self.items)


class FakeAgent(BaseModel):
    name: str
    display_name: str
    description: str
    warehouse_id: str
    etag: str
    create_time: str
    update_time: str


def agents_client() -> Any:
    agent = FakeAgent(
        name="agents/" + "a" * 32,
        display_name="Churn agent",
        description="Why customers leave",
        warehouse_id="w",
        etag="e1",
        create_time="2026-01-01T00:00:00Z",
        update_time="2026-01-02T00:00:00Z",
    )
    definition = SimpleNamespace(
        model_dump=lambda **_: {
            "data_sources": {"tables": [{"identifier": "main.crm.churn"}]},
            "config": {"sample_questions": [{"id": "q", "question": ["Who churned last month?"]}]},
        }
    )

    async def get(agent_id: str) -> Any:
        assert agent_id == "a" * 32
        return SimpleNamespace(definition=definition)

    async def unused(*_: Any) -> Any:
        raise AssertionError("spaces are not crawled here")

    return SimpleNamespace(
        host="https://example.com",
        spaces=SimpleNamespace(get=unused),
        agents=SimpleNamespace(list=lambda page_token=None: FakePager([agent]), get=get),
    )


def test_genie_agents_are_crawled_when_the_client_has_them(index: MetadataIndex) -> None:
    run = asyncio.run(index.update(agents_client(), include=["agents"]))  # type: ignore[call-overload]
    assert (run.listed, run.fetched, run.failed) == (1, 1, 0)
    [asset] = index.table("assets")
    assert (asset["kind"], asset["title"], asset["link"]) == (
        "agent",
        "Churn agent",
        "https://example.com/genie/rooms/" + "a" * 32,
    )
    assert [r["table_name"] for r in index.table("asset_tables")] == ["main.crm.churn"]
    assert index.route("who churned")  # an agent can answer questions too


def test_a_client_without_agents_skips_that_source(index: MetadataIndex) -> None:
    client = SimpleNamespace(host="h", spaces=SimpleNamespace(get=lambda *_: None))
    run = index.update(client, include=["agents"])  # type: ignore[call-overload]
    assert (run.listed, run.requests) == (0, 0)
    assert index.status().last_run["status"] == "finished"


def test_a_sync_update_works_inside_a_running_event_loop(index: MetadataIndex) -> None:
    client = SimpleNamespace(host="h", spaces=SimpleNamespace(get=lambda *_: None))

    async def in_a_notebook_cell() -> Any:
        return index.update(client, include=["agents"])  # type: ignore[call-overload]

    assert asyncio.run(in_a_notebook_cell()).run_id == 1
