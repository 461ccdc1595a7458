"""A space as code: its typed definition with title, description and warehouse, as YAML or JSON."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from genie_sdk._core.space_diff import SpaceDiff, diff_definitions
from genie_sdk._optional import require
from genie_sdk.errors import DefinitionError
from genie_sdk.models import (
    GenieAgentBenchmarkAnswer,
    GenieAgentBenchmarkAnswerFormat,
    GenieAgentBenchmarkQuestion,
    GenieAgentBenchmarks,
    GenieAgentDefinition,
    GenieModel,
    Space,
)

__all__ = ["SpaceDefinition"]

_META = ("title", "description", "warehouse_id", "etag")


class SpaceDefinition(GenieModel):
    """Everything that makes a space, to keep in git, review, diff, push and clone.

    ``definition`` is the parsed ``serialized_space``: the same typed tree as a Genie Agent's
    definition ([`GenieAgentDefinition`][genie_sdk.models.GenieAgentDefinition]).
    """

    title: str = ""
    """Title of the space."""
    description: str | None = None
    """Description of the space."""
    warehouse_id: str | None = None
    """Id of the SQL warehouse the space runs on."""
    etag: str | None = None
    """The space's etag when it was exported: a push checks the space has not changed since."""
    definition: GenieAgentDefinition = GenieAgentDefinition()
    """Tables, instructions, example SQL, sample questions and benchmarks."""

    @classmethod
    def from_space(cls, space: Space) -> SpaceDefinition:
        """Read a space fetched with ``include_serialized_space=True``.

        Raises:
            DefinitionError: the space carries no definition, or one that does not parse.
        """
        if not space.serialized_space:
            raise DefinitionError(
                f"space {space.space_id} came without serialized_space "
                "(get it with include_serialized_space=True, which needs CAN EDIT)"
            )
        try:
            tree = GenieAgentDefinition.from_serialized_space(space.serialized_space)
        except ValueError as error:
            raise DefinitionError(str(error), source=f"space {space.space_id}") from None
        return cls(
            title=space.title,
            description=space.description,
            warehouse_id=space.warehouse_id,
            etag=space.etag,
            definition=tree,
        )

    def to_serialized_space(self) -> str:
        """The definition as the ``serialized_space`` JSON string the spaces API takes."""
        return self.definition.to_serialized_space()

    def to_data(self) -> dict[str, Any]:
        """Plain data in review order: metadata, then the definition as the service sorts it."""
        data: dict[str, Any] = {
            name: getattr(self, name) for name in _META if getattr(self, name) is not None
        }
        data["definition"] = self.definition.sorted().to_json()
        return data

    def to_json(self) -> str:
        """The definition as indented JSON text."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"

    def to_yaml(self) -> str:
        """The definition as YAML: keys in a stable order, multi-line text (SQL) as blocks.

        Needs ``pip install "genie-sdk[spaces]"``.
        """
        yaml = require("yaml", "spaces", "SpaceDefinition.to_yaml()")

        class Dumper(yaml.SafeDumper):  # type: ignore[misc,name-defined]
            pass

        def text(dumper: Any, value: str) -> Any:
            style = "|" if "\n" in value else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Dumper.add_representer(str, text)
        dumped: str = yaml.dump(
            self.to_data(), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100
        )
        return dumped

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write to ``path``: JSON for a ``.json`` file, YAML otherwise."""
        target = Path(path)
        text = self.to_json() if target.suffix.lower() == ".json" else self.to_yaml()
        target.write_text(text, encoding="utf-8")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> SpaceDefinition:
        """Read a definition written by `write` (YAML or JSON), checking the service's rules.

        Raises:
            DefinitionError: the file does not parse or breaks a rule; the message names the
                file, the line and the field.
        """
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DefinitionError(f"cannot read the file: {error}", source=source) from None
        return cls.from_text(text, source=source)

    @classmethod
    def from_text(cls, text: str, *, source: str = "<text>") -> SpaceDefinition:
        """Read a definition from YAML or JSON text (see `from_file`)."""
        yaml = require("yaml", "spaces", "SpaceDefinition.from_file()")
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = error.problem or "the text does not parse"
            raise DefinitionError(problem, source=source, line=line) from None
        except yaml.YAMLError as error:
            raise DefinitionError(f"the text does not parse: {error}", source=source) from None
        if not isinstance(data, dict):
            raise DefinitionError("expected a mapping at the top", source=source, line=1)
        unknown = sorted(set(data) - {*_META, "definition"})
        if unknown:
            where = unknown[0]
            raise DefinitionError(
                "unknown key", source=source, line=_line(root, (where,)), field=where
            )
        try:
            found = cls.model_validate(data)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            loc = tuple(first["loc"])
            raise DefinitionError(
                first["msg"], source=source, line=_line(root, loc), field=_dotted(loc)
            ) from None
        problems = found.definition.problems()
        if problems:
            path, _, message = problems[0].partition(": ")
            loc = _parsed(path)
            raise DefinitionError(
                message
                + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""),
                source=source,
                line=_line(root, loc),
                field=path,
            )
        return found

    def diff(self, other: SpaceDefinition) -> SpaceDiff:
        """The changes that turn this definition into ``other``, by item id.

        Key order, whitespace in text and the etag do not count; ``bool(diff)`` is false when
        nothing else differs.
        """
        return diff_definitions(
            self.to_data(), self.definition.to_json(), other.to_data(), other.definition.to_json()
        )

    def with_benchmark(self, question: str, sql: str, *, id: str | None = None) -> SpaceDefinition:
        """A copy with one more benchmark question and its expected SQL.

        Args:
            question: The question.
            sql: The SQL whose result a right answer matches.
            id: The question's id (32 lowercase hex characters); a new random one by default.
        """
        added = GenieAgentBenchmarkQuestion(
            id=id or secrets.token_hex(16),
            question=question,
            answer=[
                GenieAgentBenchmarkAnswer(
                    format=GenieAgentBenchmarkAnswerFormat.GENIE_AGENT_BENCHMARK_ANSWER_FORMAT_SQL,
                    content=sql,
                )
            ],
        )
        current = self.definition.benchmarks
        questions = [*(current.questions if current else ()), added]
        tree = self.definition.model_copy(
            update={"benchmarks": GenieAgentBenchmarks(questions=questions)}
        ).sorted()
        return self.model_copy(update={"definition": tree})


def _dotted(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _parsed(path: str) -> tuple[Any, ...]:
    """``a.b[0].c`` as ``("a", "b", 0, "c")``."""
    loc: list[Any] = []
    for part in path.replace("]", "").split("."):
        name, *indexes = part.split("[")
        if name:
            loc.append(name)
        loc.extend(int(i) for i in indexes if i.isdigit())
    return tuple(loc)


def _line(node: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at ``loc`` (the deepest one found)."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in loc:
        child = None
        if isinstance(step, int) and isinstance(getattr(node, "value", None), list):
            items = node.value
            child = (
                items[step]
                if 0 <= step < len(items) and not isinstance(items[step], tuple)
                else None
            )
        elif isinstance(getattr(node, "value", None), list):
            for pair in node.value:
                if not isinstance(pair, tuple):
                    break
                key, value = pair
                if getattr(key, "value", None) == step:
                    line = key.start_mark.line + 1
                    child = value
                    break
        if child is None:
            return line
        node = child
        line = node.start_mark.line + 1
    return line
