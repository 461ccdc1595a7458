"""The simulated Secoda AI API: prompts that move PENDING → RUNNING → COMPLETED, one step per
poll, follow-ups by ``parent``, feedback, and description generation (one prompt, or a
background job whose progress grows by half per poll)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from genie_sdk.simulator.domain.clock import SimClock
from genie_sdk.simulator.domain.ids import new_secret
from genie_sdk.simulator.domain.providers import ProviderError

__all__ = ["SecodaPrompt", "SecodaRule", "SecodaWorld"]

_STAGES = ("PENDING", "RUNNING")
_CATALOG = (
    {"id": "table-customers", "title": "customers", "type": "table"},
    {"id": "table-orders", "title": "orders", "type": "table"},
)
_DEFAULT_TEXT = (
    "I found tables with customer information: **customers** (one row per customer) and "
    "**orders** (one row per order, with its customer)."
)


@dataclass(frozen=True)
class SecodaRule:
    """How prompts matching ``pattern`` are answered (or failed, with ``fail_logs``)."""

    pattern: re.Pattern[str]
    text: str
    references: tuple[dict[str, Any], ...] = ()
    fail_logs: Any = None


@dataclass
class SecodaPrompt:
    """One prompt: its text, where it is in its life, and its answer once complete."""

    id: str
    prompt: str
    parent: str | None
    user_generated: bool
    created: float
    updated: float
    rule: SecodaRule
    stage: int = 0
    persona_id: str | None = None
    feedback: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The prompt's status now."""
        if self.stage < len(_STAGES):
            return _STAGES[self.stage]
        return "FAILED" if self.rule.fail_logs is not None else "COMPLETED"


@dataclass
class SecodaJob:
    """A bulk generation job."""

    id: str
    field: str
    entity_ids: list[str]
    created: float
    updated: float
    progress: int = 0


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SecodaWorld:
    """Every prompt, job and piece of feedback of the simulated Secoda workspace.

    ``status_case`` ``"lower"`` sends statuses in lower case (a tolerant client must not care).
    """

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.api_key = new_secret("secoda_")
        self.status_case = "upper"
        self.rules: list[SecodaRule] = []
        self.prompts: dict[str, SecodaPrompt] = {}
        self.jobs: dict[str, SecodaJob] = {}
        self.descriptions: dict[str, str] = {}
        self.prompts_created = 0

    def reset(self) -> None:
        """Forget every prompt, job, rule and piece of feedback."""
        with self.lock:
            self.status_case = "upper"
            self.rules.clear()
            self.prompts.clear()
            self.jobs.clear()
            self.descriptions.clear()
            self.prompts_created = 0

    def add_answer(
        self,
        pattern: str,
        text: str = "",
        *,
        references: tuple[dict[str, Any], ...] = (),
        fail_logs: Any = None,
    ) -> SecodaRule:
        """Answer prompts matching ``pattern`` (regex, any case) with ``text`` and ``references``,
        or fail them with ``fail_logs``."""
        rule = SecodaRule(re.compile(pattern, re.IGNORECASE), text, tuple(references), fail_logs)
        with self.lock:
            self.rules.append(rule)
        return rule

    def _rule(self, prompt: str) -> SecodaRule:
        for rule in self.rules:
            if rule.pattern.search(prompt):
                return rule
        return SecodaRule(re.compile(""), _DEFAULT_TEXT, _CATALOG)

    def create(
        self,
        prompt: str,
        *,
        parent: str | None,
        user_generated: bool = True,
        persona_id: str | None = None,
        rule: SecodaRule | None = None,
    ) -> dict[str, Any]:
        """Create a prompt and return it as JSON (``PENDING``)."""
        with self.lock:
            if parent is not None and parent not in self.prompts:
                raise ProviderError(400, f"Parent prompt {parent} does not exist.")
            now = self.clock.now()
            record = SecodaPrompt(
                new_secret(),
                prompt,
                parent,
                user_generated,
                now,
                now,
                rule or self._rule(prompt),
                persona_id=persona_id,
            )
            self.prompts[record.id] = record
            self.prompts_created += 1
            return self.prompt_json(record)

    def poll(self, prompt_id: str) -> dict[str, Any]:
        """Return a prompt as JSON, then move it one step on."""
        with self.lock:
            record = self._prompt(prompt_id)
            body = self.prompt_json(record)
            if record.stage < len(_STAGES):
                record.stage += 1
                record.updated = self.clock.now()
            return body

    def feedback(self, prompt_id: str, is_helpful: Any, text: Any) -> None:
        """Record feedback on a prompt."""
        if not isinstance(is_helpful, bool):
            raise ProviderError(400, "is_helpful: a boolean is required.")
        if text is not None and not isinstance(text, str):
            raise ProviderError(400, "feedback: must be a string.")
        with self.lock:
            self._prompt(prompt_id).feedback.append({"is_helpful": is_helpful, "feedback": text})

    def generate(self, field_name: Any, entity_ids: Any, bulk: Any) -> dict[str, Any]:
        """Start generating ``field_name`` for entities: one prompt, or a background job."""
        if field_name not in ("description", "definition"):
            raise ProviderError(400, "field: must be 'description' or 'definition'.")
        if not isinstance(entity_ids, list) or not entity_ids:
            raise ProviderError(400, "entity_ids: a non-empty list is required.")
        if not all(isinstance(e, str) and e for e in entity_ids):
            raise ProviderError(400, "entity_ids: every id must be a non-empty string.")
        if not bulk:
            if len(entity_ids) != 1:
                raise ProviderError(400, "entity_ids: one entity unless bulk_generate is true.")
            text = f"The {field_name} of {entity_ids[0]}, written by Secoda AI."
            rule = SecodaRule(re.compile(""), text)
            prompt = self.create(
                "Write a concise and informative description",
                parent=None,
                user_generated=False,
                rule=rule,
            )
            with self.lock:
                self.descriptions[entity_ids[0]] = text
            return {"job_id": prompt["id"]}
        with self.lock:
            now = self.clock.now()
            job = SecodaJob(new_secret(), field_name, list(entity_ids), now, now)
            self.jobs[job.id] = job
            return {"job_id": job.id}

    def poll_job(self, job_id: str) -> dict[str, Any]:
        """Return a background job as JSON, then move it on by half."""
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None:
                raise ProviderError(404, "Not found.")
            body = self.job_json(job)
            if job.progress < 100:
                job.progress += 50
                job.updated = self.clock.now()
                if job.progress >= 100:
                    for entity_id in job.entity_ids:
                        self.descriptions[entity_id] = f"The {job.field} of {entity_id}."
            return body

    def _prompt(self, prompt_id: str) -> SecodaPrompt:
        record = self.prompts.get(prompt_id)
        if record is None:
            raise ProviderError(404, "Not found.")
        return record

    def _case(self, status: str) -> str:
        return status.lower() if self.status_case == "lower" else status

    def prompt_json(self, record: SecodaPrompt) -> dict[str, Any]:
        """The ``EmbeddedPrompt`` object."""
        status = record.status
        response = None
        if status == "COMPLETED":
            response = {"content": record.rule.text, "references": list(record.rule.references)}
        return {
            "id": record.id,
            "title": record.prompt[:60],
            "prompt": record.prompt,
            "status": self._case(status),
            "response": response,
            "logs": record.rule.fail_logs if status == "FAILED" else None,
            "parent": record.parent,
            "user": {"id": "user-1", "email": "analyst@example.com", "full_name": "Ana Lyst"},
            "created_at": _iso(record.created),
            "updated_at": _iso(record.updated),
            "user_generated": record.user_generated,
            "persona": record.persona_id,
            "shared_globally": False,
            "children": [p.id for p in self.prompts.values() if p.parent == record.id],
        }

    def job_json(self, job: SecodaJob) -> dict[str, Any]:
        """The ``BackgroundJob`` object."""
        done = job.progress >= 100
        status = "COMPLETED" if done else "RUNNING" if job.progress else "PENDING"
        return {
            "id": job.id,
            "title": f"Bulk AI metadata generation for {job.field}",
            "status": self._case(status),
            "progress": job.progress,
            "created_at": _iso(job.created),
            "updated_at": _iso(job.updated),
            "logs": f"Successfully generated descriptions for {len(job.entity_ids)} entities"
            if done
            else None,
        }
