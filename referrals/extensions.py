"""What referrals add to a member's record: the "Community Supports referrals" section of the
member page and a timeline entry per step of a referral; registered from ReferralsConfig.ready()."""

import datetime

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext, gettext_noop

from accounts import access
from accounts.access import DataCategory
from careplans.clocks.rules import state_expression
from members import extensions
from members.extensions import (
    ClockRule,
    ClockSettingSpec,
    MemberSection,
    TaskSource,
    TimelineSource,
)
from members.timeline import ACTOR

from .catalog import name_of
from .models import Referral, Status

TASK_KIND = "cs_referral"
TO_CLOSE = (Status.COMPLETED, Status.DECLINED)

# The provider accepts or declines within 5 business days (weekends and California state holidays
# skipped), configurable in Clock settings; one clock per member, from the oldest referral still
# waiting for its provider (each referral keeps its own deadline on its page and in the inbox).
DECISION_SETTING = ClockSettingSpec(
    "cs_provider_decision",
    "A provider decides on a Community Supports referral within (business days)",
    5,
    True,
    "Community Supports closed loop: the provider accepts or declines within 5 business days",
    120,
)
DECISION_CLOCK = ClockRule(
    key="cs_provider_decision",
    clock="cs_provider_decision",
    label=gettext_noop("CS referral decision"),
    setting="cs_provider_decision",
    sql="""SELECT m.id, min((r.sent_at AT TIME ZONE %(tz)s)::date),
                  'Community Supports referral sent'
             FROM members_member m
             JOIN referrals_referral r ON r.member_id = m.id AND r.status IN ('sent', 'received')
            WHERE {scope} AND r.sent_at IS NOT NULL
            GROUP BY m.id""",
    doc="Community Supports closed loop: the provider accepts or declines a referral within 5 "
    "business days of its sending (weekends and California state holidays skipped).",
    order=120,
    business_days=True,
)

TIMELINE_SQL = f"""
    SELECT 'cs_referral' AS kind, e.at, false AS date_only, e.referral_id AS ref_id,
           jsonb_build_object('service', r.service, 'status', e.status, 'reason', e.reason)
               AS data,
           {ACTOR} AS actor
      FROM referrals_referralevent e JOIN referrals_referral r ON r.id = e.referral_id
      LEFT JOIN accounts_user u ON u.id = e.actor_id
     WHERE r.member_id = %(member_id)s"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    status = Status(data["status"]).label if data["status"] in Status.values else data["status"]
    detail = name_of(data["service"]) + (f" ({data['reason']})" if data.get("reason") else "")
    return (gettext("Community Supports referral: %(status)s") % {"status": status.lower()}, detail)


def open_referral_items(members, owner, today: datetime.date, due_soon_days: int) -> QuerySet:
    """ "My tasks": referrals of `owner`'s members (among `members`, the reader's scope) the
    provider completed or declined, for the care manager to close the loop (due that day).

    A referral still waiting for the provider's decision is not an item of its own: the
    member's "CS referral decision" clock (DECISION_CLOCK, from the oldest waiting referral) is
    already on the list, and the same wait listed twice was noise (issue 13)."""
    return (
        Referral.objects.filter(member__in=members, member__care_manager=owner)
        .filter(status__in=TO_CLOSE)
        .annotate(
            i_kind=Value(TASK_KIND, output_field=CharField()),
            i_id=F("id"),
            i_member=F("member_id"),
            i_last=F("member__last_name"),
            i_first=F("member__first_name"),
            i_what=Value("Close the loop on a Community Supports referral",
                         output_field=CharField()),
            i_due=Case(
                When(status=Status.COMPLETED, then=TruncDate("completed_at")),
                default=TruncDate("decided_at"),
            ),
        )
        .annotate(i_state=state_expression("i_due", today=today, due_soon_days=due_soon_days))
    )  # fmt: skip


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="referrals",
            title=gettext_noop("Community Supports referrals"),
            url_name="referrals:member_section",
            order=45,
            heading_id="ref-h",
            loading=gettext_noop("Loading referrals"),
            shown_to=lambda user: access.may_see(user, DataCategory.REFERRALS),
        ),
        TimelineSource(
            key="cs_referrals",
            sql=TIMELINE_SQL,
            describe=describe,
            order=60,
            category=DataCategory.REFERRALS,
        ),
        DECISION_SETTING,
        DECISION_CLOCK,
        TaskSource(
            key="cs_referrals",
            items=open_referral_items,
            kinds=lambda: [(TASK_KIND, gettext_noop("Community Supports referral"))],
            order=40,
        ),
    )
