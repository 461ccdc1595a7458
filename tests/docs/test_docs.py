"""The documentation site builds without a warning and shows what the code documents."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from genie_sdk import models

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    site_dir = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


def test_mkdocs_build_is_strict_clean(site: Path) -> None:
    assert (site / "reference" / "client" / "index.html").exists()
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Keep a Changelog" in changelog


def rendered_text(page: str, identifier: str) -> str:
    """The text of the object ``identifier`` on ``page``, up to the next object's heading."""
    start = page.find(f'id="{identifier}"')
    assert start != -1, f"{identifier} is not on the page"
    following = re.compile(r"<h[1-6][ >]").search(page, start)
    section = re.sub(r"<[^>]+>", "", page[start : following.start() if following else None])
    return " ".join(html.unescape(section).split())


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (models.Message, "status"),
        (models.Space, "space_id"),
        (models.ResultManifest, "schema_"),
        (models.ExternalLink, "external_link"),
        (models.SendMessageRequest, "content"),
    ],
)
def test_models_page_shows_field_docstrings(
    site: Path, model: type[pydantic.BaseModel], field: str
) -> None:
    page = (site / "reference" / "models" / "index.html").read_text(encoding="utf-8")
    description = model.model_fields[field].description
    assert description

    text = rendered_text(page, f"genie_sdk.models.{model.__name__}.{field}")

    assert "pydantic-field" in text
    assert description.replace("``", "") in text


def _surface() -> list[tuple[str, type]]:
    import genie_sdk
    from genie_sdk._sync import resources

    classes = [
        "GenieClient", "AsyncGenieClient", "Answer", "AsyncAnswer",
        "Conversation", "AsyncConversation", "Pager", "AsyncPager",
    ]  # fmt: skip
    found = [(f"genie_sdk.{name}", getattr(genie_sdk, name)) for name in classes]
    found += [
        (f"genie_sdk._sync.resources.{name}", getattr(resources, name))
        for name in resources.__all__
    ]
    return found


@pytest.mark.parametrize(("path", "cls"), _surface(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_method_has_a_reference_entry(site: Path, path: str, cls: type) -> None:
    pages = "".join(
        (site / "reference" / page / "index.html").read_text(encoding="utf-8")
        for page in ("client", "resources")
    )
    methods = [n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")]
    assert methods
    missing = [n for n in methods if f'id="{path}.{n}"' not in pages]
    assert not missing, missing
