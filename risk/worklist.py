"""The supervisors' "Rising risk" worklist: members whose tier rose in the latest stratification,
unassigned members first, then the highest tier and score. Reads the summary on Member, so the
page costs the same few queries whatever the roster size."""

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

from members.filters import TIER_RANK
from members.models import Member

from . import access, engine

PAGE_SIZE = 25


def rising_members(user) -> QuerySet[Member]:
    return (
        access.rising_scope(user)
        .filter(risk_rising=True)
        .select_related("care_manager")
        .only(
            "id",
            "cin",
            "last_name",
            "first_name",
            "county",
            "program",
            "risk_tier",
            "risk_score",
            "risk_rising",
            "care_manager__id",
            "care_manager__first_name",
            "care_manager__last_name",
            "care_manager__username",
        )
        .order_by(
            F("care_manager").asc(nulls_first=True),
            TIER_RANK.desc(),
            F("risk_score").desc(nulls_last=True),
            "last_name",
            "id",
        )
    )


def rising_page(user, page_number) -> Page:
    return Paginator(rising_members(user), PAGE_SIZE).get_page(page_number)


def latest_day():
    return engine.latest_day()
