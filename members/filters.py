"""Caseload filters: search by name or CIN, county, program, plan product, enrollment status."""

import re

import django_filters
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from core.reference import CALIFORNIA_COUNTIES

from .extensions import member_list_filters
from .models import ClockSummary, Member, Program, RiskTier

CIN_LIKE = re.compile(r"^\d{3,8}[A-Za-z]?$")


class EnrollmentStatus:
    ENROLLED = "enrolled"
    DISENROLLED = "disenrolled"
    FUTURE = "future"
    CHOICES = [(ENROLLED, "Enrolled"), (DISENROLLED, "Disenrolled"), (FUTURE, "Starts later")]


# The risk tier as a number, so "tier, then score" sorts high first; members never stratified last.
TIER_RANK = Case(
    When(risk_tier=RiskTier.HIGH, then=Value(3)),
    When(risk_tier=RiskTier.MEDIUM, then=Value(2)),
    When(risk_tier=RiskTier.LOW, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)

SORTS = {
    "name": ("last_name", "first_name", "cin"),
    "-name": ("-last_name", "-first_name", "-cin"),
    "dob": ("date_of_birth", "id"),
    "-dob": ("-date_of_birth", "-id"),
    "county": ("county", "last_name", "id"),
    "-county": ("-county", "-last_name", "-id"),
    "enrolled": ("enrollment_start", "id"),
    "-enrolled": ("-enrollment_start", "-id"),
    "due": (F("next_due_on").asc(nulls_last=True), "last_name", "id"),
    "-due": (F("next_due_on").desc(nulls_last=True), "-last_name", "-id"),
    "risk": (TIER_RANK.desc(), F("risk_score").desc(nulls_last=True), "last_name", "id"),
    "-risk": (TIER_RANK.asc(), F("risk_score").asc(nulls_first=True), "-last_name", "-id"),
}


class Choices(tuple):
    """(value, label) pairs that never change, shared rather than copied: a FilterSet deep-copies
    its filters, and its form its fields, on every request, and copying the 58 counties' pairs
    (three times) was a tenth of building the caseload page."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


NO_CLOCK = "none"
DUE_CHOICES = Choices([*ClockSummary.choices, (NO_CLOCK, "Nothing due")])
NO_TIER = "none"
RISING = "rising"
RISK_CHOICES = Choices([*RiskTier.choices, (RISING, "Rising"), (NO_TIER, "Not stratified")])
COUNTY_CHOICES = Choices((county, county) for county in CALIFORNIA_COUNTIES)
SORT_CHOICES = Choices((key, key) for key in SORTS)
SORT_CHOICES_WITHOUT_RISK = Choices(pair for pair in SORT_CHOICES if pair[0].lstrip("-") != "risk")


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or CIN")
    county = django_filters.ChoiceFilter(choices=COUNTY_CHOICES)
    program = django_filters.ChoiceFilter(choices=Choices(Program.choices))
    plan_product = django_filters.CharFilter(label="Plan product")
    enrollment_status = django_filters.ChoiceFilter(
        choices=Choices(EnrollmentStatus.CHOICES), method="by_enrollment", label="Enrollment"
    )
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="by_due", label="Due dates")
    risk = django_filters.ChoiceFilter(choices=RISK_CHOICES, method="by_risk", label="Risk tier")
    care_manager = django_filters.ChoiceFilter(method="by_care_manager", label="Care manager")
    unassigned = django_filters.BooleanFilter(
        field_name="care_manager", lookup_expr="isnull", label="Unassigned only"
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="order", empty_label=None)

    class Meta:
        model = Member
        fields = ["q", "county", "program", "plan_product", "enrollment_status"]

    def __init__(self, *args, care_managers=(), show_risk: bool = True, **kwargs):
        """`show_risk` False (a CBO partner, who may not see risk): no risk filter or sort, so
        neither can reveal a member's tier."""
        super().__init__(*args, **kwargs)
        for contributed in member_list_filters:  # eligibility's population and status, ...
            self.filters[contributed.key] = _contributed_filter(contributed, self)
        if not show_risk:
            del self.filters["risk"]
            self.filters["sort"].extra["choices"] = SORT_CHOICES_WITHOUT_RISK
        self.filters["care_manager"].extra["choices"] = [
            (str(cm.pk), str(cm)) for cm in care_managers
        ]
        if not care_managers:
            del self.filters["care_manager"]

    def contributed(self) -> list[tuple]:
        """(bound field, label, empty choice) of each contributed filter, for the template."""
        return [(self.form[f.key], f.label, f.empty) for f in member_list_filters]

    def by_care_manager(self, queryset, name, value):
        return queryset.filter(care_manager_id=int(value))

    def search(self, queryset, name, value):
        """A CIN (or its leading digits) matches by prefix; anything else matches names."""
        value = value.strip()
        if not value:
            return queryset
        if CIN_LIKE.match(value):
            return queryset.filter(cin__startswith=value.upper())
        match = Q()
        for word in value.split()[:3]:
            match &= Q(last_name__icontains=word) | Q(first_name__icontains=word)
        return queryset.filter(match)

    def by_enrollment(self, queryset, name, value):
        today = timezone.localdate()
        if value == EnrollmentStatus.ENROLLED:
            return queryset.filter(enrollment_start__lte=today).filter(
                Q(enrollment_end__isnull=True) | Q(enrollment_end__gte=today)
            )
        if value == EnrollmentStatus.DISENROLLED:
            return queryset.filter(enrollment_end__lt=today)
        if value == EnrollmentStatus.FUTURE:
            return queryset.filter(enrollment_start__gt=today)
        return queryset

    def by_due(self, queryset, name, value):
        """The member's most urgent clock, kept on Member by careplans (clock_state)."""
        return queryset.filter(clock_state="" if value == NO_CLOCK else value)

    def by_risk(self, queryset, name, value):
        """The latest stratification's tier, kept on Member by the risk app (risk_tier)."""
        if value == RISING:
            return queryset.filter(risk_rising=True)
        return queryset.filter(risk_tier="" if value == NO_TIER else value)

    def order(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by(*SORTS["name"])
        return queryset


def _contributed_filter(contributed, parent: MemberFilter) -> django_filters.ChoiceFilter:
    def apply(queryset, name, value):
        return contributed.apply(queryset, value) if value else queryset

    choice = django_filters.ChoiceFilter(
        choices=contributed.choices(), method=apply, label=contributed.label
    )
    choice.parent = parent
    choice.model = Member
    return choice
