"""Reads for the pages that follow an evaluation: the runs list, and the supervisors' worklist.

The worklist: members the current evaluation found eligible who have no care manager yet, so
someone gives each of them one (shared/domain/populations.md, "identified -> outreach": nobody
reaches out to a member nobody is assigned). Every eligible, unassigned member stays on it until
assigned: it once listed only the populations new since the previous run, so a second
evaluation of the same day emptied it and members found eligible earlier were never seen again
(issue 13, bug 2). What is new since the previous run is marked, and a filter shows only that.

Scoped like every member read by the access layer, through eligibility/access.py. The page and the
API share these selectors and the FilterSet; a page of the list costs the same few queries
whatever its size (a COUNT, the page's members, and one prefetch of their new determinations).
"""

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from accounts.access import Capability, require
from core.reference import CALIFORNIA_COUNTIES
from members.models import Member
from members.selectors import PAGE_SIZE

from . import access
from .evaluation import current_run
from .models import Determination, EligibilityStatus, EvaluationRun
from .rules import POPULATION_CHOICES

LIST_FIELDS = (
    "id",
    "cin",
    "last_name",
    "first_name",
    "county",
    "program",
    "plan_product",
    "care_manager_id",
)
SORTS = {
    "name": ("last_name", "first_name", "cin"),
    "-name": ("-last_name", "-first_name", "-cin"),
    "cin": ("cin",),
    "-cin": ("-cin",),
    "county": ("county", "last_name", "first_name", "cin"),
    "-county": ("-county", "last_name", "first_name", "cin"),
    "plan_product": ("plan_product", "last_name", "first_name", "cin"),
    "-plan_product": ("-plan_product", "last_name", "first_name", "cin"),
}
DEFAULT_SORT = "name"
RUNS_PAGE_SIZE = 20


def evaluation_runs() -> QuerySet[EvaluationRun]:
    """Every run, newest first by id (the order they were asked for), with who asked."""
    return EvaluationRun.objects.select_related("requested_by").order_by("-id")


def access_run(user, run_id) -> EvaluationRun:
    """A run for someone who may run evaluations; 404 alike for missing and not allowed."""
    require(user, Capability.RUN_EVALUATION)
    run = evaluation_runs().filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def _eligible_determinations(run: EvaluationRun) -> QuerySet[Determination]:
    return Determination.objects.filter(run=run, status=EligibilityStatus.ELIGIBLE)


def eligible_unassigned(user, run: EvaluationRun | None) -> QuerySet[Member]:
    """Members `run` found eligible for a population, with no care manager.

    Served by the index determination_member_run (member, run).
    """
    if run is None:
        return Member.objects.none()
    eligible_here = _eligible_determinations(run).filter(member=OuterRef("pk"))
    return (
        access.worklist_scope(user)
        .filter(care_manager__isnull=True)
        .filter(Exists(eligible_here))
        .only(*LIST_FIELDS)
    )


class WorklistFilter(django_filters.FilterSet):
    """Population, county, plan product and sort: none of them identifies a member, so the API
    takes them as query parameters; the page posts them with the assign form."""

    population = django_filters.ChoiceFilter(
        choices=POPULATION_CHOICES, method="by_population", label="Population"
    )
    new_only = django_filters.BooleanFilter(
        method="by_new", label="Only new since the previous evaluation"
    )
    county = django_filters.ChoiceFilter(choices=[(c, c) for c in CALIFORNIA_COUNTIES])
    plan_product = django_filters.CharFilter(label="Plan product")
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in SORTS], method="order", empty_label=None
    )

    class Meta:
        model = Member
        fields = ["population", "new_only", "county", "plan_product"]

    def __init__(self, *args, run: EvaluationRun | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run

    def by_population(self, queryset, name, value):
        if not value or self.run is None:
            return queryset
        in_population = _eligible_determinations(self.run).filter(
            member=OuterRef("pk"), population=value
        )
        return queryset.filter(Exists(in_population))

    def by_new(self, queryset, name, value):
        """Members with a population the previous run did not find (the partial index
        determination_new)."""
        if not value or self.run is None:
            return queryset
        new_here = Determination.objects.filter(run=self.run, is_new=True, member=OuterRef("pk"))
        return queryset.filter(Exists(new_here))

    def order(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset

    @property
    def sort_key(self) -> str:
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return DEFAULT_SORT


def worklist_filter(*, user, data) -> WorklistFilter:
    """The worklist of the current evaluation, filtered by `data`."""
    run = current_run()
    return WorklistFilter(data=data or None, queryset=eligible_unassigned(user, run), run=run)


def with_populations(members: QuerySet[Member], run: EvaluationRun) -> QuerySet[Member]:
    """Attach each member's eligible determinations of `run` as `populations` (each with
    `is_new`) in one extra query."""
    return members.prefetch_related(
        Prefetch(
            "determinations",
            queryset=_eligible_determinations(run)
            .only("id", "member_id", "program", "population", "evidence", "is_new")
            .order_by("program", "population"),
            to_attr="populations",
        )
    )


def worklist_page(*, worklist: WorklistFilter, page_number) -> Page:
    """One page of the filtered worklist, with the new populations of its members."""
    queryset = worklist.qs
    if worklist.run is not None:
        queryset = with_populations(queryset, worklist.run)
    page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
    return page
