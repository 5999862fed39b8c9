"""Reads of care plans: the member's active or latest plan with its parts, the problems an
assessment suggests, who changed a plan last, and who may own a task.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from reversion.models import Version

from accounts.roles import PLAN_ROLES, Role
from careplans.models import (
    AssessmentNeed,
    AssessmentStatus,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanStatus,
    CarePlanTask,
    CareTeamMember,
    EnrollmentStatus,
    ProgramEnrollment,
)
from members.models import Member


def enrolled_program(member: Member) -> str | None:
    """The program the member is enrolled in now (CICM or ECM), or None."""
    return (
        ProgramEnrollment.objects.filter(member=member, status=EnrollmentStatus.ENROLLED)
        .order_by("-enrolled_on", "-id")
        .values_list("program", flat=True)
        .first()
    )


def plan_with_parts(plans) -> CarePlan | None:
    """The first plan of `plans` with all its parts, in five queries whatever their number."""
    return (
        plans.select_related("created_by")
        .prefetch_related(
            Prefetch("problems", queryset=CarePlanProblem.objects.select_related("need")),
            Prefetch("goals", queryset=CarePlanGoal.objects.all()),
            Prefetch("tasks", queryset=CarePlanTask.objects.select_related("owner_user")),
            Prefetch("team", queryset=CareTeamMember.objects.all()),
        )
        .first()
    )


def part_of(parts, part_id: int):
    """The plan's problem, goal, task or team member with this id, from the prefetched parts
    (no query), or None when it belongs to no part of this plan."""
    return next((part for part in parts.all() if part.pk == part_id), None)


def latest_plan(member: Member) -> CarePlan | None:
    """The member's newest plan, active or not: its versions stay readable after it closes."""
    return CarePlan.objects.filter(member=member).order_by("-created_on", "-id").first()


def active_plan(member: Member) -> CarePlan | None:
    """The member's active care plan with its problems, goals, tasks and team."""
    return plan_with_parts(
        CarePlan.objects.filter(member=member, status=CarePlanStatus.ACTIVE).order_by(
            "-created_on", "-id"
        )
    )


def suggested_problems(member: Member) -> list[AssessmentNeed]:
    """Needs flagged by the member's completed assessments, the latest flag of each need."""
    flagged = (
        AssessmentNeed.objects.filter(
            assessment__member=member, assessment__status=AssessmentStatus.COMPLETED
        )
        .select_related("need", "assessment__question_set")
        .order_by("need__label", "need_id", "-assessment__completed_on", "-id")
    )
    latest: dict[int, AssessmentNeed] = {}
    for flag in flagged:
        latest.setdefault(flag.need_id, flag)
    return list(latest.values())


def last_change(plan_id: int) -> tuple[str, datetime.datetime | None]:
    """Who saved the plan last and when (its newest revision)."""
    version = (
        Version.objects.get_for_model(CarePlan)
        .filter(object_id=str(plan_id))
        .select_related("revision__user")
        .order_by("-revision_id")
        .first()
    )
    if version is None:
        return "someone", None
    user = version.revision.user
    who = str(user) if user else "someone"
    return who, version.revision.date_created


def task_owner_candidates() -> QuerySet:
    """Who may own a care-plan task as a portal user: active plan staff (the form and the API),
    as the access layer's capability table has it: a plan role (Capability.DO_CARE_WORK), and
    not CBO staff."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[str(r) for r in PLAN_ROLES])
        .exclude(groups__name=Role.CBO_STAFF)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def goals_by_problem(plan: CarePlan) -> list[tuple[CarePlanProblem | None, list[CarePlanGoal]]]:
    """The plan's goals under their problem, in the problems' order, then the goals tied to no
    problem (None); from the prefetched parts, no query. Problems without goals are left out."""
    goals = list(plan.goals.all())
    groups = []
    for problem in plan.problems.all():
        mine = [goal for goal in goals if goal.problem_id == problem.pk]
        if mine:
            groups.append((problem, mine))
    loose = [goal for goal in goals if goal.problem_id is None]
    if loose:
        groups.append((None, loose))
    return groups
