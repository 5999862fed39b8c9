"""The due-date clocks of shared/domain/timelines.md, each rule written once, as SQL.

A rule is a SELECT of (member_id, started_on, started_by) for the members in scope whose clock
is running: the day that started it and the words for what started it. The clock's due date is
`started_on + days`, where `days` is the rule's setting (the default below, or the latest
ClockSetting row for its key). A clock with two rules (initial HRA for CICM and for ECM, care
plan review yearly and after a discharge) is due on the earlier of them.

Placeholders: {scope} is the member filter on `m.id`; %(today)s is the plan's local day and
%(tz)s its time zone (contacts and assignments are instants; a clock counts local days), so no
rule reads the database server's clock.

What "in care management" means here: a D-SNP (CICM) member whose coverage has not ended (the
CMS Model of Care owes every D-SNP enrollee an HRA and a care plan), or a member with an
enrollment episode in status `enrolled` (ECM, or CICM tracked as an episode).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Value, When

from careplans.models import Clock, ClockState


@dataclass(frozen=True)
class ClockSettingSpec:
    key: str
    label: str
    default_days: int
    configurable: bool
    source: str


SETTINGS: dict[str, ClockSettingSpec] = {
    s.key: s
    for s in (
        ClockSettingSpec(
            "initial_hra", "Initial HRA after enrollment", 90, False, "CMS D-SNP Model of Care"
        ),
        ClockSettingSpec(
            "reassessment", "Reassessment after the last HRA", 365, False, "CMS D-SNP Model of Care"
        ),
        ClockSettingSpec(
            "care_plan",
            "Care plan after the completed HRA",
            30,
            True,
            "Plan policy under the Model of Care",
        ),
        ClockSettingSpec(
            "care_plan_review", "Care plan review interval", 365, True, "Model of Care"
        ),
        ClockSettingSpec(
            "care_plan_review_discharge",
            "Care plan review after a hospital or SNF discharge",
            30,
            True,
            "Model of Care (update after transitions)",
        ),
        ClockSettingSpec(
            "toc_follow_up",
            "Transition of care follow-up contact after discharge",
            7,
            True,
            "Plan policy; HEDIS transition-of-care measures",
        ),
        ClockSettingSpec(
            "first_outreach", "First outreach after assignment", 7, True, "Plan policy"
        ),
        ClockSettingSpec(
            "member_contact",
            "Contact with an enrolled member, at least every",
            30,
            True,
            "CICM high-touch expectation",
        ),
        ClockSettingSpec(
            "due_soon", "A clock is due soon within", 14, True, "shared/domain/timelines.md"
        ),
        ClockSettingSpec(
            "unable_to_reach_span",
            "Outreach attempts span at least, before unable to reach",
            30,
            True,
            "ECM outreach practice",
        ),
    )
}

_COVERED = "(m.enrollment_end IS NULL OR m.enrollment_end >= %(today)s)"
_PROGRAM_ENROLLED = (
    "EXISTS (SELECT 1 FROM eligibility_programenrollment pe"
    " WHERE pe.member_id = m.id AND pe.status = 'enrolled')"
)
_CARE_MANAGED = f"({_COVERED} AND (m.program = 'CICM' OR {_PROGRAM_ENROLLED}))"
_COMPLETED_HRA = (
    "careplans_assessment a JOIN careplans_questionset qs ON qs.id = a.question_set_id"
    " WHERE a.member_id = m.id AND a.status = 'completed' AND qs.kind = 'hra'"
    " AND a.completed_on IS NOT NULL"
)
_LAST_HRA = f"LATERAL (SELECT max(a.completed_on) AS on_day FROM {_COMPLETED_HRA}) hra"
_MEMBER_REACHED = (
    "c.member_id = m.id AND c.kind = 'contact'"
    " AND c.reached IN ('member', 'caregiver', 'representative')"
)
_DISCHARGE = (
    "u.member_id = m.id AND u.event_type IN ('inpatient_admission', 'snf_stay')"
    " AND u.end_date IS NOT NULL AND u.end_date <= %(today)s"
)


@dataclass(frozen=True)
class ClockRule:
    clock: str
    setting: str
    sql: str
    doc: str


RULES: tuple[ClockRule, ...] = (
    ClockRule(
        Clock.INITIAL_HRA,
        "initial_hra",
        f"""SELECT m.id AS member_id, m.enrollment_start AS started_on,
                   'D-SNP enrollment start' AS started_by
            FROM members_member m
            WHERE {{scope}} AND m.program = 'CICM' AND {_COVERED}
              AND NOT EXISTS (SELECT 1 FROM {_COMPLETED_HRA})""",
        "CMS D-SNP Model of Care: an HRA within 90 days of enrollment, while none is completed.",
    ),
    ClockRule(
        Clock.INITIAL_HRA,
        "initial_hra",
        f"""SELECT m.id, pe.enrolled_on, 'ECM enrollment'
            FROM members_member m
            JOIN eligibility_programenrollment pe
              ON pe.member_id = m.id AND pe.program = 'ECM' AND pe.status = 'enrolled'
             AND pe.enrolled_on IS NOT NULL
            WHERE {{scope}} AND {_COVERED}
              AND NOT EXISTS (SELECT 1 FROM {_COMPLETED_HRA})""",
        "ECM members: the same 90 days, counted from the day they enrolled in ECM.",
    ),
    ClockRule(
        Clock.REASSESSMENT,
        "reassessment",
        f"""SELECT m.id, hra.on_day, 'the last completed HRA'
            FROM members_member m, {_LAST_HRA}
            WHERE {{scope}} AND hra.on_day IS NOT NULL AND {_CARE_MANAGED}""",
        "CMS D-SNP Model of Care: reassess within 365 days of the last completed HRA.",
    ),
    ClockRule(
        Clock.CARE_PLAN,
        "care_plan",
        f"""SELECT m.id, hra.on_day, 'the completed HRA'
            FROM members_member m, {_LAST_HRA}
            WHERE {{scope}} AND hra.on_day IS NOT NULL AND {_CARE_MANAGED}
              AND NOT EXISTS (
                SELECT 1 FROM careplans_careplan p
                WHERE p.member_id = m.id AND p.status = 'active'
                  AND (p.created_on >= hra.on_day OR p.last_reviewed_on >= hra.on_day))""",
        "Plan policy under the Model of Care: an active care plan made (or reviewed) on or "
        "after the latest completed HRA, within 30 days of it.",
    ),
    ClockRule(
        Clock.CARE_PLAN_REVIEW,
        "care_plan_review",
        f"""SELECT m.id, COALESCE(p.last_reviewed_on, p.created_on),
                   CASE WHEN p.last_reviewed_on IS NULL THEN 'the care plan''s creation'
                        ELSE 'the care plan''s last review' END
            FROM members_member m
            JOIN careplans_careplan p ON p.member_id = m.id AND p.status = 'active'
            WHERE {{scope}} AND {_COVERED}""",
        "Model of Care: review the active care plan at least every 365 days.",
    ),
    ClockRule(
        Clock.CARE_PLAN_REVIEW,
        "care_plan_review_discharge",
        f"""SELECT m.id, d.on_day, 'a hospital or SNF discharge'
            FROM members_member m
            JOIN careplans_careplan p ON p.member_id = m.id AND p.status = 'active',
            LATERAL (SELECT min(u.end_date) AS on_day FROM eligibility_utilizationevent u
                     WHERE {_DISCHARGE}
                       AND u.end_date > COALESCE(p.last_reviewed_on, p.created_on)) d
            WHERE {{scope}} AND d.on_day IS NOT NULL AND {_COVERED}""",
        "Model of Care (update after transitions): review within 30 days of the first "
        "inpatient or SNF discharge since the last review.",
    ),
    ClockRule(
        Clock.TRANSITION_FOLLOW_UP,
        "toc_follow_up",
        f"""SELECT m.id, d.on_day, 'a hospital or SNF discharge'
            FROM members_member m,
            LATERAL (SELECT max(u.end_date) AS on_day FROM eligibility_utilizationevent u
                     WHERE {_DISCHARGE}) d
            WHERE {{scope}} AND d.on_day IS NOT NULL AND {_CARE_MANAGED}
              AND NOT EXISTS (
                SELECT 1 FROM careplans_contact c WHERE {_MEMBER_REACHED}
                  AND (c.occurred_at AT TIME ZONE %(tz)s)::date >= d.on_day)""",
        "Plan policy, HEDIS transition of care: reach the member (or their caregiver or "
        "representative) within 7 days of the latest discharge.",
    ),
    ClockRule(
        Clock.FIRST_OUTREACH,
        "first_outreach",
        f"""SELECT m.id, (a.assigned_at AT TIME ZONE %(tz)s)::date,
                   'assignment to the care manager'
            FROM members_member m,
            LATERAL (SELECT ma.assigned_at FROM members_caremanagerassignment ma
                     WHERE ma.member_id = m.id AND ma.care_manager_id = m.care_manager_id
                     ORDER BY ma.assigned_at DESC LIMIT 1) a
            WHERE {{scope}} AND m.care_manager_id IS NOT NULL AND {_COVERED}
              AND NOT EXISTS (
                SELECT 1 FROM careplans_contact c
                WHERE c.member_id = m.id AND c.occurred_at >= a.assigned_at)""",
        "Plan policy: an outreach attempt or contact within 7 days of the member's assignment "
        "to their current care manager.",
    ),
    ClockRule(
        Clock.MEMBER_CONTACT,
        "member_contact",
        f"""SELECT m.id, GREATEST(pe.on_day, lc.on_day),
                   CASE WHEN lc.on_day >= pe.on_day THEN 'the last contact'
                        ELSE 'enrollment (no contact since)' END
            FROM members_member m,
            LATERAL (SELECT max(pe.enrolled_on) AS on_day FROM eligibility_programenrollment pe
                     WHERE pe.member_id = m.id AND pe.status = 'enrolled') pe,
            LATERAL (SELECT max((c.occurred_at AT TIME ZONE %(tz)s)::date) AS on_day
                     FROM careplans_contact c WHERE {_MEMBER_REACHED}) lc
            WHERE {{scope}} AND pe.on_day IS NOT NULL AND {_COVERED}""",
        "CICM high-touch expectation: an enrolled member is reached at least every 30 days.",
    ),
)

STATE_SQL = (
    "CASE WHEN {due} < %(today)s THEN 'overdue'"
    " WHEN {due} <= %(today)s + %(days_due_soon)s THEN 'due_soon' ELSE 'due' END"
)


def state_expression(field: str, *, today, due_soon_days: int) -> Case:
    """STATE_SQL as an ORM expression, for care-plan tasks listed beside clocks."""
    return Case(
        When(**{f"{field}__lt": today}, then=Value(ClockState.OVERDUE)),
        When(
            **{f"{field}__lte": today + datetime.timedelta(days=due_soon_days)},
            then=Value(ClockState.DUE_SOON),
        ),
        default=Value(ClockState.DUE),
    )
