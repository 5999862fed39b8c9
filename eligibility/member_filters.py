"""The member lists' eligibility filters (caseload, member list, /api/members/): population of
focus and eligibility status in the current evaluation, so every eligible member can be found
there too, not only on the supervisors' worklist (issue 13, bug 2).

Each is one EXISTS against the current run (a subquery, so a page costs the same queries).
"""

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from members.extensions import MemberListFilter

from .models import Determination, EligibilityStatus, EvaluationRun
from .rules import POPULATION_CHOICES

ELIGIBLE = "eligible"
NEW = "new"
NOT_ELIGIBLE = "not_eligible"
NOT_EVALUATED = "not_evaluated"
STATUS_CHOICES = [
    (ELIGIBLE, "Eligible (any population)"),
    (NEW, "Newly eligible"),
    (NOT_ELIGIBLE, "Not eligible"),
    (NOT_EVALUATED, "Not evaluated"),
]


def _current_run_id() -> Subquery:
    """evaluation.current_run() as a subquery: the latest successful run for a day up to today."""
    runs = EvaluationRun.objects.filter(
        status=EvaluationRun.Status.SUCCEEDED, as_of__lte=timezone.localdate()
    ).order_by("-as_of", "-id")
    return Subquery(runs.values("id")[:1])


def _in_current_run(**conditions) -> Exists:
    return Exists(
        Determination.objects.filter(run_id=_current_run_id(), member=OuterRef("pk"), **conditions)
    )


def by_population(members: QuerySet, population: str) -> QuerySet:
    return members.filter(_in_current_run(population=population, status=EligibilityStatus.ELIGIBLE))


def by_status(members: QuerySet, status: str) -> QuerySet:
    eligible = _in_current_run(status=EligibilityStatus.ELIGIBLE)
    if status == ELIGIBLE:
        return members.filter(eligible)
    if status == NEW:
        return members.filter(_in_current_run(is_new=True))
    if status == NOT_ELIGIBLE:
        return members.filter(_in_current_run()).exclude(eligible)
    if status == NOT_EVALUATED:
        return members.exclude(_in_current_run())
    return members


FILTERS = (
    MemberListFilter(
        key="population",
        label="Population of focus",
        empty="Any population",
        choices=lambda: list(POPULATION_CHOICES),
        apply=by_population,
        order=10,
    ),
    MemberListFilter(
        key="eligibility",
        label="Eligibility",
        empty="Any",
        choices=lambda: list(STATUS_CHOICES),
        apply=by_status,
        order=20,
    ),
)
