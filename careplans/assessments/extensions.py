"""What assessments add to a member's record: their section, their timeline entries, and the
HRA clocks (initial HRA and reassessment), registered from careplans' AppConfig.ready()."""

from django.utils.translation import gettext, gettext_noop

from accounts.access import DataCategory
from careplans.assessments.sud import SUD_NEEDS
from careplans.clocks.history import PRIOR_HRA
from careplans.clocks.rules import CARE_MANAGED, COVERED
from careplans.models import AssessmentKind, AssessmentStatus
from members import extensions
from members.extensions import (
    ClockRule,
    ClockSettingSpec,
    MemberSection,
    SectionCount,
    TimelineSource,
)
from members.timeline import ACTOR, choice_label

COMPLETED_HRA = (
    "careplans_assessment a JOIN careplans_questionset qs ON qs.id = a.question_set_id"
    " WHERE a.member_id = m.id AND a.status = 'completed' AND qs.kind = 'hra'"
    " AND a.completed_on IS NOT NULL"
)
# The latest HRA done in the portal or in the imported history (clocks/history.py), and the
# words for it; no row when there is none.
LAST_HRA = f"""LATERAL (
    SELECT x.on_day, x.source
      FROM (SELECT a.completed_on, 'the last completed HRA' FROM {COMPLETED_HRA}
            UNION ALL
            SELECT h.completed_on, 'the last HRA in the imported history' FROM {PRIOR_HRA}
           ) AS x(on_day, source)
     ORDER BY x.on_day DESC, x.source LIMIT 1) hra"""
NO_HRA = f"NOT EXISTS (SELECT 1 FROM {COMPLETED_HRA}) AND NOT EXISTS (SELECT 1 FROM {PRIOR_HRA})"

INITIAL_HRA = "initial_hra"
REASSESSMENT = "reassessment"

SETTINGS = (
    ClockSettingSpec(
        "initial_hra", "Initial HRA after enrollment", 90, False, "CMS D-SNP Model of Care", 10
    ),
    ClockSettingSpec(
        "reassessment",
        "Reassessment after the last HRA",
        365,
        False,
        "CMS D-SNP Model of Care",
        20,
    ),
)

CLOCKS = (
    ClockRule(
        key="initial_hra:cicm",
        clock=INITIAL_HRA,
        label=gettext_noop("Initial HRA"),
        setting="initial_hra",
        sql=f"""SELECT m.id AS member_id, m.enrollment_start AS started_on,
                       'D-SNP enrollment start' AS started_by
                FROM members_member m
                WHERE {{scope}} AND m.program = 'CICM' AND {COVERED}
                  AND {NO_HRA}""",
        doc="CMS D-SNP Model of Care: an HRA within 90 days of enrollment, while none is "
        "completed (in the portal or in the imported HRA history).",
        team_column="assessments",
        order=10,
    ),
    ClockRule(
        key="initial_hra:ecm",
        clock=INITIAL_HRA,
        label=gettext_noop("Initial HRA"),
        setting="initial_hra",
        sql=f"""SELECT m.id, pe.enrolled_on, 'ECM enrollment'
                FROM members_member m
                JOIN eligibility_programenrollment pe
                  ON pe.member_id = m.id AND pe.program = 'ECM' AND pe.status = 'enrolled'
                 AND pe.enrolled_on IS NOT NULL
                WHERE {{scope}} AND {COVERED}
                  AND {NO_HRA}""",
        doc="ECM members: the same 90 days, counted from the day they enrolled in ECM.",
        team_column="assessments",
        order=11,
    ),
    ClockRule(
        key="reassessment",
        clock=REASSESSMENT,
        label=gettext_noop("Reassessment"),
        setting="reassessment",
        sql=f"""SELECT m.id, hra.on_day, hra.source
                FROM members_member m, {LAST_HRA}
                WHERE {{scope}} AND hra.on_day IS NOT NULL AND {CARE_MANAGED}""",
        doc="CMS D-SNP Model of Care: reassess within 365 days of the last completed HRA.",
        team_column="assessments",
        order=20,
    ),
)

TIMELINE_SQL = f"""
    SELECT 'assessment_started' AS kind, a.started_at AS at, false AS date_only, a.id AS ref_id,
           jsonb_build_object('kind', qs.kind, 'title', qs.title, 'version', qs.version) AS data,
           {ACTOR} AS actor
      FROM careplans_assessment a JOIN careplans_questionset qs ON qs.id = a.question_set_id
      LEFT JOIN accounts_user u ON u.id = a.started_by_id
     WHERE a.member_id = %(member_id)s
    UNION ALL
    SELECT 'assessment_completed', (a.completed_on::timestamp AT TIME ZONE %(tz)s), true, a.id,
           jsonb_build_object('kind', qs.kind, 'title', qs.title, 'version', qs.version),
           {ACTOR}
      FROM careplans_assessment a JOIN careplans_questionset qs ON qs.id = a.question_set_id
      LEFT JOIN accounts_user u ON u.id = a.completed_by_id
     WHERE a.member_id = %(member_id)s AND a.status = 'completed' AND a.completed_on IS NOT NULL"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    what = {"kind": choice_label(AssessmentKind, data["kind"])}
    started = kind == "assessment_started"
    return (
        (gettext("%(kind)s started") if started else gettext("%(kind)s completed")) % what,
        f"{data['title']} v{data['version']}",
    )


# Beside "Assessments": for plan staff, how many assessments (drafts included); for a CBO
# partner, whose section lists only the needs completed assessments flagged (the SUD need only
# under Part 2: selectors.flagged_needs), how many of those needs.
_SUD_NEED_CODES = ", ".join(f"'{code}'" for code in sorted(SUD_NEEDS))
ASSESSMENT_COUNT = SectionCount(
    sql=f"""CASE WHEN %(partner_org)s::bigint IS NULL
                 THEN (SELECT count(*) FROM careplans_assessment WHERE member_id = %(member_id)s)
                 ELSE (SELECT count(DISTINCT an.need_id)
                         FROM careplans_assessmentneed an
                         JOIN careplans_assessment a ON a.id = an.assessment_id
                         JOIN careplans_need n ON n.id = an.need_id
                        WHERE a.member_id = %(member_id)s
                          AND a.status = '{AssessmentStatus.COMPLETED.value}'
                          AND (%(sud_ok)s OR n.code NOT IN ({_SUD_NEED_CODES}))) END"""
)


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="assessments",
            title=gettext_noop("Assessments"),
            url_name="careplans:member_assessments",
            order=20,
            heading_id="assess-h",
            loading=gettext_noop("Loading assessments"),
            count=ASSESSMENT_COUNT,
        ),
        TimelineSource(
            key="assessments",
            sql=TIMELINE_SQL,
            describe=describe,
            order=20,
            category=DataCategory.ASSESSMENTS,
        ),
        *SETTINGS,
        *CLOCKS,
    )
