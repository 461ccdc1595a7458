"""The official Databricks SDK runs unchanged against the simulator with a PAT."""

from __future__ import annotations

import pytest

from genie_sdk.simulator import GenieSimulator

sdk = pytest.importorskip("databricks.sdk")
dashboards = pytest.importorskip("databricks.sdk.service.dashboards")


@pytest.fixture
def workspace(sim: GenieSimulator, monkeypatch: pytest.MonkeyPatch) -> object:
    for name in ("DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CONFIG_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    sim.settings.steps_per_poll = 10
    return sdk.WorkspaceClient(host=sim.url, token=sim.token, auth_type="pat")


def test_databricks_sdk_conversation(sim: GenieSimulator, workspace: object) -> None:
    genie = workspace.genie  # type: ignore[attr-defined]
    message = genie.start_conversation_and_wait(sim.space_id, "What are the top 5 products?")
    assert message.status == dashboards.MessageStatus.COMPLETED
    query = next(a for a in message.attachments if a.query is not None)
    assert query.query.query_result_metadata.row_count == 5
    result = genie.get_message_attachment_query_result(
        sim.space_id, message.conversation_id, message.message_id, query.attachment_id
    )
    statement = result.statement_response
    assert statement.status.state.value == "SUCCEEDED"
    assert statement.manifest.schema.columns[0].name == "product_name"
    assert len(statement.result.data_array) == 5
    same = genie.get_message_query_result_by_attachment(
        sim.space_id, message.conversation_id, message.message_id, query.attachment_id
    )
    assert same.statement_response.statement_id == statement.statement_id

    follow_up = genie.create_message_and_wait(sim.space_id, message.conversation_id, "just 2024")
    assert follow_up.status == dashboards.MessageStatus.COMPLETED
    assert "2024" in follow_up.attachments[0].query.query

    spaces = genie.list_spaces()
    assert sim.space_id in [s.space_id for s in spaces.spaces]
    conversations = genie.list_conversations(sim.space_id)
    assert [c.conversation_id for c in conversations.conversations] == [message.conversation_id]
    space = genie.get_space(sim.space_id, include_serialized_space=True)
    assert space.serialized_space
    messages = genie.list_conversation_messages(sim.space_id, message.conversation_id)
    assert len(messages.messages) == 2


def test_databricks_sdk_downloads_and_feedback(sim: GenieSimulator, workspace: object) -> None:
    genie = workspace.genie  # type: ignore[attr-defined]
    message = genie.start_conversation_and_wait(sim.space_id, "show all sales")
    attachment_id = message.attachments[0].attachment_id
    handle = genie.generate_download_full_query_result(
        sim.space_id, message.conversation_id, message.message_id, attachment_id
    )
    for _ in range(3):
        download = genie.get_download_full_query_result(
            sim.space_id,
            message.conversation_id,
            message.message_id,
            attachment_id,
            handle.download_id,
            handle.download_id_signature,
        )
    links = download.statement_response.result.external_links
    assert sum(link.row_count for link in links) == 21_000
    genie.send_message_feedback(
        sim.space_id,
        message.conversation_id,
        message.message_id,
        dashboards.GenieFeedbackRating.POSITIVE,
    )
    comment = genie.create_message_comment(
        sim.space_id, message.conversation_id, message.message_id, "nice"
    )
    assert comment.content == "nice"
    run = genie.genie_create_eval_run(sim.space_id)
    assert run.eval_run_status.value == "NOT_STARTED"
