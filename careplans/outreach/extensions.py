"""What outreach adds to a member's record: the "Enrollment" and "Contacts & timeline"
sections, a timeline entry per contact and per enrollment change, the outreach clocks (first
outreach, transition-of-care follow-up, monthly contact), and the evaluation step that
identifies newly eligible members; registered from careplans' AppConfig.ready()."""

from django.utils.translation import gettext, gettext_noop

from accounts import access
from accounts.access import DataCategory
from careplans.clocks.rules import CARE_MANAGED, COVERED, DISCHARGE
from careplans.models import (
    ContactKind,
    ContactMode,
    ContactOutcome,
    DisenrollmentReason,
    EnrollmentStatus,
    ReachedParty,
)
from careplans.outreach.enrollment import identify_newly_eligible_sql
from eligibility.extensions import EvaluationStep, after_evaluation
from members import extensions
from members.extensions import (
    ClockRule,
    ClockSettingSpec,
    MemberSection,
    SectionCount,
    TimelineSource,
)
from members.timeline import ACTOR, choice_label

MEMBER_REACHED = (
    "c.member_id = m.id AND c.kind = 'contact'"
    " AND c.reached IN ('member', 'caregiver', 'representative')"
)

SETTINGS = (
    ClockSettingSpec(
        "toc_follow_up",
        "Transition of care follow-up contact after discharge",
        7,
        True,
        "Plan policy; HEDIS transition-of-care measures",
        60,
    ),
    ClockSettingSpec(
        "first_outreach", "First outreach after assignment", 7, True, "Plan policy", 70
    ),
    ClockSettingSpec(
        "member_contact",
        "Contact with an enrolled member, at least every",
        30,
        True,
        "CICM high-touch expectation",
        80,
    ),
    ClockSettingSpec(
        "unable_to_reach_span",
        "Outreach attempts span at least, before unable to reach",
        30,
        True,
        "ECM outreach practice",
        100,
    ),
)

CLOCKS = (
    ClockRule(
        key="toc_follow_up",
        clock="toc_follow_up",
        label=gettext_noop("Transition of care follow-up"),
        setting="toc_follow_up",
        sql=f"""SELECT m.id, d.on_day, 'a hospital or SNF discharge'
                FROM members_member m,
                LATERAL (SELECT max(u.end_date) AS on_day FROM eligibility_utilizationevent u
                         WHERE {DISCHARGE}) d
                WHERE {{scope}} AND d.on_day IS NOT NULL AND {CARE_MANAGED}
                  AND NOT EXISTS (
                    SELECT 1 FROM careplans_contact c WHERE {MEMBER_REACHED}
                      AND (c.occurred_at AT TIME ZONE %(tz)s)::date >= d.on_day)""",
        doc="Plan policy, HEDIS transition of care: reach the member (or their caregiver or "
        "representative) within 7 days of the latest discharge.",
        order=50,
    ),
    ClockRule(
        key="first_outreach",
        clock="first_outreach",
        label=gettext_noop("First outreach"),
        setting="first_outreach",
        sql=f"""SELECT m.id, (a.assigned_at AT TIME ZONE %(tz)s)::date,
                       'assignment to the care manager'
                FROM members_member m,
                LATERAL (SELECT ma.assigned_at FROM members_caremanagerassignment ma
                         WHERE ma.member_id = m.id AND ma.care_manager_id = m.care_manager_id
                         ORDER BY ma.assigned_at DESC LIMIT 1) a
                WHERE {{scope}} AND m.care_manager_id IS NOT NULL AND {COVERED}
                  AND NOT EXISTS (
                    SELECT 1 FROM careplans_contact c
                    WHERE c.member_id = m.id AND c.occurred_at >= a.assigned_at)""",
        doc="Plan policy: an outreach attempt or contact within 7 days of the member's "
        "assignment to their current care manager.",
        order=60,
    ),
    ClockRule(
        key="member_contact",
        clock="member_contact",
        label=gettext_noop("Monthly contact"),
        setting="member_contact",
        sql=f"""SELECT m.id, GREATEST(pe.on_day, lc.on_day),
                       CASE WHEN lc.on_day >= pe.on_day THEN 'the last contact'
                            ELSE 'enrollment (no contact since)' END
                FROM members_member m,
                LATERAL (SELECT max(pe.enrolled_on) AS on_day
                         FROM eligibility_programenrollment pe
                         WHERE pe.member_id = m.id AND pe.status = 'enrolled') pe,
                LATERAL (SELECT max((c.occurred_at AT TIME ZONE %(tz)s)::date) AS on_day
                         FROM careplans_contact c WHERE {MEMBER_REACHED}) lc
                WHERE {{scope}} AND pe.on_day IS NOT NULL AND {COVERED}""",
        doc="CICM high-touch expectation: an enrolled member is reached at least every 30 days.",
        order=70,
    ),
)

# A CBO partner sees the contacts shared with the CBO and their own organisation's, and SUD
# ones only under Part 2 consent; plan staff (partner_org NULL) see all.
PARTNER_SEES_CONTACT = (
    "%(partner_org)s::bigint IS NULL OR ((c.shared_with_cbo"
    " OR c.by_organization_id = %(partner_org)s::bigint) AND (%(sud_ok)s OR NOT c.sud))"
)

TIMELINE_SQL = f"""
    SELECT 'contact' AS kind, c.occurred_at AS at, false AS date_only, c.id AS ref_id,
           jsonb_build_object('kind', c.kind, 'mode', c.mode, 'reached', c.reached,
                              'outcome', c.outcome, 'minutes', c.duration_minutes,
                              'note', c.note, 'sud', c.sud, 'shared', c.shared_with_cbo,
                              'cbo', o.name) AS data,
           {ACTOR} AS actor
      FROM careplans_contact c LEFT JOIN accounts_user u ON u.id = c.recorded_by_id
      LEFT JOIN accounts_organization o ON o.id = c.by_organization_id
     WHERE c.member_id = %(member_id)s
       AND ({PARTNER_SEES_CONTACT})"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    """'Outreach attempt by phone', 'Reached: Nobody · No answer · 5 min — note'; the outcome
    "Reached" is not said twice ('Reached: Member · 20 min')."""
    mode = choice_label(ContactMode, data["mode"]).lower()
    title = gettext("%(kind)s by %(mode)s") % {
        "kind": choice_label(ContactKind, data["kind"]),
        "mode": mode,
    }
    parts = [gettext("Reached: %(who)s") % {"who": choice_label(ReachedParty, data["reached"])}]
    if data["outcome"] != ContactOutcome.REACHED:
        parts.append(choice_label(ContactOutcome, data["outcome"]))
    if data.get("minutes"):
        parts.append(gettext("%(minutes)s min") % {"minutes": data["minutes"]})
    if data.get("cbo"):
        parts.append(gettext("by %(cbo)s (CBO)") % {"cbo": data["cbo"]})
    elif data.get("shared"):
        parts.append(gettext("shared with the CBO"))
    if data.get("sud"):
        parts.append(gettext("SUD (42 CFR Part 2)"))
    detail = " · ".join(parts) + (f" — {data['note']}" if data.get("note") else "")
    return title, detail


ENROLLMENT_TIMELINE_SQL = f"""
    SELECT 'enrollment' AS kind, t.changed_at AS at, false AS date_only, t.id AS ref_id,
           jsonb_build_object('program', pe.program, 'from', t.from_status, 'to', t.to_status,
                              'effective_on', t.effective_on, 'reason', t.reason,
                              'note', t.note) AS data,
           {ACTOR} AS actor
      FROM eligibility_enrollmenttransition t
      JOIN eligibility_programenrollment pe ON pe.id = t.enrollment_id
      LEFT JOIN accounts_user u ON u.id = t.changed_by_id
     WHERE pe.member_id = %(member_id)s"""


def describe_enrollment(kind: str, data: dict) -> tuple[str, str]:
    """'ECM enrollment: Enrolled', 'from outreach · effective 2026-05-01 · reason · note'."""
    title = gettext("%(program)s enrollment: %(status)s") % {
        "program": data["program"],
        "status": choice_label(EnrollmentStatus, data["to"]),
    }
    parts = [gettext("effective %(day)s") % {"day": data["effective_on"]}]
    if data.get("from"):
        was = choice_label(EnrollmentStatus, data["from"]).lower()
        parts.insert(0, gettext("from %(status)s") % {"status": was})
    if data.get("reason"):
        parts.append(choice_label(DisenrollmentReason, data["reason"]))
    if data.get("note"):
        parts.append(data["note"])
    return title, " · ".join(parts)


# How many contacts and outreach attempts, beside "Contacts & timeline": those the reader may
# open, by the timeline's rule (a CBO partner's count leaves out the plan's own contacts).
CONTACT_COUNT = SectionCount(
    sql="SELECT count(*) FROM careplans_contact c"
    f" WHERE c.member_id = %(member_id)s AND ({PARTNER_SEES_CONTACT})"
)


def register() -> None:
    after_evaluation.register(
        EvaluationStep(
            key="identify_newly_eligible",
            stage="Identifying new members",
            sql=identify_newly_eligible_sql,
        )
    )
    extensions.contribute(
        MemberSection(
            key="enrollment",
            title=gettext_noop("Program enrollment"),
            url_name="careplans:member_enrollment",
            order=15,
            heading_id="enr-h",
            loading=gettext_noop("Loading program enrollment"),
            shown_to=lambda user: access.may_see(user, DataCategory.ENROLLMENT),
        ),
        MemberSection(
            key="contacts",
            title=gettext_noop("Contacts & timeline"),
            url_name="careplans:member_contacts",
            order=50,
            heading_id="contacts-h",
            loading=gettext_noop("Loading contacts and the timeline"),
            count=CONTACT_COUNT,
        ),
        TimelineSource(
            key="contacts", sql=TIMELINE_SQL, describe=describe, order=10
        ),  # filters itself
        TimelineSource(
            key="enrollment",
            sql=ENROLLMENT_TIMELINE_SQL,
            describe=describe_enrollment,
            order=40,
            category=DataCategory.ENROLLMENT,
        ),
        *SETTINGS,
        *CLOCKS,
    )
