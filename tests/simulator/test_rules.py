"""The demo rules: which questions they answer, and matching in time linear in the question."""

from __future__ import annotations

import time

import pytest

from genie_sdk.simulator.domain.rules import RuleBook

_FOLLOW_UP_CLARIFICATION = "Which numbers should I limit to"


def _answer(text: str) -> str:
    answer = RuleBook().answer(text, space_id="space", previous_sql=None)
    return answer.title or answer.clarification or answer.text or ""


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("only 2024", 2024),
        ("  and just 2023 please", 2023),
        ("What about 2022?", 2022),
        ("how about the year 2021", 2021),
        ("for 2024 only", 2024),
        ("and in 1999 only", 1999),
    ],
)
def test_year_follow_ups(question: str, year: int) -> None:
    assert _answer(question).startswith(f"{_FOLLOW_UP_CLARIFICATION} {year}")


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("only sales by region", "Total sales by region"),
        ("sales by region for 2024 only", "Total sales by region"),
        ("just the top 3 products", "Top 3 products by revenue"),
        ("only\n2024", None),
    ],
)
def test_not_year_follow_ups(question: str, title: str | None) -> None:
    answered = _answer(question)
    assert not answered.startswith(_FOLLOW_UP_CLARIFICATION)
    if title is not None:
        assert answered == title


@pytest.mark.parametrize("prefix", ["", "top", "only", "and", "region", "what"])
@pytest.mark.parametrize("filler", [" ", "\t", "only ", "2024 ", "region", "top ", "sales by "])
def test_matching_is_linear_in_the_question_length(prefix: str, filler: str) -> None:
    # 50,000 characters: the quadratic patterns this replaced took minutes on some of these.
    text = prefix + (filler * (50_000 // len(filler) + 1))[:50_000]
    started = time.monotonic()
    _answer(text)
    _answer(text + "x")
    assert time.monotonic() - started < 2.0
