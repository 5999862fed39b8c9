"""What eligibility adds to a member's record (the "Eligibility" section, registered from
EligibilityConfig.ready()), and the one extension point eligibility offers: steps that run when
an evaluation becomes the current one.

`after_evaluation` holds SQL statements that the apps built on eligibility want run inside the
evaluation's own transaction, after its determinations are counted, for a run that becomes the
current one (not for a look back at a past day): careplans opens an "identified" enrollment
episode for every newly eligible member there (careplans/outreach/enrollment.py). They are
part of `evaluation.evaluation_statements`, so the benchmark times them too.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from members import extensions
from members.extensions import MemberSection, Registry


@dataclass(frozen=True)
class EvaluationStep:
    """`sql(as_of, run_id)` is one statement with its values inlined as literals."""

    key: str
    stage: str  # shown on the run's progress, e.g. "Identifying new members"
    sql: Callable[[datetime.date, int], str]
    order: int = 0


after_evaluation: Registry[EvaluationStep] = Registry("steps after an evaluation")


def register() -> None:
    from .member_filters import FILTERS

    extensions.contribute(
        *FILTERS,
        MemberSection(
            key="eligibility",
            title=gettext_noop("Eligibility"),
            url_name="eligibility:member_section",
            order=10,
            heading_id="elig-h",
            loading=gettext_noop("Loading populations of focus"),
        ),
    )
