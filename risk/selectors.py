"""Reads for risk screens, the API and jobs."""

from django.db.models import QuerySet

from members.models import Member

from .models import MemberRisk, StratificationRun

HISTORY_LENGTH = 12
RUNS_PAGE_SIZE = 20


def member_risk_history(member: Member) -> list[MemberRisk]:
    """The member's rows, newest day first (the first is the current tier): one query."""
    return list(MemberRisk.objects.filter(member=member).order_by("-as_of")[:HISTORY_LENGTH])


def stratification_runs() -> QuerySet[StratificationRun]:
    return StratificationRun.objects.select_related("requested_by").order_by("-started_at", "-id")
