"""How the simulator answers questions without an LLM: regex rules mapped to answers."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from genie_sdk.simulator.sql.dataset import CATALOG, SCHEMA

__all__ = ["Question", "Responder", "Rule", "RuleBook", "ScriptedAnswer", "with_year_filter"]


@dataclass(frozen=True)
class ScriptedAnswer:
    """What Genie replies to a question.

    ``sql`` makes a query attachment (and ``earlier_sql`` discarded attempts before it); without
    SQL the reply is ``text`` only. ``clarification`` asks the user back (``FOLLOW_UP_QUESTION``);
    ``error_type`` fails the message; ``cancel`` cancels it.
    """

    sql: str | None = None
    text: str | None = None
    title: str | None = None
    description: str | None = None
    suggested_questions: tuple[str, ...] = ()
    clarification: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    cancel: bool = False
    earlier_sql: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question being answered, with what a responder may need to build its answer."""

    text: str
    match: re.Match[str]
    space_id: str
    previous_sql: str | None
    """SQL of the conversation's latest query attachment, for follow-ups."""


Responder = Callable[[Question], ScriptedAnswer]


@dataclass(frozen=True)
class Rule:
    """Questions matching ``pattern`` (searched, case-insensitive) are answered by ``respond``."""

    pattern: re.Pattern[str]
    respond: Responder
    space_id: str | None = None
    """Only answer in this space (``None``: every space)."""


def _fixed(answer: ScriptedAnswer) -> Responder:
    return lambda _question: answer


def _compile(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    return pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, re.IGNORECASE)


@dataclass
class RuleBook:
    """Rules added by the user (checked first, in order), then the demo rules."""

    custom: list[Rule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(
        self,
        pattern: str | re.Pattern[str],
        answer: ScriptedAnswer | Responder,
        *,
        space_id: str | None = None,
    ) -> Rule:
        """Register a rule; user rules are checked in the order added, before the demo rules."""
        respond = _fixed(answer) if isinstance(answer, ScriptedAnswer) else answer
        rule = Rule(_compile(pattern), respond, space_id)
        with self._lock:
            self.custom.append(rule)
        return rule

    def clear(self) -> None:
        """Forget the user's rules (the demo rules stay)."""
        with self._lock:
            self.custom.clear()

    def answer(self, text: str, *, space_id: str, previous_sql: str | None) -> ScriptedAnswer:
        """The answer of the first matching rule, or a clarification when nothing matches."""
        with self._lock:
            rules = [*self.custom, *DEFAULT_RULES]
        for rule in rules:
            if rule.space_id not in (None, space_id):
                continue
            match = rule.pattern.search(text)
            if match:
                return rule.respond(Question(text, match, space_id, previous_sql))
        return ScriptedAnswer(
            clarification=(
                "I'm not sure what you are asking. Could you rephrase it? For example: "
                "'total sales by region', 'top 10 products' or 'sales by month'."
            ),
            suggested_questions=_SUGGESTIONS[:3],
        )


_SUGGESTIONS = (
    "What are the total sales by region?",
    "What are the top 10 products?",
    "Show sales by month",
    "How many customers do we have?",
)
_SALES_TABLE = re.compile(r"(?<![\w.\"])sales\b(?!\s*\()", re.IGNORECASE)
_YEAR_CTE = re.compile(
    rf"^WITH sales AS \(SELECT \* FROM {CATALOG}\.{SCHEMA}\.sales WHERE year\(sale_date\) = \d+\)"
    r"(?P<more>\s*,)?\s*",
)


def with_year_filter(sql: str, year: int) -> str:
    """``sql`` with the ``sales`` table limited to one year (replacing an earlier year filter)."""
    base = sql.strip().rstrip(";")
    match = _YEAR_CTE.match(base)
    if match:
        rest = base[match.end() :]
        base = f"WITH {rest}" if match.group("more") else rest
    cte = f"sales AS (SELECT * FROM {CATALOG}.{SCHEMA}.sales WHERE year(sale_date) = {year})"
    if base[:5].upper() == "WITH ":
        return f"WITH {cte}, {base[5:].lstrip()}"
    return f"WITH {cte}\n{base}"


def _year_follow_up(question: Question) -> ScriptedAnswer:
    year = int(question.match.group("year"))
    previous = question.previous_sql
    if previous is None or not _SALES_TABLE.search(previous):
        return ScriptedAnswer(
            clarification=(
                f"Which numbers should I limit to {year}? Ask about sales first, "
                "for example 'total sales by region'."
            ),
            suggested_questions=_SUGGESTIONS[:2],
        )
    return ScriptedAnswer(
        sql=with_year_filter(previous, year),
        title=f"Previous result for {year}",
        description=f"The previous query, limited to sales in {year}.",
        suggested_questions=("What about 2023?", "Show sales by month"),
    )


def _top_products(question: Question) -> ScriptedAnswer:
    limit = int(question.match.group("n") or 10)
    return ScriptedAnswer(
        sql=(
            "SELECT p.product_name, p.category, SUM(s.quantity) AS units_sold,\n"
            "       SUM(s.amount) AS revenue\n"
            "FROM sales AS s\nJOIN products AS p ON p.product_id = s.product_id\n"
            f"GROUP BY p.product_name, p.category\nORDER BY revenue DESC\nLIMIT {limit}"
        ),
        title=f"Top {limit} products by revenue",
        description=f"The {limit} products with the highest total sales amount.",
        suggested_questions=("Which region sells the most?", "Show sales by category"),
    )


def _rule(pattern: str, answer: ScriptedAnswer | Responder) -> Rule:
    respond = _fixed(answer) if isinstance(answer, ScriptedAnswer) else answer
    return Rule(_compile(pattern), respond)


DEFAULT_RULES: tuple[Rule, ...] = (
    # Every rule must match in time linear in the question: a lookahead or nested quantifier
    # scanning the rest of the text from each position of a run is quadratic.
    _rule(
        r"^\s*(?:and\s+)?(?:(?:only|just|what about|how about)\b.*?"
        r"|(?:for|in)\s+(?=(?:19|20)\d{2}\s+only\b))\b(?P<year>(?:19|20)\d{2})\b",
        _year_follow_up,
    ),
    _rule(
        r"\bwhat can you do\b|^\s*help\b|\bwhat (?:data|tables) do you have\b",
        ScriptedAnswer(
            text=(
                "I answer questions about the retail demo data: regions, stores, products, "
                "customers and two years of sales. Ask for totals, rankings or trends, then "
                "narrow them down with follow-ups such as 'only 2024'."
            ),
            suggested_questions=_SUGGESTIONS,
        ),
    ),
    _rule(
        r"\b(?:all )?column types\b|\ball types\b",
        ScriptedAnswer(
            sql="SELECT * FROM all_types ORDER BY id",
            title="One column of every type",
            description="Every Databricks column type with typical and edge-case values.",
        ),
    ),
    _rule(
        r"\bsales (?:by|per) region\b|\bregion\w* sells? the most\b",
        ScriptedAnswer(
            sql=(
                "SELECT r.region_name AS region, SUM(s.amount) AS total_sales\n"
                "FROM sales AS s\nJOIN stores AS st ON st.store_id = s.store_id\n"
                "JOIN regions AS r ON r.region_id = st.region_id\n"
                "GROUP BY r.region_name\nORDER BY total_sales DESC"
            ),
            title="Total sales by region",
            description="Sum of the sales amount for each region, highest first.",
            suggested_questions=("Only for 2024", "What are the top 10 products?"),
        ),
    ),
    _rule(r"\btop(?:\s*(?P<n>\d+))?\s*(?:selling\s+)?products\b", _top_products),
    _rule(
        r"\b(?:sales|revenue) (?:by|per) month\b|\bmonthly (?:sales|revenue)\b",
        ScriptedAnswer(
            sql=(
                "SELECT date_trunc('month', sale_date) AS month, SUM(amount) AS total_sales,\n"
                "       COUNT(DISTINCT order_id) AS orders\n"
                "FROM sales\nGROUP BY month\nORDER BY month"
            ),
            title="Sales by month",
            description="Total sales amount and number of orders per calendar month.",
            suggested_questions=("Just 2024", "Show sales by channel"),
        ),
    ),
    _rule(
        r"\bsales (?:by|per) (?:product )?category\b",
        ScriptedAnswer(
            sql=(
                "SELECT p.category, SUM(s.amount) AS total_sales\n"
                "FROM sales AS s\nJOIN products AS p ON p.product_id = s.product_id\n"
                "GROUP BY p.category\nORDER BY total_sales DESC"
            ),
            title="Sales by category",
            description="Total sales amount per product category.",
        ),
    ),
    _rule(
        r"\bsales (?:by|per) channel\b",
        ScriptedAnswer(
            sql=(
                "SELECT channel, COUNT(*) AS sales_lines, SUM(amount) AS total_sales\n"
                "FROM sales\nGROUP BY channel\nORDER BY total_sales DESC"
            ),
            title="Sales by channel",
            description="Number of sales lines and total amount per sales channel.",
        ),
    ),
    _rule(
        r"\bhow many customers\b|\bnumber of customers\b|\bcustomer count\b",
        ScriptedAnswer(
            sql="SELECT COUNT(*) AS customers FROM customers",
            title="Number of customers",
            description="Count of all customers.",
            suggested_questions=("Show customers by loyalty tier",),
        ),
    ),
    _rule(
        r"\bcustomers by (?:loyalty )?tier\b",
        ScriptedAnswer(
            sql=(
                "SELECT loyalty_tier, COUNT(*) AS customers\nFROM customers\n"
                "GROUP BY loyalty_tier\nORDER BY loyalty_tier"
            ),
            title="Customers by loyalty tier",
            description="Number of customers in each loyalty tier.",
        ),
    ),
    _rule(
        r"\b(?:show|list|give me) (?:me )?all (?:the )?sales\b",
        ScriptedAnswer(
            sql="SELECT * FROM sales ORDER BY sale_id",
            title="All sales",
            description="Every sales line, oldest first.",
            suggested_questions=("Show sales by month",),
        ),
    ),
    _rule(
        r"\baverage order value\b",
        ScriptedAnswer(
            earlier_sql=("SELECT ROUND(AVG(amount), 2) AS avg_order_value FROM sales",),
            sql=(
                "SELECT ROUND(AVG(order_total), 2) AS avg_order_value\n"
                "FROM (SELECT order_id, SUM(amount) AS order_total FROM sales GROUP BY order_id)"
            ),
            title="Average order value",
            description=(
                "Average of the order totals. A first attempt averaged single sales lines; "
                "this query sums the lines of each order first."
            ),
        ),
    ),
)
