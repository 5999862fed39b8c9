"""What the CBO partnership adds to a member's record: the "CBO partnership" section, its
events on the timeline and the CBO's decision clock; registered from CboPartnersConfig.ready()."""

from django.utils.translation import gettext, gettext_noop

from accounts import access
from accounts.access import Capability
from members import extensions
from members.extensions import ClockRule, ClockSettingSpec, MemberSection, TimelineSource
from members.timeline import ACTOR, choice_label

from .models import CboAssignmentEvent

DECISION_SETTING = ClockSettingSpec(
    "cbo_decision",
    "A CBO decides on an assignment within (business days)",
    5,
    True,
    "CICM CBO partnership: the CBO's lead accepts or declines within 5 business days",
    110,
)

DECISION_CLOCK = ClockRule(
    key="cbo_decision",
    clock="cbo_decision",
    label=gettext_noop("CBO decision"),
    setting="cbo_decision",
    sql="""SELECT m.id, (a.assigned_at AT TIME ZONE %(tz)s)::date,
                  'assignment to ' || o.name
             FROM members_member m
             JOIN cbo_partners_cboassignment a ON a.member_id = m.id AND a.status = 'pending'
             JOIN cbo_partners_partner p ON p.id = a.partner_id
             JOIN accounts_organization o ON o.id = p.organization_id
            WHERE {scope}""",
    doc="CICM CBO partnership: the CBO's lead accepts (naming a care manager) or declines an "
    "assignment within 5 business days (weekends and California state holidays skipped).",
    order=110,
    business_days=True,
)

TIMELINE_SQL = f"""
    SELECT 'cbo_' || e.kind AS kind, e.at AS at, false AS date_only, e.id AS ref_id,
           jsonb_build_object('kind', e.kind, 'partner', o.name, 'program', a.program,
                              'reason', e.reason) AS data,
           {ACTOR} AS actor
      FROM cbo_partners_cboassignmentevent e
      JOIN cbo_partners_cboassignment a ON a.id = e.assignment_id
      JOIN cbo_partners_partner p ON p.id = a.partner_id
      JOIN accounts_organization o ON o.id = p.organization_id
      LEFT JOIN accounts_user u ON u.id = e.actor_id
     WHERE a.member_id = %(member_id)s"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    what = choice_label(CboAssignmentEvent.Kind, data.get("kind"))
    title = gettext("CBO: %(what)s (%(partner)s, %(program)s)") % {
        "what": what,
        "partner": data.get("partner"),
        "program": data.get("program"),
    }
    return title, data.get("reason") or ""


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="cbo",
            title=gettext_noop("CBO partnership"),
            url_name="cbo_partners:member_section",
            order=45,
            heading_id="cbo-h",
            loading=gettext_noop("Loading the CBO partnership"),
            shown_to=lambda user: access.may(user, Capability.VIEW_MEMBER),
        ),
        TimelineSource(key="cbo_assignments", sql=TIMELINE_SQL, describe=describe, order=60),
        DECISION_SETTING,
        DECISION_CLOCK,
    )
