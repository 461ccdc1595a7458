"""What an ask tool over any provider returns: the answer, its sources, SQL and rows.

The provider's [`ProviderAnswer`][genie_sdk.providers.ProviderAnswer] becomes a
[`ProviderAskOutput`][genie_sdk.integrations.provider_outputs.ProviderAskOutput], truncated by
the same [`ToolLimits`][genie_sdk.integrations.outputs.ToolLimits] as Genie's answers.
"""

from __future__ import annotations

from genie_sdk.errors import GenieError
from genie_sdk.integrations.outputs import ResultPage, ToolLimits, _Output, result_page
from genie_sdk.providers._protocol import ProviderAnswer

__all__ = [
    "ProviderAskOutput",
    "ReferenceOutput",
    "provider_ask_description",
    "provider_error_text",
    "provider_markdown",
    "provider_output",
]

_NAMES = {
    "genie": "Databricks Genie",
    "agent_mode": "Databricks Genie (agent mode)",
    "genie_one": "Databricks Genie One",
    "secoda": "Secoda AI",
    "workato": "a Workato genie",
}


class ReferenceOutput(_Output):
    """A source the answer cites."""

    title: str | None = None
    """What the source is called."""
    id: str | None = None
    """The provider's id of the source."""
    kind: str | None = None
    """What sort of source it is, as the provider says (``table``, ``dashboard``...)."""
    url: str | None = None
    """Where to read it, when the provider gives a link."""


class ProviderAskOutput(_Output):
    """A provider's answer to one question, the same shape whichever provider answered."""

    provider: str
    """Which provider answered (``genie``, ``secoda``, ``workato``...)."""
    conversation_id: str | None = None
    """Pass it back to follow up in the same conversation (for Secoda: the last prompt id)."""
    ids: dict[str, str | None] = {}
    """What identifies the answer at the provider (e.g. ``conversation_id``, ``response_id``)."""
    text: str | None = None
    """The answer text (Markdown for most providers)."""
    references: list[ReferenceOutput] = []
    """The sources the answer cites."""
    sql: str | None = None
    """The SQL that computed the answer, when the provider wrote one."""
    result: ResultPage | None = None
    """The first rows of that SQL's result, with exact values, when the provider returns them."""
    truncated: bool = False
    """Whether ``result`` holds fewer rows than the query returned."""
    suggested_questions: list[str] = []
    """Questions the provider suggests asking next."""


def provider_output(answer: ProviderAnswer, limits: ToolLimits) -> ProviderAskOutput:
    """Build the tool output of a provider's ``answer``: text, references, SQL, first rows."""
    page = result_page(answer.result, 0, limits) if answer.result is not None else None
    return ProviderAskOutput(
        provider=answer.provider,
        conversation_id=answer.conversation,
        ids=answer.ids._asdict() if answer.ids is not None else {},
        text=answer.text,
        references=[
            ReferenceOutput(title=r.title, id=r.id, kind=r.kind, url=r.url)
            for r in answer.references
        ],
        sql=answer.sql,
        result=page,
        truncated=page is not None and (page.next_offset is not None or page.server_truncated),
        suggested_questions=answer.suggested_questions,
    )


def provider_markdown(output: ProviderAskOutput) -> str:
    """Render a provider's answer for a model to read: text, sources, SQL, table, the handle."""
    parts = [output.text or f"({provider_name(output.provider)} gave no answer text)"]
    if output.references:
        parts.append("Sources:\n" + "\n".join(_reference_line(r) for r in output.references))
    if output.sql:
        parts.append(f"SQL:\n```sql\n{output.sql}\n```")
    if output.result is not None:
        parts.append(output.result.markdown)
    if output.suggested_questions:
        parts.append("Suggested follow-ups: " + "; ".join(output.suggested_questions))
    if output.conversation_id:
        parts.append(f"conversation_id: {output.conversation_id}")
    return "\n\n".join(parts)


def provider_name(provider: str) -> str:
    """The provider's name as a model reads it."""
    return _NAMES.get(provider, provider)


def provider_ask_description(provider: str) -> str:
    """What a model reads about an ask tool answering through ``provider``."""
    return (
        f"Ask {provider_name(provider)} a question in plain language about your data. It "
        "returns the answer text, the sources it cites, any SQL and rows, and a "
        "conversation_id. To follow up on an answer, pass its conversation_id and ask only the "
        "new question; omit conversation_id to start a new conversation."
    )


def provider_error_text(provider: str, error: GenieError | ValueError) -> str:
    """Say why a question has no answer, in words a model can act on."""
    name = provider_name(provider)
    if not isinstance(error, GenieError):
        return f"{name} was not asked: {error}"
    return f"{name} could not answer: {error}"


def _reference_line(reference: ReferenceOutput) -> str:
    name = reference.title or reference.id or reference.url or "?"
    kind = f" ({reference.kind})" if reference.kind else ""
    link = f" <{reference.url}>" if reference.url and reference.url != name else ""
    return f"- {name}{kind}{link}"
