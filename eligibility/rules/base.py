"""What a population-of-focus rule is, and the SQL vocabulary every rule is written in.

A rule is evaluated for every member at once: the engine (eligibility/evaluation.py) first
gathers one row of facts per member into the temporary table `elig_facts` (rules/facts.py),
then each rule is one SQL expression over that row, aliased `f`, which yields the evidence text
when the member qualifies and NULL when not. Writing each rule as a single expression keeps the
policy in one place per population and lets PostgreSQL decide everyone in one pass.
"""

import datetime
from dataclasses import dataclass, field

from core.sql import sql_text

RULE_SET_VERSION = "2026.1"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """`D - N months`: the same calendar day N months earlier, or that month's last day.

    shared/domain/populations.md: 29 February - 12 months is 28 February, and 31 August
    - 6 months is the last day of February. PostgreSQL's `date - interval` agrees.
    """
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class Window:
    """The dates d with `start < d <= end` ("in the N months before D")."""

    months: int
    after: datetime.date  # exclusive
    end: datetime.date  # inclusive

    @property
    def first_day(self) -> datetime.date:
        return self.after + datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.first_day.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class AsOf:
    """The day D and its windows, spelled as SQL literals for the rules' expressions."""

    day: datetime.date

    def window(self, months: int) -> Window:
        return Window(months, months_before(self.day, months), self.day)

    @property
    def d(self) -> str:
        return sql_date(self.day)

    def after(self, months: int) -> str:
        return sql_date(self.window(months).after)


@dataclass(frozen=True)
class PopulationRule:
    """One population of focus. `expression(as_of)` returns SQL over `f` giving evidence or NULL.

    `programs` maps each program the rule applies to onto the first day the policy applied there;
    a member of another program, or evaluated before that day, is not in the population.
    """

    code: str
    title: str
    applies_to: str
    source: str
    programs: dict[str, datetime.date]
    build: object = field(repr=False)  # callable(AsOf) -> SQL expression
    effective_to: datetime.date | None = None

    @property
    def policy(self) -> str:
        """The rule module's docstring: the policy and the operational rule, in words."""
        import inspect

        return inspect.getdoc(inspect.getmodule(self.build)) or ""

    def expression(self, as_of: AsOf) -> str | None:
        live = [
            program
            for program, start in self.programs.items()
            if start <= as_of.day and (self.effective_to is None or as_of.day <= self.effective_to)
        ]
        if not live:
            return None
        programs = ", ".join(sql_text(p) for p in sorted(live))
        return f"CASE WHEN f.program IN ({programs}) THEN ({self.build(as_of)}) END"


def sql_date(day: datetime.date) -> str:
    return f"DATE '{day.isoformat()}'"


def iso(expression: str) -> str:
    """A date as YYYY-MM-DD whatever the session's DateStyle."""
    return f"to_char({expression}, 'YYYY-MM-DD')"


def dotted(code_expression: str) -> str:
    """ICD-10-CM is stored without the dot; evidence writes it as people read it (F209 -> F20.9)."""
    return (
        f"CASE WHEN length({code_expression}) > 3 THEN left({code_expression}, 3) || '.' || "
        f"substr({code_expression}, 4) ELSE {code_expression} END"
    )


def latest_code(column: str) -> str:
    """Facts keep the latest matching diagnosis as 'YYYY-MM-DD CODE'; this reads it back."""
    code = dotted(f"split_part({column}, ' ', 2)")
    return f"{code} || ' on ' || split_part({column}, ' ', 1)"


def join_reasons(*parts: str) -> str:
    """Evidence from several independent reasons: the ones that hold, joined by '; '."""
    return f"NULLIF(concat_ws('; ', {', '.join(parts)}), '')"
