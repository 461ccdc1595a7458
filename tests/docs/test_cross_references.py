"""Docstrings cross-reference in Markdown: mkdocstrings prints reST roles literally."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "genie_sdk"
CHECKED = sorted(PACKAGE.rglob("*.py"))
REST_ROLE = re.compile(r":(?:class|meth|func|mod|data|attr|exc|obj):`")


@pytest.mark.parametrize("path", CHECKED, ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_no_rest_roles(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()

    roles = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(lines, 1)
        if REST_ROLE.search(line)
    ]

    assert not roles, "use [`Name`][genie_sdk.module.Name] instead:\n" + "\n".join(roles)
