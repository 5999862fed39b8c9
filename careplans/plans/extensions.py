"""What care plans add to a member's record: the care-plan section, a timeline entry per saved
version, the care-plan clocks, and open care-plan tasks in "My tasks"; registered from
careplans' AppConfig.ready()."""

import datetime

from django.db.models import Case as SqlCase
from django.db.models import CharField, F, QuerySet, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext, gettext_noop

from accounts.access import DataCategory
from careplans.assessments.extensions import LAST_HRA
from careplans.clocks.history import PRIOR_CARE_PLAN
from careplans.clocks.rules import CARE_MANAGED, COVERED, DISCHARGE, state_expression
from careplans.models import TASK_ITEM_KIND, CarePlanStatus, CarePlanTask, TaskOwner, TaskStatus
from members import extensions
from members.extensions import (
    ClockRule,
    ClockSettingSpec,
    MemberSection,
    TaskSource,
    TimelineSource,
)
from members.timeline import ACTOR

CARE_PLAN = "care_plan"
CARE_PLAN_REVIEW = "care_plan_review"
TASK = TASK_ITEM_KIND

SETTINGS = (
    ClockSettingSpec(
        "care_plan",
        "Care plan after the completed HRA",
        30,
        True,
        "Plan policy under the Model of Care",
        30,
    ),
    ClockSettingSpec(
        "care_plan_review", "Care plan review interval", 365, True, "Model of Care", 40
    ),
    ClockSettingSpec(
        "care_plan_review_discharge",
        "Care plan review after a hospital or SNF discharge",
        30,
        True,
        "Model of Care (update after transitions)",
        50,
    ),
)

CLOCKS = (
    ClockRule(
        key="care_plan",
        clock=CARE_PLAN,
        label=gettext_noop("Care plan"),
        setting="care_plan",
        sql=f"""SELECT m.id, hra.on_day, 'the completed HRA'
                FROM members_member m, {LAST_HRA}
                WHERE {{scope}} AND hra.on_day IS NOT NULL AND {CARE_MANAGED}
                  AND NOT EXISTS (
                    SELECT 1 FROM careplans_careplan p
                    WHERE p.member_id = m.id AND p.status = 'active'
                      AND (p.created_on >= hra.on_day OR p.last_reviewed_on >= hra.on_day))
                  AND NOT EXISTS (SELECT 1 FROM {PRIOR_CARE_PLAN}
                                  AND h.completed_on >= hra.on_day)""",
        doc="Plan policy under the Model of Care: an active care plan made (or reviewed) on or "
        "after the latest completed HRA, within 30 days of it (a care plan in the imported "
        "history counts).",
        team_column="care_plans",
        order=30,
    ),
    ClockRule(
        key="care_plan_review",
        clock=CARE_PLAN_REVIEW,
        label=gettext_noop("Care plan review"),
        setting="care_plan_review",
        sql=f"""SELECT m.id, COALESCE(p.last_reviewed_on, p.created_on),
                       CASE WHEN p.last_reviewed_on IS NULL THEN 'the care plan''s creation'
                            ELSE 'the care plan''s last review' END
                FROM members_member m
                JOIN careplans_careplan p ON p.member_id = m.id AND p.status = 'active'
                WHERE {{scope}} AND {COVERED}""",
        doc="Model of Care: review the active care plan at least every 365 days.",
        team_column="care_plans",
        order=40,
    ),
    ClockRule(
        key="care_plan_review:history",
        clock=CARE_PLAN_REVIEW,
        label=gettext_noop("Care plan review"),
        setting="care_plan_review",
        sql=f"""SELECT m.id, cp.on_day, 'the last care plan in the imported history'
                FROM members_member m,
                LATERAL (SELECT max(h.completed_on) AS on_day FROM {PRIOR_CARE_PLAN}) cp
                WHERE {{scope}} AND cp.on_day IS NOT NULL AND {CARE_MANAGED}
                  AND NOT EXISTS (SELECT 1 FROM careplans_careplan p
                                  WHERE p.member_id = m.id AND p.status = 'active')""",
        doc="Model of Care: a care plan made before the portal (imported history) is reviewed "
        "within 365 days of its date, until one is made in the portal.",
        team_column="care_plans",
        order=42,
    ),
    ClockRule(
        key="care_plan_review:discharge",
        clock=CARE_PLAN_REVIEW,
        label=gettext_noop("Care plan review"),
        setting="care_plan_review_discharge",
        sql=f"""SELECT m.id, d.on_day, 'a hospital or SNF discharge'
                FROM members_member m
                JOIN careplans_careplan p ON p.member_id = m.id AND p.status = 'active',
                LATERAL (SELECT min(u.end_date) AS on_day FROM eligibility_utilizationevent u
                         WHERE {DISCHARGE}
                           AND u.end_date > COALESCE(p.last_reviewed_on, p.created_on)) d
                WHERE {{scope}} AND d.on_day IS NOT NULL AND {COVERED}""",
        doc="Model of Care (update after transitions): review within 30 days of the first "
        "inpatient or SNF discharge since the last review.",
        team_column="care_plans",
        order=41,
    ),
)

TIMELINE_SQL = f"""
    SELECT 'care_plan_version' AS kind, r.date_created AS at, false AS date_only, p.id AS ref_id,
           jsonb_build_object('program', p.program, 'comment', r.comment) AS data,
           {ACTOR} AS actor
      FROM careplans_careplan p
      JOIN django_content_type ct ON ct.app_label = 'careplans' AND ct.model = 'careplan'
      JOIN reversion_version v ON v.content_type_id = ct.id AND v.object_id = p.id::text
      JOIN reversion_revision r ON r.id = v.revision_id
      LEFT JOIN accounts_user u ON u.id = r.user_id
     WHERE p.member_id = %(member_id)s"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    saved = gettext("%(program)s care plan saved") % {"program": data["program"]}
    return saved, data.get("comment") or ""


# Who does the task, in words: the name given, else the portal user, else the kind of owner.
TASK_OWNER = SqlCase(
    When(owner_name__gt="", then=F("owner_name")),
    When(
        owner_user__isnull=False,
        then=Concat(
            "owner_user__first_name",
            Value(" "),
            "owner_user__last_name",
            output_field=CharField(),
        ),
    ),
    # str(): the labels are lazy (translated on the member page); the SQL gets the English.
    *(When(owner=value, then=Value(str(label))) for value, label in TaskOwner.choices),
    default=Value(""),
    output_field=CharField(),
)


def open_tasks(members, owner, today: datetime.date, due_soon_days: int) -> QuerySet:
    """Open tasks of active care plans of `owner`'s members among `members` (the reader's scope)."""
    return (
        CarePlanTask.objects.filter(
            status=TaskStatus.OPEN,
            plan__status=CarePlanStatus.ACTIVE,
            plan__member__in=members,
        )
        .filter(plan__member__care_manager=owner)
        .annotate(
            i_kind=Value(TASK, output_field=CharField()),
            i_id=F("id"),
            i_member=F("plan__member_id"),
            i_last=F("plan__member__last_name"),
            i_first=F("plan__member__first_name"),
            i_what=F("description"),
            i_due=F("due_on"),
            i_state=state_expression("due_on", today=today, due_soon_days=due_soon_days),
            i_owner=TASK_OWNER,
        )
    )


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="care-plan",
            title=gettext_noop("Care plan"),
            url_name="careplans:care_plan",
            order=30,
            heading_id="plan-h",
            loading=gettext_noop("Loading the care plan"),
        ),
        TimelineSource(
            key="care_plan_versions",
            sql=TIMELINE_SQL,
            describe=describe,
            order=30,
            category=DataCategory.CARE_PLAN_HISTORY,
        ),
        TaskSource(
            key="care_plan_tasks",
            items=open_tasks,
            kinds=lambda: [(TASK, gettext_noop("Care plan task"))],
            order=10,
        ),
        *SETTINGS,
        *CLOCKS,
    )
